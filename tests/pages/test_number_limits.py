"""Whole numbers beyond their column (issue 9, finding 7): the field's message with the
column's bound, on every database (SQLite would store them, PostgreSQL would overflow),
never a 500 (a ModelForm swapping in a message with other placeholders: KeyError 'field')."""

import pytest
from django.urls import reverse

from cooperatives.models import AnnualReport, Person, TrainingCourse
from tests.factories import CollectiveFactory

HUGE = "999999999999"


def test_a_birth_year_beyond_its_column(officer_client, units):
    response = officer_client.post(reverse("cooperatives:person_create"), {
        "full_name": "Hoàng Văn Lớn", "kind": "individual", "education": "none", "unit": units["06841"].pk,
        "birth_year": HUGE})
    assert response.status_code == 200
    assert "Năm sinh không được lớn hơn 32.767." in response.context["form"].errors["birth_year"]
    assert not Person.objects.exists()


@pytest.mark.parametrize(("field", "value", "message"), [
    ("year", HUGE, "Năm không được lớn hơn 32.767."),
    ("members", HUGE, "Số thành viên không được lớn hơn 2.147.483.647."),
    ("regular_workers", HUGE, "Lao động thường xuyên không được lớn hơn 2.147.483.647."),
    ("revenue", "99999999999999999999", "Doanh thu (đồng) không được lớn hơn 9.223.372.036.854.775.807."),
    ("profit", "-99999999999999999999", "Lợi nhuận (đồng) không được nhỏ hơn -9.223.372.036.854.775.808."),
], ids=lambda value: value if value.isidentifier() else "")
def test_annual_report_figures_beyond_their_columns(officer_client, units, field, value, message):
    collective = CollectiveFactory(unit=units["06841"])
    data = {"year": "2022", "members": "3", "regular_workers": "1", "revenue": "0", "profit": "0",
            "classification": "unrated", field: value}
    response = officer_client.post(reverse("cooperatives:annual_report_create", args=[collective.pk]), data)
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert not AnnualReport.objects.exists()


def test_extra_attendees_beyond_their_column(officer_client, units):
    response = officer_client.post(reverse("cooperatives:training_create"), {
        "title": "Lớp đông", "held_on": "01/05/2022", "unit": units["06841"].pk, "extra_attendees": HUGE})
    assert response.status_code == 200
    assert response.context["form"].errors["extra_attendees"] == [
        "Số học viên khác (không ghi tên) không được lớn hơn 2.147.483.647."]
    assert not TrainingCourse.objects.exists()


def test_a_sheet_line_beyond_its_columns(officer_client, units):
    collective = CollectiveFactory(unit=units["06841"])
    p = f"r{collective.pk}"
    response = officer_client.post(
        reverse("cooperatives:entry_sheet_row", args=[collective.pk]) + "?year=2022",
        {f"{p}-members": HUGE, f"{p}-regular_workers": "1", f"{p}-revenue": "0", f"{p}-profit": "0",
         f"{p}-classification": "unrated", f"{p}-version": "0"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Số thành viên không được lớn hơn 2.147.483.647." in response.content.decode()
    assert not AnnualReport.objects.exists()
