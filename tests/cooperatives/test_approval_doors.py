"""Every door refuses an edit of an approved year, naming who approved and when: the pages,
the yearly sheet, the API (POST, PATCH, PUT, DELETE), the import confirm and the admin; and
once the year is unapproved each door edits it again."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import Role, User
from cooperatives import approval
from cooperatives.models import AnnualReport
from tests.api.conftest import token_client
from tests.factories import AnnualReportFactory, CollectiveFactory, UnitStatisticFactory
from tests.imports.helpers import REPORT_HEADERS, xlsx_bytes
from tests.pages.test_sheet import HTMX, row_data, row_url
from units.models import UnitStatistic

LOCK = "đã được officer1 duyệt"  # the message names the approver (no full name: the username)


@pytest.fixture
def locked(report, hoanh_mo, commune_officer, officer):
    """Hoành Mô's 2022 approved by the district officer."""
    submitted = approval.submit(hoanh_mo, 2022, actor=commune_officer, expected_version=0)
    return approval.approve(hoanh_mo, 2022, actor=officer, expected_version=submitted.version)


def unapprove(locked, hoanh_mo, officer):
    approval.unapprove(hoanh_mo, 2022, actor=officer, expected_version=locked.version, comment="Sửa số liệu")


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_data(report, **changes):
    data = {"year": report.year, "members": report.members, "regular_workers": report.regular_workers,
            "revenue": report.revenue, "profit": report.profit, "average_monthly_income": "",
            "charter_capital_contributed": "", "classification": "unrated", "classification_score": "",
            "source": "", "version": report.version}
    data.update(changes)
    return data


def test_the_report_page_refuses_and_then_edits_again(locked, report, hoanh_mo, officer, commune_officer):
    client = logged_in(commune_officer)
    url = reverse("cooperatives:annual_report_edit", args=[report.pk])
    response = client.post(url, form_data(report, members=99))
    assert response.status_code == 200 and LOCK in response.content.decode()
    report.refresh_from_db()
    assert report.members == 10
    # A new report for the locked year is refused the same way.
    late = CollectiveFactory(unit=hoanh_mo, established_on=report.collective.established_on)
    created = client.post(reverse("cooperatives:annual_report_create", args=[late.pk]), form_data(report, version=""))
    assert LOCK in created.content.decode() and not AnnualReport.objects.filter(collective=late).exists()

    unapprove(locked, hoanh_mo, officer)
    assert client.post(url, form_data(report, members=99)).status_code == 302
    report.refresh_from_db()
    assert report.members == 99


def test_the_yearly_sheet_refuses_a_line_of_the_locked_year(locked, report, commune_officer):
    client = logged_in(commune_officer)
    collective = report.collective
    response = client.post(row_url(collective, 2022), row_data(collective, version=report.version, members="40"),
                           **HTMX)
    assert LOCK in response.content.decode()
    report.refresh_from_db()
    assert report.members == 10


def test_the_statistics_page_refuses_a_locked_district_year(locked, district, officer, province_officer):
    statistic = UnitStatisticFactory(unit=district, year=2022)
    sent = approval.submit(district, 2022, actor=officer, expected_version=0)
    approval.approve(district, 2022, actor=province_officer, expected_version=sent.version)
    response = logged_in(officer).post(reverse("statistics:statistic_edit", args=[statistic.pk]), {
        "unit": district.pk, "year": 2022, "domestic_budget_revenue": "5", "collective_sector_product": "1",
        "source": "", "version": statistic.version})
    assert "đã được officer_qn duyệt" in response.content.decode()
    assert UnitStatistic.objects.get(pk=statistic.pk).domestic_budget_revenue == statistic.domestic_budget_revenue


def test_the_api_answers_409_to_every_write_and_then_writes_again(locked, report, hoanh_mo, officer):
    api = token_client(officer)
    url = f"/api/v1/annual-reports/{report.pk}/"
    body = {"collective": report.collective_id, "year": 2022, "members": 50, "version": report.version}
    for method in ("patch", "put", "delete"):
        response = getattr(api, method)(url, body if method != "delete" else None, format="json")
        assert response.status_code == 409, method
        assert response.json()["locked"] is True and LOCK in response.json()["detail"], method
    late = CollectiveFactory(unit=hoanh_mo, established_on=report.collective.established_on)
    created = api.post("/api/v1/annual-reports/", {"collective": late.pk, "year": 2022}, format="json")
    assert created.status_code == 409
    report.refresh_from_db()
    assert report.members == 10

    unapprove(locked, hoanh_mo, officer)
    assert api.patch(url, {"members": 50, "version": report.version}, format="json").status_code == 200


def test_the_import_confirm_refuses_a_file_previewed_before_the_approval(report, hoanh_mo, officer,
                                                                        commune_officer):
    client = logged_in(commune_officer)
    code = report.collective.registration_code
    content = xlsx_bytes(REPORT_HEADERS, [[code, report.collective.name, 2022, 12, 5, 1_000_000_000, 100_000_000,
                                           "", "", "Không"]])
    upload = client.post(reverse("imports:upload", args=["annual_reports"]),
                         {"file": SimpleUploadedFile("bao-cao.xlsx", content)})
    preview_url = upload["Location"]
    assert "confirm-import" in client.get(preview_url).content.decode()
    # The year is approved between the preview and the confirm.
    submitted = approval.submit(hoanh_mo, 2022, actor=commune_officer, expected_version=0)
    approval.approve(hoanh_mo, 2022, actor=officer, expected_version=submitted.version)

    response = client.post(preview_url)
    assert response.status_code == 422 and LOCK in response.content.decode()
    report.refresh_from_db()
    assert report.members == 10
    # A new preview says it row by row.
    again = client.post(reverse("imports:upload", args=["annual_reports"]),
                        {"file": SimpleUploadedFile("bao-cao.xlsx", content)})
    assert LOCK in client.get(again["Location"]).content.decode()


@pytest.fixture
def admin_site_client(db):
    root = User.objects.create_superuser("root", "root@example.org", "pw-root-2023!", role=Role.ADMIN)
    return logged_in(root)


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def admin_report_data(report, **changes):
    data = {"collective": report.collective_id, "year": report.year, "members": report.members,
            "regular_workers": report.regular_workers, "revenue": report.revenue, "profit": report.profit,
            "average_monthly_income": report.average_monthly_income or "",
            "charter_capital_contributed": report.charter_capital_contributed or "", "classification": "unrated",
            "classification_score": "", "source": ""}
    data.update(changes)
    return data


def test_the_admin_shows_the_locked_report_read_only_and_refuses_every_change(locked, report, hoanh_mo, officer,
                                                                             admin_site_client):
    change = admin_url(AnnualReport, "change", report.pk)
    page = admin_site_client.get(change)
    assert page.status_code == 200 and LOCK in page.content.decode()
    assert admin_site_client.post(change, admin_report_data(report, members=77)).status_code == 403
    assert admin_site_client.post(admin_url(AnnualReport, "delete", report.pk), {"post": "yes"}).status_code == 403
    # Adding a report to the locked year, or moving one into it, is refused on the form.
    later = AnnualReportFactory(collective=report.collective, year=2023)
    moved = admin_site_client.post(admin_url(AnnualReport, "change", later.pk),
                                   admin_report_data(later, year=2022, collective=report.collective_id))
    assert moved.status_code == 200 and LOCK in moved.content.decode()
    late = CollectiveFactory(unit=hoanh_mo, established_on=report.collective.established_on)
    added = admin_site_client.post(admin_url(AnnualReport, "add"), admin_report_data(report, collective=late.pk))
    assert added.status_code == 200 and LOCK in added.content.decode()
    report.refresh_from_db()
    assert report.members == 10 and AnnualReport.objects.filter(year=2022).count() == 1

    unapprove(locked, hoanh_mo, officer)
    assert admin_site_client.post(change, admin_report_data(report, members=77)).status_code == 302
    report.refresh_from_db()
    assert report.members == 77


def test_the_admin_inline_refuses_changing_or_deleting_a_locked_report(locked, report, admin_site_client):
    collective = report.collective
    base = {"kind": collective.kind, "registration_code": collective.registration_code, "name": collective.name,
            "unit": collective.unit_id, "sector": collective.sector, "main_products": "", "address": "",
            "legal_representative": "", "phone": "", "established_on": collective.established_on.isoformat(),
            "charter_capital": collective.charter_capital, "dissolved_on": "", "dissolution_decision": "",
            "dissolution_kind": ""}
    for prefix in ("management_roles", "memberships", "suspensions"):
        base.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0, f"{prefix}-MIN_NUM_FORMS": 0,
                     f"{prefix}-MAX_NUM_FORMS": 1000})
    inline = {"annual_reports-TOTAL_FORMS": 1, "annual_reports-INITIAL_FORMS": 1, "annual_reports-MIN_NUM_FORMS": 0,
              "annual_reports-MAX_NUM_FORMS": 1000, "annual_reports-0-id": report.pk,
              "annual_reports-0-collective": collective.pk,
              **{f"annual_reports-0-{k}": v for k, v in admin_report_data(report).items() if k != "collective"}}
    url = admin_url(type(collective), "change", collective.pk)
    changed = admin_site_client.post(url, {**base, **inline, "annual_reports-0-members": 66})
    assert changed.status_code == 200 and LOCK in changed.content.decode()
    deleted = admin_site_client.post(url, {**base, **inline, "annual_reports-0-DELETE": "on"})
    assert deleted.status_code == 200 and LOCK in deleted.content.decode()
    report.refresh_from_db()
    assert report.members == 10
    # Leaving the locked row as it is still saves the collective.
    assert admin_site_client.post(url, {**base, **inline, "name": "HTX Giảo cổ lam Hoành Mô (mới)"}).status_code == 302
