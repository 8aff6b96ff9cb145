"""The life cycle of a collective in days (domain.md, decisions 13–14): each boundary day,
and every door that reads "active" agreeing with the one rule."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cooperatives.models import (
    AnnualReport,
    Collective,
    Suspension,
    dissolved_q,
    whole_year_q,
)
from core.validation import today
from reports.engine import compute_indicator
from reports.selectors import htx_left_unrated
from tests.api.conftest import token_client
from tests.factories import AnnualReportFactory, CollectiveFactory

D = dt.date
DISSOLVED = D(2023, 6, 15)
DAY = dt.timedelta(days=1)


@pytest.fixture
def dissolved(units):
    return CollectiveFactory(unit=units["06841"], established_on=D(2018, 3, 1), dissolved_on=DISSOLVED)


def test_a_collective_dissolved_on_d_exists_up_to_d_minus_1(dissolved):
    for day, exists in ((DISSOLVED - DAY, True), (DISSOLVED, False), (DISSOLVED + DAY, False)):
        assert Collective.objects.exists_on(day).filter(pk=dissolved.pk).exists() is exists, day
        assert Collective.objects.active_on(day).filter(pk=dissolved.pk).exists() is exists, day
        # The Python form used by clean() says the same as the Q.
        in_db = Collective.objects.filter(dissolved_q(day), pk=dissolved.pk).exists()
        assert dissolved.is_dissolved_by(day) is in_db is (not exists), day
        status = Collective.objects.with_status(day).get(pk=dissolved.pk).status_on
        assert status == ("active" if exists else "dissolved"), day


def test_no_suspension_starts_on_the_dissolution_day(dissolved):
    # Memberships and roles: tests/cooperatives/test_people.py.
    Suspension(collective=dissolved, starts_on=DISSOLVED - DAY).full_clean()
    with pytest.raises(ValidationError) as refused:
        Suspension(collective=dissolved, starts_on=DISSOLVED).full_clean()
    assert refused.value.message_dict["starts_on"] == ["Tổ chức đã giải thể ngày 15/06/2023."]


def test_a_report_only_for_a_year_with_a_day_of_existence(units):
    on_new_year = CollectiveFactory(unit=units["06841"], established_on=D(2018, 3, 1), dissolved_on=D(2023, 1, 1))
    day_after = CollectiveFactory(unit=units["06841"], established_on=D(2018, 3, 1), dissolved_on=D(2023, 1, 2))
    AnnualReport(collective=day_after, year=2023).full_clean()  # it existed on 1/1/2023
    with pytest.raises(ValidationError) as refused:
        AnnualReport(collective=on_new_year, year=2023).full_clean()
    assert refused.value.message_dict["year"] == ["Tổ chức đã giải thể ngày 01/01/2023."]
    AnnualReport(collective=on_new_year, year=2022).full_clean()
    assert set(Collective.objects.existed_during(2023)) == {day_after}


def test_dissolved_on_31_december_did_not_operate_the_whole_year(units):
    last_day = CollectiveFactory(unit=units["06841"], established_on=D(2018, 3, 1), dissolved_on=D(2022, 12, 31))
    next_year = CollectiveFactory(unit=units["06841"], established_on=D(2018, 3, 1), dissolved_on=D(2023, 1, 1))
    founded_2_january = CollectiveFactory(unit=units["06841"], established_on=D(2022, 1, 2))
    for collective, whole in ((last_day, False), (next_year, True), (founded_2_january, False)):
        assert collective.operated_whole_year(2022) is whole
        assert Collective.objects.filter(whole_year_q(2022), pk=collective.pk).exists() is whole
    AnnualReport(collective=next_year, year=2022, classification="good").full_clean()
    with pytest.raises(ValidationError) as refused:
        AnnualReport(collective=last_day, year=2022, classification="good").full_clean()
    assert refused.value.message_dict["classification"] == [
        "HTX hoạt động chưa đủ 12 tháng trong năm thì chưa xếp loại."]
    # The data-quality check asks a class only of those that operated the whole year.
    for collective in (last_day, next_year, founded_2_january):
        AnnualReportFactory(collective=collective, year=2022, classification="unrated")
    assert [r.collective for r in htx_left_unrated(None, 2022)] == [next_year]


@pytest.fixture
def suspended_at_year_end(units):
    """Three HTX of Hoành Mô: one suspended over 31/12/2022, one that resumed on 31/12/2022,
    and one never suspended."""
    over = CollectiveFactory(name="HTX Tạm ngừng", unit=units["06841"], established_on=D(2018, 1, 1))
    Suspension.objects.create(collective=over, starts_on=D(2022, 10, 1), ends_on=D(2023, 2, 1))
    resumed = CollectiveFactory(name="HTX Trở lại", unit=units["06841"], established_on=D(2018, 1, 1))
    Suspension.objects.create(collective=resumed, starts_on=D(2022, 10, 1), ends_on=D(2022, 12, 31))
    plain = CollectiveFactory(name="HTX Thường", unit=units["06841"], established_on=D(2018, 1, 1))
    return over, resumed, plain


def test_a_suspended_htx_is_not_active(units, suspended_at_year_end):
    over, resumed, plain = suspended_at_year_end
    end = D(2022, 12, 31)
    assert set(Collective.objects.active_on(end)) == {resumed, plain}
    assert set(Collective.objects.exists_on(end)) == {over, resumed, plain}
    result = compute_indicator("htx_active", unit=units["198"], year=2022)
    assert result.value == 2 and set(result.records["numerator"]) == {resumed, plain}


def test_the_register_and_the_api_read_active_with_the_same_rule(client, officer, units):
    client.force_login(officer)
    day = today()
    suspended = CollectiveFactory(name="HTX Tạm ngừng", unit=units["06841"], established_on=D(2018, 1, 1))
    Suspension.objects.create(collective=suspended, starts_on=day - DAY)
    resumes_today = CollectiveFactory(name="HTX Trở lại", unit=units["06841"], established_on=D(2018, 1, 1))
    Suspension.objects.create(collective=resumes_today, starts_on=day - 3 * DAY, ends_on=day)
    gone = CollectiveFactory(name="HTX Giải thể", unit=units["06841"], established_on=D(2018, 1, 1),
                             dissolved_on=day)
    expected = {"active": {resumes_today.name}, "suspended": {suspended.name}, "dissolved": {gone.name}}

    def page(status):
        rows = client.get(reverse("cooperatives:collective_list"), {"status": status}).context["rows"]
        return {row["cells"][1]["text"] for row in rows}

    api = token_client(officer)

    def listed(query):
        return {c["name"] for c in api.get(f"/api/v1/collectives/?{query}").json()["results"]}

    for status, names in expected.items():
        assert page(status) == names, status
        assert listed(f"status={status}") == names, status
    assert listed(f"active_on={day:%Y-%m-%d}") == expected["active"]
    assert {c.name for c in Collective.objects.active_on(day)} == expected["active"]
    statuses = {c["name"]: c["status"] for c in api.get("/api/v1/collectives/").json()["results"]}
    assert statuses == {resumes_today.name: "active", suspended.name: "suspended", gone.name: "dissolved"}
    detail = client.get(reverse("cooperatives:collective_detail", args=[suspended.pk]))
    assert detail.context["status"] == "suspended"
