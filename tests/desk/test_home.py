"""The officer's home: the reports missing for the collection year, the OCOP ratings lapsing
soon and their own imports waiting, each linking to where the officer acts; a search box.
Viewers still land on the dashboard; the page's queries do not grow with the data."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from core.validation import today
from imports.models import KEEP_FOR, PendingImport, PendingState
from tests.conftest import make_user
from tests.factories import AnnualReportFactory, CollectiveFactory, OcopRatingFactory


@pytest.fixture
def year():
    return today().year - 1  # the collection year: last year's reports, due in January


def home(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response, response.content.decode()


def lapsing_rating(name: str, days_left: int):
    day = today()
    return OcopRatingFactory(product__name=name, decided_on=day - datetime.timedelta(days=700),
                             valid_until=day + datetime.timedelta(days=days_left))


def test_it_lists_the_reports_missing_for_last_year_with_a_link_to_enter_each(client, officer, units, year):
    missing = CollectiveFactory(name="Hợp tác xã Chưa nộp")
    filed = CollectiveFactory(name="Hợp tác xã Đã nộp")
    AnnualReportFactory(collective=filed, year=year)
    response, html = home(client, officer)
    desk = response.context["desk"]
    assert (desk.year, desk.reports.reports_expected, desk.reports.reports_missing) == (year, 2, 1)
    assert desk.missing == [missing]
    assert "Hợp tác xã Chưa nộp" in html
    assert "Hợp tác xã Đã nộp" not in html
    assert reverse("cooperatives:annual_report_create", args=[missing.pk]) in html
    assert f'{reverse("cooperatives:entry_sheet")}?year={year}&amp;missing_only=on' in html


def test_it_counts_only_the_officers_scope(client, units, year):
    CollectiveFactory(name="Hợp tác xã Hoành Mô", unit=units["06841"])
    CollectiveFactory(name="Hợp tác xã Đồng Tâm", unit=units["06844"])
    _, html = home(client, make_user("hm", Role.OFFICER, units["06841"]))
    assert "Hợp tác xã Hoành Mô" in html
    assert "Hợp tác xã Đồng Tâm" not in html


def test_it_lists_the_ratings_lapsing_within_180_days(client, officer, units):
    soon = lapsing_rating("Miến dong sắp hết hạn", 30)
    lapsing_rating("Mật ong còn lâu", 400)
    response, html = home(client, officer)
    assert response.context["desk"].lapsing_count == 1
    assert "Miến dong sắp hết hạn" in html
    assert "Mật ong còn lâu" not in html
    assert reverse("ocop:product_detail", args=[soon.product_id]) in html
    assert reverse("ocop:lapsing") in html


def test_it_lists_only_the_officers_own_imports_still_waiting(client, officer, units):
    other = make_user("other", Role.OFFICER, officer.scope)
    mine = PendingImport.objects.create(user=officer, kind="collectives", filename="htx-2025.xlsx")
    PendingImport.objects.create(user=other, kind="collectives", filename="cua-nguoi-khac.xlsx")
    PendingImport.objects.create(user=officer, kind="people", filename="da-nhap.xlsx", state=PendingState.IMPORTED)
    stale = PendingImport.objects.create(user=officer, kind="ocop", filename="qua-han.xlsx")
    PendingImport.objects.filter(pk=stale.pk).update(created_at=timezone.now() - KEEP_FOR - datetime.timedelta(minutes=1))
    response, html = home(client, officer)
    assert response.context["desk"].imports == [mine]
    assert reverse("imports:preview", args=[mine.token]) in html
    for name in ("cua-nguoi-khac.xlsx", "da-nhap.xlsx", "qua-han.xlsx"):
        assert name not in html


def test_the_search_box_searches_collectives_and_people_through_their_lists(client, officer, units):
    _, html = home(client, officer)
    assert f'action="{reverse("cooperatives:collective_list")}"' in html
    assert f'formaction="{reverse("cooperatives:person_list")}"' in html
    assert 'role="search"' in html
    assert 'name="q"' in html
    assert '<label for="desk-q">' in html


def test_a_viewer_still_lands_on_the_dashboard_and_an_admin_gets_the_desk(client, viewer, admin_user, units):
    client.force_login(viewer)
    assert client.get(reverse("home"))["Location"] == reverse("reports:dashboard")
    response, _ = home(client, admin_user)
    assert response.context["desk"] is not None


def test_an_anonymous_visitor_gets_the_introduction(client, db):
    response = client.get(reverse("home"))
    assert response.context["desk"] is None
    assert reverse("login") in response.content.decode()


def test_the_home_page_runs_the_same_queries_for_a_big_scope(client, officer, units, year,
                                                              django_assert_num_queries):
    def fill(n):
        for i in range(n):
            CollectiveFactory()
            lapsing_rating(f"Sản phẩm {n}-{i}", 20 + i)
            PendingImport.objects.create(user=officer, kind=f"kind{n}-{i}", filename=f"{n}-{i}.xlsx")

    client.force_login(officer)
    fill(1)
    # session, the user with their unit (accounts.backends); the scope (the units within it,
    # two for the successions: accounts.scope, once a request); then officer_desk: report counts, the first missing
    # reports (with their unit), the lapsing count, the first lapsing ratings (with product),
    # the waiting imports.
    with django_assert_num_queries(10):
        client.get(reverse("home"))
    fill(12)
    with django_assert_num_queries(10):
        response = client.get(reverse("home"))
    desk = response.context["desk"]
    assert (len(desk.missing), len(desk.lapsing), len(desk.imports)) == (5, 5, 5)
    assert desk.lapsing_count == 13
