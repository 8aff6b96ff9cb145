"""The approval pages: the completeness of a scope, one unit's year, and the transitions."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cooperatives.models import ApprovalEvent, YearApproval
from tests.factories import AnnualReportFactory, CollectiveFactory

OVERVIEW = reverse("cooperatives:approval_overview")


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def unit_page(unit, year=2022):
    return reverse("cooperatives:approval_unit", args=[unit.pk, year])


def act(client, unit, action, version, comment="", year=2022):
    return client.post(reverse("cooperatives:approval_transition", args=[unit.pk, year, action]),
                       {f"{action}-version": version, f"{action}-comment": comment}, follow=True)


def test_the_commune_page_says_what_is_missing_and_offers_what_the_user_may_do(report, hoanh_mo, commune_officer):
    CollectiveFactory(unit=hoanh_mo, name="HTX Chưa Nộp")
    page = logged_in(commune_officer).get(unit_page(hoanh_mo))
    html = page.content.decode()
    assert "HTX Chưa Nộp" in html and 'id="missing"' in html
    assert [a["code"] for a in page.context["actions"]] == ["submit"]
    refused = act(logged_in(commune_officer), hoanh_mo, "submit", 0)
    assert "Còn 1 tổ chức chưa có báo cáo năm 2022: HTX Chưa Nộp." in refused.content.decode()
    assert not YearApproval.objects.exists()


def test_submit_return_resubmit_approve_through_the_pages(report, hoanh_mo, commune_officer, officer):
    commune, district = logged_in(commune_officer), logged_in(officer)
    assert "Đã gửi duyệt số liệu năm 2022" in act(commune, hoanh_mo, "submit", 0, "Đủ báo cáo").content.decode()
    no_reason = act(district, hoanh_mo, "return", 1)
    assert "Hãy ghi lý do trả lại." in no_reason.content.decode()
    returned = act(district, hoanh_mo, "return", 1, "Thiếu điểm xếp loại")
    assert "Đã trả lại" in returned.content.decode()
    stale = act(commune, hoanh_mo, "submit", 1)  # the page was read before the return
    assert "vừa được người khác thay đổi" in stale.content.decode()
    act(commune, hoanh_mo, "submit", 2, "Đã bổ sung")
    approved = act(district, hoanh_mo, "approve", 3)
    html = approved.content.decode()
    assert "số liệu đã được khoá" in html and 'id="lock"' in html
    history = approved.context["events"]
    assert [(e.action, e.comment) for e in history] == [
        ("submit", "Đủ báo cáo"), ("return", "Thiếu điểm xếp loại"), ("submit", "Đã bổ sung"), ("approve", "")]
    assert "Thiếu điểm xếp loại" in html  # the history with its comments, on the unit's page
    # The district officer, as reviewer, may now only unapprove.
    assert [a["code"] for a in approved.context["actions"]] == ["unapprove"]


def test_a_viewer_reads_the_pages_but_cannot_act(report, hoanh_mo, viewer):
    client = logged_in(viewer)
    assert client.get(OVERVIEW, {"year": 2022}).status_code == 200
    page = client.get(unit_page(hoanh_mo))
    assert page.status_code == 200 and page.context["actions"] == []
    assert act(client, hoanh_mo, "submit", 0).status_code == 403
    assert not ApprovalEvent.objects.exists()


def test_a_unit_outside_the_scope_is_not_found(hoanh_mo, units, commune_officer):
    assert logged_in(commune_officer).get(unit_page(units["06844"])).status_code == 404


def test_the_overview_puts_overdue_units_first_in_a_fixed_number_of_queries(report, hoanh_mo, units, officer):
    client = logged_in(officer)
    response = client.get(OVERVIEW, {"year": 2022})
    rows = response.context["rows"]
    assert response.context["scope"].code == "198"
    assert [r.unit.code for r in rows[:2]] == ["198", "06841"] and rows[0].overdue and not rows[2].overdue
    with CaptureQueriesContext(connection) as few:
        client.get(OVERVIEW, {"year": 2022})
    for code in ("06844", "06856", "06859"):
        for _ in range(5):
            AnnualReportFactory(collective=CollectiveFactory(unit=units[code]), year=2022)
    with CaptureQueriesContext(connection) as many:
        client.get(OVERVIEW, {"year": 2022})
    assert len(many) == len(few)
