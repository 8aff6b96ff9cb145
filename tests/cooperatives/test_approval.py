"""cooperatives.approval: the transitions, who may take them, the lock and concurrency."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.services import scoped_bulk_create, scoped_create, scoped_delete, scoped_update
from cooperatives import approval
from cooperatives.models import AnnualReport, ApprovalEvent, ApprovalState, YearApproval
from cooperatives.services import annual_report_save
from core.locks import RecordLocked
from core.services import VersionConflict
from tests.factories import AnnualReportFactory, CollectiveFactory
from units.models import UnitStatistic


def submit(unit, user, version=0, **kw):
    return approval.submit(unit, 2022, actor=user, expected_version=version, **kw)


def test_a_commune_year_goes_up_and_is_locked(report, hoanh_mo, commune_officer, officer):
    submitted = submit(hoanh_mo, commune_officer, comment="Đủ báo cáo")
    assert (submitted.state, submitted.submitted_by, submitted.version) == ("submitted", commune_officer, 1)
    approved = approval.approve(hoanh_mo, 2022, actor=officer, expected_version=submitted.version)
    assert approved.state == ApprovalState.APPROVED and approved.approved_by == officer
    steps = list(ApprovalEvent.objects.filter(approval=approved).values_list("action", "actor__username", "comment"))
    assert steps == [("submit", "officer_hm", "Đủ báo cáo"), ("approve", "officer1", "")]
    with pytest.raises(RecordLocked) as refused:
        scoped_update(report, actor=commune_officer, changes={"members": 11}, expected_version=report.version)
    assert "officer1" in str(refused.value) and "2022" in str(refused.value)


def test_a_return_needs_a_comment_and_the_year_can_be_resubmitted(report, hoanh_mo, commune_officer, officer):
    submitted = submit(hoanh_mo, commune_officer)
    with pytest.raises(ValidationError) as no_comment:
        approval.return_year(hoanh_mo, 2022, actor=officer, expected_version=submitted.version, comment="  ")
    assert "comment" in no_comment.value.message_dict
    returned = approval.return_year(hoanh_mo, 2022, actor=officer, expected_version=submitted.version,
                                    comment="Doanh thu thiếu một số 0")
    assert returned.state == ApprovalState.RETURNED
    # Returned is open: the officer corrects the report, then submits again.
    scoped_update(report, actor=commune_officer, changes={"revenue": 10_000_000_000}, expected_version=report.version)
    again = submit(hoanh_mo, commune_officer, version=returned.version)
    assert again.state == ApprovalState.SUBMITTED


def test_nobody_approves_their_own_submission(report, hoanh_mo, officer, second_officer):
    submitted = submit(hoanh_mo, officer)  # a district officer may submit for a commune
    with pytest.raises(PermissionDenied):
        approval.approve(hoanh_mo, 2022, actor=officer, expected_version=submitted.version)
    assert approval.approve(hoanh_mo, 2022, actor=second_officer, expected_version=submitted.version).is_locked


def test_a_commune_officer_cannot_review_and_nobody_acts_outside_their_scope(report, hoanh_mo, units,
                                                                            commune_officer, viewer):
    submitted = submit(hoanh_mo, commune_officer)
    with pytest.raises(PermissionDenied):  # the reviewing level is the district
        approval.approve(hoanh_mo, 2022, actor=commune_officer, expected_version=submitted.version)
    with pytest.raises(PermissionDenied):  # another commune
        approval.submit(units["06844"], 2022, actor=commune_officer, expected_version=0)
    with pytest.raises(PermissionDenied):  # a viewer reads only
        approval.return_year(hoanh_mo, 2022, actor=viewer, expected_version=submitted.version, comment="x")


def test_a_year_with_missing_reports_cannot_be_submitted(report, hoanh_mo, commune_officer):
    CollectiveFactory(unit=hoanh_mo, name="HTX Chưa Báo Cáo")
    with pytest.raises(ValidationError) as refused:
        submit(hoanh_mo, commune_officer)
    assert "HTX Chưa Báo Cáo" in str(refused.value)
    assert not YearApproval.objects.exists() and not ApprovalEvent.objects.exists()


def test_the_district_waits_for_its_communes_and_the_province_approves_it(report, hoanh_mo, district, officer,
                                                                          commune_officer, province_officer):
    with pytest.raises(ValidationError) as refused:
        approval.submit(district, 2022, actor=officer, expected_version=0)
    assert "Xã Hoành Mô (đang nhập)" in str(refused.value)
    approval.approve(hoanh_mo, 2022, actor=officer, expected_version=submit(hoanh_mo, commune_officer).version)
    sent = approval.submit(district, 2022, actor=officer, expected_version=0)
    with pytest.raises(PermissionDenied):  # the district does not approve itself
        approval.approve(district, 2022, actor=commune_officer, expected_version=sent.version)
    done = approval.approve(district, 2022, actor=province_officer, expected_version=sent.version)
    assert done.is_locked
    # Locks open from the top down: the commune stays approved while the district is.
    with pytest.raises(ValidationError) as above:
        approval.unapprove(hoanh_mo, 2022, actor=officer, expected_version=2, comment="Sửa lợi nhuận")
    assert "Huyện Bình Liêu" in str(above.value)


def test_unapproving_reopens_the_year_with_a_reason(report, hoanh_mo, commune_officer, officer):
    approved = approval.approve(hoanh_mo, 2022, actor=officer, expected_version=submit(hoanh_mo, commune_officer).version)
    with pytest.raises(PermissionDenied):  # the commune is not the approving level
        approval.unapprove(hoanh_mo, 2022, actor=commune_officer, expected_version=approved.version, comment="x")
    with pytest.raises(ValidationError):
        approval.unapprove(hoanh_mo, 2022, actor=officer, expected_version=approved.version, comment="")
    reopened = approval.unapprove(hoanh_mo, 2022, actor=officer, expected_version=approved.version,
                                  comment="HTX nộp báo cáo điều chỉnh")
    assert reopened.state == ApprovalState.RETURNED and reopened.approved_by is None
    saved, _created = annual_report_save(actor=commune_officer, collective=report.collective, year=2022,
                                         values={"members": 12}, expected_version=report.version)
    assert saved.members == 12
    assert ApprovalEvent.objects.filter(approval=reopened).last().comment == "HTX nộp báo cáo điều chỉnh"


def test_a_stale_version_is_refused_so_two_reviewers_never_both_act(report, hoanh_mo, commune_officer, officer,
                                                                    second_officer):
    read = submit(hoanh_mo, commune_officer).version
    approval.approve(hoanh_mo, 2022, actor=officer, expected_version=read)
    with pytest.raises(VersionConflict):
        approval.return_year(hoanh_mo, 2022, actor=second_officer, expected_version=read, comment="Sai số liệu")
    assert YearApproval.objects.get().state == ApprovalState.APPROVED
    assert ApprovalEvent.objects.count() == 2


def test_the_lock_covers_new_reports_deletes_moves_and_statistics(report, hoanh_mo, district, commune_officer,
                                                                   officer, province_officer):
    approval.approve(hoanh_mo, 2022, actor=officer, expected_version=submit(hoanh_mo, commune_officer).version)
    other = CollectiveFactory(unit=hoanh_mo, established_on=report.collective.established_on)
    with pytest.raises(RecordLocked):  # a late report for an approved year
        scoped_create(type(report), actor=officer, data={"collective": other, "year": 2022})
    with pytest.raises(RecordLocked):
        scoped_delete(report, actor=officer)
    later = AnnualReportFactory(collective=report.collective, year=2023)
    with pytest.raises(RecordLocked):  # moving a report into the approved year
        scoped_update(later, actor=officer, changes={"year": 2022}, expected_version=later.version)
    # The district's statistics lock with the district's year.
    statistic = scoped_create(UnitStatistic, actor=officer, data={"unit": district, "year": 2022,
                                                                  "domestic_budget_revenue": 1})
    sent = approval.submit(district, 2022, actor=officer, expected_version=0)
    approval.approve(district, 2022, actor=province_officer, expected_version=sent.version)
    with pytest.raises(RecordLocked):
        scoped_update(statistic, actor=officer, changes={"domestic_budget_revenue": 2},
                      expected_version=statistic.version)
    # Other years stay open.
    assert scoped_update(later, actor=officer, changes={"members": 3}, expected_version=later.version).members == 3


def test_the_completeness_of_a_district_year(report, hoanh_mo, district, commune_officer, officer):
    CollectiveFactory(unit=hoanh_mo, kind="tht", name="THT Chưa Báo Cáo")
    roots = approval.completeness(district, 2022)
    assert [r.unit.code for r in roots] == ["198"]
    row = roots[0]
    commune = next(c for c in row.children if c.unit == hoanh_mo)
    assert (row.expected, row.received, row.missing, commune.htx_due, commune.htx_classified) == (2, 1, 1, 1, 0)
    assert [c.name for c in approval.missing_reports(commune)] == ["THT Chưa Báo Cáo"]
    assert [c.unit for c in row.pending_children] == [hoanh_mo]
    assert len(row.children) == 7  # the seven communes of 2022 (Tình Húc was merged in 2020)


def test_a_bulk_write_asks_the_lock_once_per_unit_and_year(hoanh_mo, officer):
    def queries(n: int) -> int:
        collectives = [CollectiveFactory(unit=hoanh_mo) for _ in range(n)]
        for collective in collectives:
            collective.unit = hoanh_mo  # loaded, as the importer hands them over
        with CaptureQueriesContext(connection) as captured:
            scoped_bulk_create(AnnualReport, actor=officer,
                               records=[{"collective": c, "year": 2021} for c in collectives])
        return sum("cooperatives_yearapproval" in q["sql"] for q in captured.captured_queries)

    assert queries(1) == queries(25) == 1
