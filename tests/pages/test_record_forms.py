"""Forms of people, courses (with attendees), trade events (with participants) and unit statistics."""

import datetime

from django.urls import reverse

from cooperatives.models import Person, TradeEvent, TrainingCourse
from core.validation import today
from tests.factories import CollectiveFactory, PersonFactory, UnitStatisticFactory
from units.models import UnitStatistic


def test_person_create_validates_birth_year_and_commune(officer_client, units, officer):
    url = reverse("cooperatives:person_create")
    base = {"full_name": "Chíu Thị Lan", "kind": "individual", "gender": "female", "ethnicity": "15",
            "ethnic_subgroup": "Sán Chỉ", "education": "elementary", "unit": units["06859"].pk}
    bad = officer_client.post(url, {**base, "birth_year": "1850"})
    assert bad.context["form"].errors["birth_year"] == ["Năm sinh phải từ 1900 đến năm nay."]
    district = officer_client.post(url, {**base, "birth_year": "1985", "unit": units["198"].pk})
    assert "unit" in district.context["form"].errors  # only communes are offered
    assert not Person.objects.exists()
    ok = officer_client.post(url, {**base, "birth_year": "1985"})
    person = Person.objects.get()
    assert ok["Location"] == reverse("cooperatives:person_detail", args=[person.pk])
    assert person.history.get().history_user == officer
    # The page offers the 54 official groups as a select (tests/cooperatives/test_ethnicity.py).
    assert '<select name="ethnicity"' in officer_client.get(url).content.decode()


def test_person_edit_conflict(officer_client, units):
    person = PersonFactory(unit=units["06841"])
    stale = person.version
    person.phone = "0912"
    person.save()
    response = officer_client.post(reverse("cooperatives:person_edit", args=[person.pk]), {
        "full_name": "Tên mới", "kind": "individual", "education": "none", "unit": units["06841"].pk,
        "version": stale})
    assert response.context["form"].conflict is not None
    person.refresh_from_db()
    assert person.full_name != "Tên mới"


def test_training_course_with_attendees_and_its_history(officer_client, units):
    people = [PersonFactory(unit=units["06841"]) for _ in range(3)]
    outsider = PersonFactory(unit=units["N-TIENYEN"])
    url = reverse("cooperatives:training_create")
    data = {"title": "Tập huấn chuyển đổi số", "held_on": "20/05/2023", "organizer": "Liên minh HTX tỉnh",
            "unit": units["06841"].pk, "attendees": [people[0].pk, people[1].pk], "extra_attendees": "12"}
    future = (today() + datetime.timedelta(days=3)).strftime("%d/%m/%Y")
    bad = officer_client.post(url, {**data, "held_on": future, "extra_attendees": "-1"})
    errors = bad.context["form"].errors
    assert errors["held_on"] == ["Ngày không được ở tương lai."]
    assert errors["extra_attendees"] == ["Số học viên khác (không ghi tên) không được âm."]
    refused = officer_client.post(url, {**data, "attendees": [outsider.pk]})
    assert "attendees" in refused.context["form"].errors
    assert not TrainingCourse.objects.exists()

    assert officer_client.post(url, data).status_code == 302
    course = TrainingCourse.objects.get()
    assert set(course.attendees.all()) == set(people[:2])
    assert course.extra_attendees == 12
    edit = reverse("cooperatives:training_edit", args=[course.pk])
    officer_client.post(edit, {**data, "attendees": [people[2].pk], "version": course.version})
    assert list(course.attendees.all()) == [people[2]]
    page = officer_client.get(reverse("cooperatives:training_detail", args=[course.pk])).content.decode()
    assert people[2].full_name in page
    assert "Lịch sử thay đổi" in page


def test_trade_event_with_participants(officer_client, units, collective):
    other = CollectiveFactory(unit=units["06856"])
    url = reverse("cooperatives:event_create")
    data = {"name": "Hội chợ OCOP Quảng Ninh 2023", "held_on": "10/11/2023", "location": "Hạ Long",
            "kind": "ocop_fair", "unit": units["198"].pk, "participants": [collective.pk, other.pk]}
    missing = officer_client.post(url, {**data, "name": "", "kind": "bogus"})
    errors = missing.context["form"].errors
    assert errors["name"] == ["Hãy nhập “Tên sự kiện”."]
    assert "kind" in errors
    assert officer_client.post(url, data).status_code == 302
    event = TradeEvent.objects.get()
    assert set(event.participants.all()) == {collective, other}
    page = officer_client.get(reverse("cooperatives:collective_detail", args=[collective.pk])).content.decode()
    assert "Hội chợ OCOP Quảng Ninh 2023" in page.split('id="activities"')[1]


def test_unit_statistic_keeps_who_entered_it_and_refuses_a_second_one_for_the_year(officer_client, units, officer):
    UnitStatisticFactory(year=2022)
    url = reverse("statistics:statistic_create")
    data = {"unit": units["198"].pk, "year": "2023", "domestic_budget_revenue": "125.000.000.000",
            "collective_sector_product": "8.500.000.000", "source": "Báo cáo số 45/BC-UBND"}
    twice = officer_client.post(url, {**data, "year": "2022"})
    assert twice.context["form"].errors["year"] == ["Đơn vị này đã có số liệu năm 2022."]
    negative = officer_client.post(url, {**data, "domestic_budget_revenue": "-1"})
    [message] = negative.context["form"].errors["domestic_budget_revenue"]
    assert message.startswith("Thu ngân sách")
    assert message.endswith("không được âm.")
    assert officer_client.post(url, data).status_code == 302
    statistic = UnitStatistic.objects.get(year=2023)
    assert statistic.domestic_budget_revenue == 125_000_000_000
    assert statistic.entered_by == officer


def test_commune_officer_cannot_enter_district_statistics(commune_client, units):
    response = commune_client.post(reverse("statistics:statistic_create"), {
        "unit": units["198"].pk, "year": "2023", "domestic_budget_revenue": "1"})
    assert "unit" in response.context["form"].errors
    assert not UnitStatistic.objects.exists()
