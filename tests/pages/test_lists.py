"""Lists: filters, accent-insensitive search, sorting, pagination, Excel export, query counts."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from cooperatives.models import Suspension
from core.validation import today
from tests.factories import (
    AnnualReportFactory,
    CollectiveFactory,
    MembershipFactory,
    OcopProductFactory,
    OcopRatingFactory,
    PersonFactory,
    TradeEventFactory,
    TrainingCourseFactory,
    UnitStatisticFactory,
)

COLLECTIVES = reverse("cooperatives:collective_list")


def names(response, column=1):
    return [row["cells"][column]["text"] for row in response.context["rows"]]


def test_search_ignores_accents_and_case(officer_client):
    CollectiveFactory(name="Hợp tác xã Miến dong Bình Liêu")
    CollectiveFactory(name="Hợp tác xã Chè Vối")
    response = officer_client.get(COLLECTIVES, {"q": "MIEN DONG binh lieu"})
    assert names(response) == ["Hợp tác xã Miến dong Bình Liêu"]
    assert names(officer_client.get(COLLECTIVES, {"q": "hop tac xa"})) == [
        "Hợp tác xã Chè Vối", "Hợp tác xã Miến dong Bình Liêu"]


def test_filters_by_commune_kind_sector_status_and_classification_of_a_year(officer_client, units):
    a = CollectiveFactory(name="A", unit=units["06841"], sector="tourism")
    b = CollectiveFactory(name="B", unit=units["06856"], kind="tht")
    c = CollectiveFactory(name="C", unit=units["06856"], dissolved_on=datetime.date(2023, 5, 1),
                          dissolution_decision="1/QĐ", dissolution_kind="voluntary")
    d = CollectiveFactory(name="D", unit=units["06856"])
    Suspension.objects.create(collective=d, starts_on=datetime.date(2023, 1, 1))
    AnnualReportFactory(collective=a, year=2022, classification="good")
    AnnualReportFactory(collective=d, year=2022, classification="fair")
    assert names(officer_client.get(COLLECTIVES, {"unit": units["06841"].pk})) == ["A"]
    assert names(officer_client.get(COLLECTIVES, {"kind": "tht"})) == ["B"]
    assert names(officer_client.get(COLLECTIVES, {"sector": "tourism"})) == ["A"]
    assert names(officer_client.get(COLLECTIVES, {"status": "dissolved"})) == ["C"]
    assert names(officer_client.get(COLLECTIVES, {"status": "suspended"})) == ["D"]
    assert names(officer_client.get(COLLECTIVES, {"status": "active"})) == ["A", "B"]
    response = officer_client.get(COLLECTIVES, {"year": "2022", "classification": "good"})
    assert names(response) == ["A"]
    assert response.context["rows"][0]["cells"][7]["text"] == "Tốt"
    assert b.pk
    assert c.pk


def test_an_invalid_filter_says_so_rather_than_failing(officer_client):
    response = officer_client.get(COLLECTIVES, {"year": "năm ngoái"})
    assert response.status_code == 200
    assert "Năm xếp loại: hãy nhập một số nguyên" in response.content.decode()


def test_sorting_by_a_column_both_ways(officer_client):
    for name, capital in [("B", 300), ("A", 100), ("C", 200)]:
        CollectiveFactory(name=name, charter_capital=capital)
    assert names(officer_client.get(COLLECTIVES, {"sort": "capital"})) == ["A", "C", "B"]
    response = officer_client.get(COLLECTIVES, {"sort": "-capital"})
    assert names(response) == ["B", "C", "A"]
    header = next(h for h in response.context["headers"] if h["sorted"])
    assert header["sorted"] == "descending"
    assert "sort=capital" in header["href"]
    assert names(officer_client.get(COLLECTIVES, {"sort": "nonsense"})) == ["A", "B", "C"]


def test_pagination_keeps_the_filters(officer_client):
    for i in range(55):
        CollectiveFactory(name=f"HTX Số {i:02d}")
    CollectiveFactory(name="Khác")
    first = officer_client.get(COLLECTIVES, {"q": "htx so"})
    assert len(first.context["rows"]) == 50
    assert first.context["page"].paginator.count == 55
    assert "q=htx+so" in first.context["next_query"]
    assert "page=2" in first.context["next_query"]
    second = officer_client.get(COLLECTIVES, {"q": "htx so", "page": 2})
    assert names(second) == [f"HTX Số {i:02d}" for i in range(50, 55)]


def test_export_is_the_filtered_list_in_excel(officer_client, units):
    CollectiveFactory(name="Hợp tác xã Hoành Mô", unit=units["06841"], charter_capital=1_500_000)
    CollectiveFactory(name="Hợp tác xã Lục Hồn", unit=units["06856"])
    response = officer_client.get(COLLECTIVES, {"unit": units["06841"].pk, "export": "xlsx"})
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Mã số HTX", "Tên")
    assert [r[1] for r in rows[1:]] == ["Hợp tác xã Hoành Mô"]
    assert rows[1][-1] == 1_500_000  # a number in Excel, not text
    assert isinstance(rows[1][5], datetime.datetime)


def test_ocop_filters_stars_and_lapsing(officer_client):
    day = today()
    lapsing = OcopRatingFactory(product__name="Mật ong", stars=4,
                                decided_on=day - datetime.timedelta(days=365 * 3 - 60)).product
    fresh = OcopRatingFactory(product__name="Miến dong", stars=3, decided_on=day - datetime.timedelta(days=30)).product
    OcopProductFactory(name="Dầu sở")
    url = reverse("ocop:product_list")
    assert names(officer_client.get(url, {"stars": "4"}), 0) == [lapsing.name]
    assert names(officer_client.get(url, {"stars": "none"}), 0) == ["Dầu sở"]
    assert names(officer_client.get(url, {"lapsing": "on"}), 0) == [lapsing.name]
    assert names(officer_client.get(url, {"q": "mien"}), 0) == [fresh.name]


def test_people_trainings_events_and_statistics_filter(officer_client, units):
    PersonFactory(full_name="Lý Thị Mai", education="college", unit=units["06856"])
    PersonFactory(full_name="Hoàng Văn Nam", education="none")
    assert names(officer_client.get(reverse("cooperatives:person_list"), {"q": "ly thi"}), 0) == ["Lý Thị Mai"]
    assert names(officer_client.get(reverse("cooperatives:person_list"), {"education": "none"}), 0) == [
        "Hoàng Văn Nam"]
    TrainingCourseFactory(title="Kế toán HTX", held_on=datetime.date(2022, 5, 1))
    TrainingCourseFactory(title="Chuyển đổi số", held_on=datetime.date(2023, 5, 1))
    assert names(officer_client.get(reverse("cooperatives:training_list"), {"year": "2023"}), 0) == [
        "Chuyển đổi số"]
    TradeEventFactory(name="Hội chợ OCOP Hạ Long", unit=units["198"], kind="ocop_fair")
    TradeEventFactory(name="Hội nghị kết nối", unit=units["198"], kind="conference")
    assert names(officer_client.get(reverse("cooperatives:event_list"), {"kind": "conference"}), 0) == [
        "Hội nghị kết nối"]
    UnitStatisticFactory(year=2022)
    UnitStatisticFactory(year=2023)
    assert names(officer_client.get(reverse("statistics:statistic_list"), {"year": "2023"}), 1) == ["2023"]


# --- A fixed number of queries, whatever the number of rows. ---


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def make_collective(i, units):
    collective = CollectiveFactory(unit=units["06841" if i % 2 else "06856"])
    AnnualReportFactory(collective=collective, year=today().year - 1)
    if i % 3 == 0:
        Suspension.objects.create(collective=collective, starts_on=datetime.date(2023, 1, 1))
    return collective


def make_person(i, units):
    MembershipFactory(person__unit=units["06841"])


def make_course(i, units):
    course = TrainingCourseFactory()
    course.attendees.add(PersonFactory(), PersonFactory())


def make_event(i, units):
    event = TradeEventFactory(unit=units["06841"])
    event.participants.add(CollectiveFactory())


def make_product(i, units):
    OcopRatingFactory(decided_on=today() - datetime.timedelta(days=365 * 3 - 30))


def make_statistic(i, units):
    UnitStatisticFactory(year=2000 + i)


# Every list page: 1 the session, 2 the user with their scope unit (accounts.backends), 3 the
# units under it, 4–5 the successions followed forward and back (accounts.scope, once per
# request), 6 the COUNT of the filtered rows, 7 one page of rows with what its columns read
# joined or annotated. None is per row.
SCOPE_QUERIES = 5


# The unit filter is a search box (cooperatives.pickers): the page reads the chosen unit
# only, so with no unit chosen it reads no unit list at all.
@pytest.mark.parametrize(("url_name", "make", "queries"), [
    ("cooperatives:collective_list", make_collective, SCOPE_QUERIES + 2),  # + count, page
    ("cooperatives:person_list", make_person, SCOPE_QUERIES + 2),          # + count, page
    ("cooperatives:training_list", make_course, SCOPE_QUERIES + 2),        # + count, page
    ("cooperatives:event_list", make_event, SCOPE_QUERIES + 2),            # + count, page
    ("ocop:product_list", make_product, SCOPE_QUERIES + 2),                # + count, page
    ("ocop:lapsing", make_product, SCOPE_QUERIES + 2),                     # + count, page
    ("statistics:statistic_list", make_statistic, SCOPE_QUERIES + 2),      # + count, page
])
def test_lists_run_a_fixed_number_of_queries_for_1_and_30_rows(
        officer_client, officer, units, url_name, make, queries, django_assert_num_queries):
    url = reverse(url_name)
    make(0, units)
    with django_assert_num_queries(queries):
        officer_client.get(url)
    for i in range(1, 30):
        make(i, units)
    with django_assert_num_queries(queries):
        response = officer_client.get(url)
    assert len(response.context["rows"]) == 30
