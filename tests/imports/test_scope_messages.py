"""The importer's messages say nothing of records outside the officer's scope beyond what
the row itself typed (issue 9, low finding)."""

from cooperatives.models import Collective
from imports.services import import_file
from tests.factories import CollectiveFactory
from tests.imports.helpers import COLLECTIVE_HEADERS, xlsx_bytes
from units.models import AdministrativeUnit


def test_a_code_taken_outside_the_scope_is_said_taken_without_naming_its_holder(officer, units):
    ha_long = AdministrativeUnit.objects.create(code="06700", name="Phường Hạ Long", level="commune",
                                                parent=units["22"])
    CollectiveFactory(registration_code="5709999999", unit=ha_long, name="HTX Ngọc Trai Hạ Long")
    rows = [["5709999999", "HTX Mới", "htx", "Hoành Mô", "", "01/01/2019", ""]]

    result = import_file("collectives", actor=officer, content=xlsx_bytes(COLLECTIVE_HEADERS, rows),
                         filename="file.xlsx", commit=True)

    assert [(i.row, i.column, i.message) for i in result.issues] == [
        (2, "Mã số HTX / mã số thuế", "Mã số 5709999999 đã được dùng cho một tổ chức ngoài phạm vi của bạn.")]
    assert Collective.objects.count() == 1
