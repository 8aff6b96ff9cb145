"""Published results (reports.publication): frozen at publication, shown by default with the
live figures beside them, compared record by record, superseded but kept; the approved-only
basis; the same over the API."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Role
from accounts.services import scoped_update
from cooperatives import approval
from reports.engine import plan_results
from reports.models import Publication
from reports.publication import changes_since, current_publication, frozen_rows, plan_view, publish
from tests.api.conftest import token_client
from tests.conftest import make_user
from tests.factories import AnnualReportFactory, CollectiveFactory


@pytest.fixture
def reviewers(district, units):
    return {"district": make_user("reviewer_bl", Role.OFFICER, district),
            "province": make_user("reviewer_qn", Role.OFFICER, units["22"])}


def approve_2023(officer, reviewers, hoanh_mo, dong_tam, district):
    """The communes with figures, then the district: submitted by `officer`, approved by the level above."""
    for unit in (hoanh_mo, dong_tam):
        row = approval.unit_year(unit, 2023)
        sent = approval.submit(unit, 2023, actor=officer, expected_version=row.approval.version)
        approval.approve(unit, 2023, actor=reviewers["district"], expected_version=sent.version)
    row = approval.unit_year(district, 2023)
    sent = approval.submit(district, 2023, actor=officer, expected_version=row.approval.version)
    approval.approve(district, 2023, actor=reviewers["province"], expected_version=sent.version)


def reopen_hoanh_mo(district, hoanh_mo, reviewers):
    district_year = approval.unit_year(district, 2023).approval
    approval.unapprove(district, 2023, actor=reviewers["province"], expected_version=district_year.version,
                       comment="Báo cáo nộp muộn")
    commune_year = approval.unit_year(hoanh_mo, 2023).approval
    approval.unapprove(hoanh_mo, 2023, actor=reviewers["district"], expected_version=commune_year.version,
                       comment="Báo cáo nộp muộn")


@pytest.fixture
def published(plan, registry, officer, reviewers, hoanh_mo, dong_tam, district):
    approve_2023(officer, reviewers, hoanh_mo, dong_tam, district)
    return publish(plan, unit=district, year=2023, actor=officer, note="Kết quả chính thức")


def snapshot(rows):
    return [(r.indicator, r.value, r.numerator, r.denominator, r.status, r.baseline) for r in rows]


def test_only_an_approved_year_is_published_and_only_by_a_writer(plan, registry, district, officer, viewer):
    with pytest.raises(ValidationError):
        publish(plan, unit=district, year=2023, actor=officer)
    with pytest.raises(PermissionDenied):
        publish(plan, unit=district, year=2023, actor=viewer)
    assert not Publication.objects.exists()


def test_a_publication_freezes_every_row_and_the_records_behind_it(published, plan, district, registry):
    live = plan_results(plan, unit=district, year=2023)
    assert snapshot(frozen_rows(published)) == snapshot(live)
    stored = {r.indicator: r.records for r in published.results.all()}
    growth = stored["members_workers_growth"]
    assert growth["numerator"]["model"] == "cooperatives.annualreport"
    assert len(growth["numerator"]["ids"]) == 3 and len(growth["denominator"]["ids"]) == 2
    assert published.published_by.username == "officer1" and published.supersedes is None


def test_a_late_edit_leaves_the_publication_as_it_was_and_is_named(published, plan, district, hoanh_mo, officer,
                                                                   reviewers, registry):
    before = snapshot(frozen_rows(published))
    reopen_hoanh_mo(district, hoanh_mo, reviewers)
    report = registry["a"].annual_reports.get(year=2023)
    scoped_update(report, actor=officer, changes={"members": 40}, expected_version=report.version)
    late = AnnualReportFactory(collective=CollectiveFactory(unit=hoanh_mo, name="HTX Nộp Muộn"), year=2023)

    published.refresh_from_db()
    assert snapshot(frozen_rows(published)) == before
    changes = {c.published.indicator: c for c in changes_since(published)}
    growth = changes["members_workers_growth"]
    assert growth.changed and growth.difference == growth.live.value - growth.published.value
    named = {(r.kind, r.label) for r in growth.records}
    assert ("edited", "HTX An Bình – 2023") in named and ("added", str(late)) in named
    assert not changes["trade_events"].changed and changes["trade_events"].records == []


def test_a_second_publication_supersedes_the_first_and_both_are_kept(published, plan, district, hoanh_mo, dong_tam,
                                                                     officer, reviewers, registry):
    reopen_hoanh_mo(district, hoanh_mo, reviewers)
    report = registry["a"].annual_reports.get(year=2023)
    scoped_update(report, actor=officer, changes={"members": 40}, expected_version=report.version)
    for unit in (hoanh_mo, district):
        year = approval.unit_year(unit, 2023).approval
        sent = approval.submit(unit, 2023, actor=officer, expected_version=year.version)
        approval.approve(unit, 2023, actor=reviewers["district" if unit == hoanh_mo else "province"],
                         expected_version=sent.version)
    second = publish(plan, unit=district, year=2023, actor=officer)

    published.refresh_from_db()
    assert published.superseded_at is not None and second.supersedes == published
    assert current_publication(plan, district, 2023) == second
    assert Publication.objects.filter(plan=plan).count() == 2
    growth = {r.indicator: r for r in frozen_rows(published)}["members_workers_growth"]
    assert growth.numerator == 52  # the first version, as published
    assert {r.indicator: r for r in frozen_rows(second)}["members_workers_growth"].numerator == 80


def test_the_dashboard_shows_the_published_version_with_the_live_one_beside_it(client, published, plan, district,
                                                                               hoanh_mo, officer, reviewers,
                                                                               registry):
    reopen_hoanh_mo(district, hoanh_mo, reviewers)
    report = registry["a"].annual_reports.get(year=2023)
    scoped_update(report, actor=officer, changes={"members": 40}, expected_version=report.version)
    client.force_login(officer)
    page = client.get(reverse("reports:dashboard"), {"plan": plan.code, "year": 2023})
    html = page.content.decode()
    assert page.context["view"].basis == "published" and "Số liệu đã công bố" in html
    card = html.split('id="ind-members_workers_growth"')[1].split("</article>")[0]
    assert "+30,0%" in card and "Trực tiếp: 100,0% (chênh +70,0 điểm %)" in card  # published, live beside it
    assert "Trực tiếp:" not in html.split('id="ind-trade_events"')[1].split("</article>")[0]
    assert reverse("reports:publication_changes", args=[published.pk]) in html

    live = client.get(reverse("reports:dashboard"), {"plan": plan.code, "year": 2023, "live": 1})
    assert live.context["view"].basis == "live" and "Số liệu trực tiếp (đang cập nhật)" in live.content.decode()
    approved_only = client.get(reverse("reports:dashboard"), {"plan": plan.code, "year": 2023, "approved": 1})
    rows = {r["code"]: r["row"] for r in approved_only.context["targeted"]}
    assert approved_only.context["view"].basis == "approved"
    assert rows["members_workers_growth"].numerator == 31  # Đồng Tâm's approved report only (22 + 9)

    printed = client.get(reverse("reports:print"), {"plan": plan.code, "year": 2023}).content.decode()
    assert "Số liệu đã công bố" in printed
    exported = client.get(reverse("reports:export"), {"plan": plan.code, "year": 2023, "live": 1})
    sheet = load_workbook(io.BytesIO(exported.content)).active
    basis_column = [c.value for c in sheet[1]].index("Loại số liệu") + 1
    assert sheet.cell(2, basis_column).value.startswith("Số liệu trực tiếp")

    changes = client.get(reverse("reports:publication_changes", args=[published.pk])).content.decode()
    row = changes.split('id="change-members_workers_growth"')[1].split("</tr>")[0]
    assert "HTX An Bình – 2023" in row and "đã sửa" in row


def test_the_api_serves_the_published_version_by_default(published, plan, district, hoanh_mo, officer, reviewers,
                                                        registry):
    api = token_client(officer)
    results = f"/api/v1/plans/{plan.code}/results/"
    body = api.get(results, {"year": 2023}).json()
    assert body["basis"] == "published" and body["publication"]["id"] == published.pk
    assert all(r["live_value"] == r["value"] and r["difference"] in (0, None) for r in body["results"])
    reopen_hoanh_mo(district, hoanh_mo, reviewers)
    report = registry["a"].annual_reports.get(year=2023)
    scoped_update(report, actor=officer, changes={"members": 40}, expected_version=report.version)
    body = api.get(results, {"year": 2023}).json()
    growth = {r["indicator"]: r for r in body["results"]}["members_workers_growth"]
    assert growth["value"] == pytest.approx(0.3) and growth["live_value"] == 1  # (46 + 31 + 3) / 40 − 1
    assert api.get(results, {"year": 2023, "live": "1"}).json()["basis"] == "live"
    assert api.get(results, {"year": 2023, "approved": "true"}).json()["basis"] == "approved"

    changes = api.get(f"/api/v1/publications/{published.pk}/changes/").json()
    growth = next(c for c in changes if c["indicator"] == "members_workers_growth")
    assert {"change": "edited", "model": "cooperatives.annualreport", "id": report.pk,
            "label": "HTX An Bình – 2023"} in growth["records"]
    detail = api.get(f"/api/v1/publications/{published.pk}/").json()
    assert len(detail["results"]) == len(plan_results(plan, unit=district, year=2023))
    assert "records" in detail["results"][0] and "live_value" not in detail["results"][0]


def test_publishing_over_the_api(plan, registry, officer, reviewers, hoanh_mo, dong_tam, district, viewer):
    api = token_client(officer)
    body = {"plan": plan.code, "unit": district.code, "year": 2023}
    refused = api.post("/api/v1/publications/", body, format="json")
    assert refused.status_code == 400 and "year" in refused.json()
    approve_2023(officer, reviewers, hoanh_mo, dong_tam, district)
    assert token_client(viewer).post("/api/v1/publications/", body, format="json").status_code == 403
    created = api.post("/api/v1/publications/", body, format="json")
    assert created.status_code == 201 and created.json()["plan"] == plan.code
    again = api.post("/api/v1/publications/", body, format="json").json()
    listed = api.get("/api/v1/publications/", {"plan": plan.code}).json()["results"]
    assert [p["id"] for p in listed] == [again["id"], created.json()["id"]]
    assert again["supersedes"] == created.json()["id"]
    assert [p["id"] for p in api.get("/api/v1/publications/", {"current": "true"}).json()["results"]] == [again["id"]]
    assert plan_view(plan, unit=district, year=2023).publication.pk == again["id"]
