"""The official record on the demo: 2022 approved up to the province and published (the plan's
baseline is official), 2023 partly on its way; and the whole chain of 2023 run on it, with a
return and a resubmission, leaving the plan's numbers as they were."""

from collections import Counter

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.services import scoped_update
from cooperatives import approval
from cooperatives.models import AnnualReport, ApprovalEvent, YearApproval
from core.locks import RecordLocked
from reports.engine import plan_results
from reports.models import Plan, Publication
from units.models import AdministrativeUnit

COMMUNES_2022 = ["06838", "06841", "06844", "06847", "06853", "06856", "06859"]


def users() -> dict[str, User]:
    return {u.username: u for u in User.objects.all()}


def unit(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.select_related("parent").get(code=code)


def states(year: int) -> dict[str, str]:
    return dict(YearApproval.objects.filter(year=year).values_list("unit__code", "state"))


def test_2022_is_approved_up_to_the_province_and_published(demo_db):
    assert states(2022) == {**dict.fromkeys(COMMUNES_2022, "approved"), "198": "approved"}
    district = YearApproval.objects.get(unit__code="198", year=2022)
    assert (district.submitted_by.username, district.approved_by.username) == ("canbo", "canbo_tinh")
    dong_tam = [(e.action, e.actor.username) for e in
                ApprovalEvent.objects.filter(approval__unit__code="06844", approval__year=2022).order_by("at", "pk")]
    assert dong_tam == [("submit", "admin"), ("return", "canbo"), ("submit", "admin"), ("approve", "canbo")]
    publication = Publication.objects.get(plan__code="binh-lieu-2023", unit__code="198", year=2022)
    assert publication.superseded_at is None and publication.published_by.username == "canbo"
    # The baseline year is locked at every door (the services they all call).
    report = AnnualReport.objects.filter(year=2022).select_related("collective__unit").first()
    with pytest.raises(RecordLocked) as refused:
        scoped_update(report, actor=users()["canbo"], changes={"members": 1}, expected_version=report.version)
    assert "Cán bộ Phòng Kinh tế (canbo)" in str(refused.value)


def test_2023_shows_every_state(demo_db):
    assert states(2023) == {"06856": "approved", "06841": "submitted", "06847": "returned"}
    rows = {r.unit.code: r for r in approval.overdue_first(approval.completeness(unit("198"), 2023))}
    assert Counter(r.state for r in rows.values()) == {"draft": 5, "approved": 1, "submitted": 1, "returned": 1}
    assert rows["198"].pending_children and rows["06841"].missing == 0


def test_the_pages_show_the_states_and_the_published_baseline(demo_db):
    client = Client()
    client.force_login(users()["canbo"])
    overview = client.get(reverse("cooperatives:approval_overview"), {"year": 2023}).content.decode()
    for label in ("Đã duyệt", "Đã gửi duyệt", "Bị trả lại", "Đang nhập"):
        assert label in overview
    page = client.get(reverse("cooperatives:approval_unit", args=[unit("06847").pk, 2023])).content.decode()
    assert "HTX Dầu sở Đồng Văn: hãy ghi điểm tự đánh giá kèm xếp loại." in page
    leader = Client()
    leader.force_login(users()["lanhdao"])
    baseline = leader.get(reverse("reports:dashboard"), {"plan": "binh-lieu-2023", "year": 2022})
    assert baseline.context["view"].basis == "published"
    assert leader.get(reverse("reports:dashboard")).context["view"].basis == "live"  # 2023: not published


def test_the_whole_chain_of_2023_with_a_return_and_a_resubmission(demo_db):
    who = users()
    plan = Plan.objects.get(code="binh-lieu-2023")
    before = [(r.indicator, r.value, r.status) for r in plan_results(plan)]
    hoanh_mo = unit("06841")
    sent = YearApproval.objects.get(unit=hoanh_mo, year=2023)
    returned = approval.return_year(hoanh_mo, 2023, actor=who["canbo"], expected_version=sent.version,
                                    comment="Đề nghị kiểm tra lại số thành viên của HTX Nông sản sạch Hoành Mô.")
    resent = approval.submit(hoanh_mo, 2023, actor=who["canbo_hoanhmo"], expected_version=returned.version,
                             comment="Đã kiểm tra, số liệu đúng.")
    for code in COMMUNES_2022:
        commune = unit(code)
        current = approval.unit_year(commune, 2023).approval
        if current.state in ("draft", "returned"):
            current = approval.submit(commune, 2023, actor=who["admin"], expected_version=current.version)
        if current.state == "submitted":
            approval.approve(commune, 2023, actor=who["canbo"], expected_version=current.version)
    assert resent.state == "submitted"
    district = unit("198")
    up = approval.submit(district, 2023, actor=who["canbo"], expected_version=0)
    done = approval.approve(district, 2023, actor=who["canbo_tinh"], expected_version=up.version)
    assert done.is_locked and set(states(2023).values()) == {"approved"}
    steps = [e.action for e in approval.events_of(hoanh_mo, 2023)]
    assert steps == ["submit", "return", "submit", "approve"]
    # Approving changes no number: the plan stays 7 met, 2 exceeded, 5 not met.
    after = [(r.indicator, r.value, r.status) for r in plan_results(plan)]
    assert after == before
    assert Counter(status for _i, _v, status in after[:14]) == {"met": 7, "exceeded": 2, "not_met": 5}
