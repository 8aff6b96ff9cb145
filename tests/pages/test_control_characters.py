"""A control character typed or pasted into a page form, or brought in by an imported
file, is refused with a message naming the field (core.models.CleanText): nothing saved."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cooperatives.models import Collective
from tests.imports.helpers import COLLECTIVE_HEADERS, csv_bytes
from tests.pages.test_collective_pages import collective_data


def test_a_page_form_refuses_a_control_character_next_to_the_field(officer_client, units, collective):
    data = collective_data(units, registration_code=collective.registration_code, unit=collective.unit.pk,
                           name="HTX\x01ctrl", version=collective.version)
    response = officer_client.post(reverse("cooperatives:collective_edit", args=[collective.pk]), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["name"]
    assert "“tên”" in errors["name"][0].lower()
    assert "U+0001" in errors["name"][0]
    collective.refresh_from_db()
    assert collective.name == "Hợp tác xã Miến dong Hoành Mô"
    assert collective.version == 1


def test_an_imported_row_with_a_control_character_is_shown_as_an_error(officer_client, units):
    rows = [["5701000001", "Hợp tác xã\x01Miến dong", "Hợp tác xã", "Húc Động", "", "15/03/2018", ""]]
    upload = officer_client.post(reverse("imports:upload", args=["collectives"]),
                                 {"file": SimpleUploadedFile("f.csv", csv_bytes(COLLECTIVE_HEADERS, rows))})
    html = officer_client.get(upload["Location"]).content.decode()
    assert "U+0001" in html
    assert "confirm-import" not in html
    assert not Collective.objects.exists()
