"""Registering, editing, suspending, resuming and dissolving a collective through its pages."""

import datetime

from django.urls import reverse

from cooperatives.models import AnnualReport, Collective, Membership, Suspension
from core.validation import today
from tests.factories import AnnualReportFactory, CollectiveFactory, PersonFactory


def collective_data(units, **changes):
    data = {
        "kind": "htx", "registration_code": "5701999001", "name": "Hợp tác xã Chè Vối Lục Hồn",
        "unit": units["06856"].pk, "sector": "agriculture", "address": "Thôn Khe Vằn",
        "legal_representative": "Hoàng Văn Minh", "phone": "0203 3878 000", "established_on": "15/03/2019",
        "charter_capital": "1.500.000.000", "main_products": "Chè vối",
    }
    data.update(changes)
    return data


def test_officer_registers_a_collective_with_vietnamese_numbers_and_dates(officer_client, units, officer):
    response = officer_client.post(reverse("cooperatives:collective_create"), collective_data(units))
    collective = Collective.objects.get(registration_code="5701999001")
    assert response.status_code == 302
    assert response["Location"] == reverse("cooperatives:collective_detail", args=[collective.pk])
    assert collective.charter_capital == 1_500_000_000
    assert collective.established_on == datetime.date(2019, 3, 15)
    # History written, with the officer as author.
    record = collective.history.get()
    assert record.history_type == "+"
    assert record.history_user == officer


def test_each_bad_field_gets_its_own_message_and_nothing_is_saved(officer_client, units):
    CollectiveFactory(registration_code="5701000042")
    data = collective_data(units, registration_code="5701000042", charter_capital="một tỷ",
                           established_on="31/02/2019", name="")
    response = officer_client.post(reverse("cooperatives:collective_create"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["registration_code"] == ["Mã số HTX / mã số thuế 5701000042 đã được dùng cho một tổ chức khác."]
    assert errors["charter_capital"] == ["Vốn điều lệ (đồng): hãy nhập một số nguyên, ví dụ 1.234.567 (không nhập chữ)."]
    assert errors["established_on"] == ["Ngày thành lập: ngày 31/02/2019 không có trên lịch."]
    assert errors["name"] == ["Hãy nhập “Tên”."]
    assert Collective.objects.count() == 1
    html = response.content.decode()
    # The message sits in the field's own block, next to its input.
    block = html.split('id="field-charter_capital"')[1].split('id="field-')[0]
    assert "hãy nhập một số nguyên" in block


def test_model_rules_come_back_next_to_the_field(officer_client, units):
    future = (today() + datetime.timedelta(days=10)).strftime("%d/%m/%Y")
    response = officer_client.post(reverse("cooperatives:collective_create"),
                                   collective_data(units, kind="tht", established_on=future))
    errors = response.context["form"].errors
    assert errors["registration_code"] == ["Tổ hợp tác không có mã số HTX; để trống ô này."]
    assert errors["established_on"] == ["Ngày không được ở tương lai."]
    assert not Collective.objects.exists()


def test_a_commune_outside_the_officers_scope_is_not_offered(commune_client, units):
    response = commune_client.post(reverse("cooperatives:collective_create"), collective_data(units))
    assert "unit" in response.context["form"].errors
    assert not Collective.objects.exists()
    choices = [unit.pk for unit in response.context["form"].fields["unit"].queryset]
    assert units["06841"].pk in choices
    assert units["06856"].pk not in choices


def test_edit_records_old_and_new_values_in_the_history_shown_on_the_page(officer_client, units, collective):
    data = collective_data(units, registration_code=collective.registration_code, name="HTX Miến dong Bình Liêu",
                           unit=collective.unit.pk, version=collective.version)
    response = officer_client.post(reverse("cooperatives:collective_edit", args=[collective.pk]), data)
    assert response.status_code == 302
    collective.refresh_from_db()
    assert collective.name == "HTX Miến dong Bình Liêu"
    assert collective.version == 2
    page = officer_client.get(reverse("cooperatives:collective_detail", args=[collective.pk])).content.decode()
    history = page.split('id="history"')[1]
    assert "officer1" in history
    assert "Hợp tác xã Miến dong Hoành Mô → HTX Miến dong Bình Liêu" in history
    assert "1.500.000.000" in history  # charter capital 0 → 1.500.000.000, grouped


def test_a_stale_edit_is_a_conflict_not_an_overwrite(officer_client, units, collective, officer):
    stale = collective.version
    collective.name = "Đổi bởi người khác"
    collective.save()
    data = collective_data(units, registration_code=collective.registration_code, unit=collective.unit.pk,
                           name="Sửa của tôi", version=stale)
    response = officer_client.post(reverse("cooperatives:collective_edit", args=[collective.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].conflict is not None
    assert "Xung đột khi lưu" in response.content.decode()
    collective.refresh_from_db()
    assert collective.name == "Đổi bởi người khác"


def test_suspend_then_resume(officer_client, collective):
    url = reverse("cooperatives:collective_suspend", args=[collective.pk])
    response = officer_client.post(url, {"starts_on": "01/03/2023", "decision_number": "12/TB", "reason": "Lũ"})
    assert response.status_code == 302
    suspension = Suspension.objects.get(collective=collective)
    assert suspension.starts_on == datetime.date(2023, 3, 1)
    assert suspension.ends_on is None
    page = officer_client.get(reverse("cooperatives:collective_detail", args=[collective.pk])).content.decode()
    assert "Tạm ngừng hoạt động" in page
    assert "Hoạt động trở lại" in page

    # Suspending twice is refused with the service's message next to the date.
    again = officer_client.post(url, {"starts_on": "01/04/2023"})
    assert again.context["form"].errors["starts_on"] == ["Tổ chức đang tạm ngừng hoạt động."]

    resume = reverse("cooperatives:collective_resume", args=[collective.pk])
    early = officer_client.post(resume, {"ends_on": "01/01/2023", "version": suspension.version})
    assert early.context["form"].errors["ends_on"] == ["Ngày hoạt động trở lại không được trước ngày tạm ngừng."]
    assert officer_client.post(resume, {"ends_on": "01/09/2023", "version": suspension.version}).status_code == 302
    suspension.refresh_from_db()
    assert suspension.ends_on == datetime.date(2023, 9, 1)


def test_resume_refused_when_not_suspended(officer_client, collective):
    response = officer_client.post(reverse("cooperatives:collective_resume", args=[collective.pk]),
                                   {"ends_on": "01/09/2023", "version": 0})
    assert response.context["form"].errors["ends_on"] == ["Tổ chức không ở trạng thái tạm ngừng."]


def test_suspension_before_establishment_is_refused(officer_client, collective):
    response = officer_client.post(reverse("cooperatives:collective_suspend", args=[collective.pk]),
                                   {"starts_on": "01/01/2010"})
    assert response.context["form"].errors["starts_on"] == ["Không thể tạm ngừng trước ngày thành lập."]
    assert not Suspension.objects.exists()


def test_dissolve_needs_decision_and_kind_then_records_them(officer_client, collective):
    url = reverse("cooperatives:collective_dissolve", args=[collective.pk])
    response = officer_client.post(url, {"dissolved_on": "30/06/2024", "version": collective.version})
    errors = response.context["form"].errors
    assert errors["dissolution_decision"] == ["Hãy nhập “Số quyết định giải thể”."]
    assert errors["dissolution_kind"] == ["Hãy nhập “Hình thức giải thể”."]

    early = officer_client.post(url, {"dissolved_on": "01/01/2015", "dissolution_decision": "45/QĐ-UBND",
                                      "dissolution_kind": "voluntary", "version": collective.version})
    assert early.context["form"].errors["dissolved_on"] == ["Ngày giải thể không được trước ngày thành lập."]
    collective.refresh_from_db()
    assert collective.dissolved_on is None

    ok = officer_client.post(url, {"dissolved_on": "30/06/2024", "dissolution_decision": "45/QĐ-UBND",
                                   "dissolution_kind": "compulsory", "version": collective.version})
    assert ok.status_code == 302
    collective.refresh_from_db()
    assert (collective.dissolved_on, collective.dissolution_decision, collective.dissolution_kind) == (
        datetime.date(2024, 6, 30), "45/QĐ-UBND", "compulsory")

    twice = officer_client.post(url, {"dissolved_on": "01/07/2024", "dissolution_decision": "46/QĐ",
                                      "dissolution_kind": "voluntary", "version": collective.version})
    assert twice.context["form"].errors["dissolved_on"] == ["Tổ chức đã giải thể ngày 30/06/2024."]
    page = officer_client.get(reverse("cooperatives:collective_detail", args=[collective.pk])).content.decode()
    assert "Đã giải thể" in page
    assert "45/QĐ-UBND" in page
    assert reverse("cooperatives:collective_dissolve", args=[collective.pk]) not in page


def test_dissolve_with_a_stale_version_is_a_conflict(officer_client, collective):
    stale = collective.version
    collective.phone = "0900"
    collective.save()
    response = officer_client.post(reverse("cooperatives:collective_dissolve", args=[collective.pk]), {
        "dissolved_on": "30/06/2024", "dissolution_decision": "45/QĐ", "dissolution_kind": "voluntary",
        "version": stale})
    assert response.context["form"].conflict is not None
    collective.refresh_from_db()
    assert collective.dissolved_on is None


def test_annual_report_form_validates_year_and_classification(officer_client, collective):
    AnnualReportFactory(collective=collective, year=2022)
    url = reverse("cooperatives:annual_report_create", args=[collective.pk])
    base = {"members": "12", "regular_workers": "4", "revenue": "2.500.000.000", "profit": "-50.000.000",
            "classification": "unrated"}
    duplicate = officer_client.post(url, {**base, "year": "2022"})
    assert duplicate.context["form"].errors["year"] == ["Tổ chức này đã có báo cáo năm 2022."]
    before = officer_client.post(url, {**base, "year": "2017"})
    assert before.context["form"].errors["year"] == ["Tổ chức thành lập năm 2018, không thể có báo cáo năm trước đó."]
    mismatch = officer_client.post(url, {**base, "year": "2023", "classification": "good",
                                         "classification_score": "55,5"})
    assert mismatch.context["form"].errors["classification"] == ["Với 55.5 điểm, xếp loại phải là “Trung bình”."]
    assert AnnualReport.objects.count() == 1
    ok = officer_client.post(url, {**base, "year": "2023", "classification_score": "82,5"})
    assert ok.status_code == 302
    report = AnnualReport.objects.get(year=2023)
    assert report.revenue == 2_500_000_000
    assert report.profit == -50_000_000
    assert report.classification == "good"


def test_membership_and_role_forms(officer_client, collective):
    person = PersonFactory(full_name="Lý Thị Mai", unit=collective.unit)
    url = reverse("cooperatives:membership_create", args=[collective.pk])
    bad = officer_client.post(url, {"person": person.pk, "member_type": "official", "joined_on": "01/05/2020",
                                    "left_on": "01/01/2020", "capital_contribution": "10.000.000"})
    assert bad.context["form"].errors["left_on"] == ["Ngày kết thúc không được trước ngày bắt đầu."]
    assert not Membership.objects.exists()
    ok = officer_client.post(url, {"person": person.pk, "member_type": "official", "joined_on": "01/05/2020",
                                   "capital_contribution": "10.000.000"})
    assert ok.status_code == 302
    assert Membership.objects.get().capital_contribution == 10_000_000

    role_url = reverse("cooperatives:role_create", args=[collective.pk])
    leader = officer_client.post(role_url, {"person": person.pk, "role": "group_leader", "started_on": "01/05/2020"})
    assert leader.context["form"].errors["role"] == [
        "Tổ trưởng chỉ có ở tổ hợp tác; chủ tịch HĐQT chỉ có ở hợp tác xã."]
    assert officer_client.post(role_url, {"person": person.pk, "role": "director",
                                          "started_on": "01/05/2020"}).status_code == 302
    page = officer_client.get(reverse("cooperatives:collective_detail", args=[collective.pk])).content.decode()
    assert "Lý Thị Mai" in page
    assert "Giám đốc" in page


def test_a_collectives_page_runs_a_fixed_number_of_queries(officer_client, collective,
                                                           django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import ManagementRoleFactory, MembershipFactory, OcopRatingFactory, TradeEventFactory

    url = reverse("cooperatives:collective_detail", args=[collective.pk])

    def add(year):
        AnnualReportFactory(collective=collective, year=year)
        membership = MembershipFactory(collective=collective)
        ManagementRoleFactory(collective=collective, person=membership.person, role="controller")
        OcopRatingFactory(product__producer=collective)
        TradeEventFactory(unit=collective.unit).participants.add(collective)
        collective.phone = str(year)
        collective.save()

    add(2019)
    with CaptureQueriesContext(connection) as ctx:
        officer_client.get(url)
    for year in range(2020, 2024):
        add(year)
    with django_assert_num_queries(len(ctx.captured_queries)):
        response = officer_client.get(url)
    assert len(response.context["page"].memberships) == 5
    assert len(response.context["page"].history) == 6
