"""Every download of the project goes through core.tabular: a record's text that begins
like a formula comes out as text, and a control character stored before the models
refused them is dropped instead of answering 500. One case per export and API format."""

import csv
import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from cooperatives.models import Collective, Person, TradeEvent, TrainingCourse
from core.validation import today
from ocop.models import OcopProduct
from tests.factories import (
    AnnualReportFactory,
    CollectiveFactory,
    OcopProductFactory,
    OcopRatingFactory,
    PersonFactory,
    TradeEventFactory,
    TrainingCourseFactory,
    UnitStatisticFactory,
)
from units.models import AdministrativeUnit, UnitStatistic

FORMULA = '=HYPERLINK("http://example.invalid/","Bấm vào đây")'
# As an older record may hold it: stored before the models refused control characters.
DIRTY, CLEANED = "Mẫu\x01thử\x85", "Mẫuthử"


def _plant(model, instance, field: str, text: str) -> None:
    # .update(): no validation, as data stored before the rule or by a script.
    model.objects.filter(pk=instance.pk).update(**{field: text})


def collectives(units, text):
    _plant(Collective, CollectiveFactory(unit=units["06841"]), "name", text)
    return reverse("cooperatives:collective_list") + "?export=xlsx"


def sheet(units, text):
    collective = CollectiveFactory(unit=units["06841"])
    AnnualReportFactory(collective=collective, year=2023)
    _plant(Collective, collective, "name", text)
    return reverse("cooperatives:entry_sheet") + "?year=2023&export=xlsx"


def people(units, text):
    _plant(Person, PersonFactory(unit=units["06841"]), "full_name", text)
    return reverse("cooperatives:person_list") + "?export=xlsx"


def trainings(units, text):
    _plant(TrainingCourse, TrainingCourseFactory(unit=units["06841"]), "title", text)
    return reverse("cooperatives:training_list") + "?export=xlsx"


def events(units, text):
    _plant(TradeEvent, TradeEventFactory(unit=units["06841"]), "name", text)
    return reverse("cooperatives:event_list") + "?export=xlsx"


def ocop_products(units, text):
    _plant(OcopProduct, OcopProductFactory(), "name", text)
    return reverse("ocop:product_list") + "?export=xlsx"


def ocop_lapsing(units, text):
    rating = OcopRatingFactory(decided_on=today() - datetime.timedelta(days=365 * 3 - 60))
    _plant(OcopProduct, rating.product, "name", text)
    return reverse("ocop:lapsing") + "?export=xlsx"


def statistics(units, text):
    _plant(UnitStatistic, UnitStatisticFactory(), "source", text)
    return reverse("statistics:statistic_list") + "?export=xlsx"


def import_template(units, text):
    _plant(AdministrativeUnit, units["06841"], "name", text)  # the template lists the scope's communes
    return reverse("imports:template", args=["collectives"])


def api_values(fmt):
    def url(units, text):
        CollectiveFactory(unit=units["06841"])
        _plant(AdministrativeUnit, units["06841"], "name", text)
        return f"/api/v1/indicators/htx_active/values/?unit=198&by=commune&year_from=2023&format={fmt}"
    url.__name__ = f"api_values_{fmt}"
    return url


EXPORTS = [collectives, sheet, people, trainings, events, ocop_products, ocop_lapsing, statistics, import_template,
           api_values("xlsx"), api_values("csv")]


def cells_holding(content: bytes, is_csv: bool, marker: str) -> list:
    """Every cell (openpyxl cell, or CSV field) whose text contains `marker`, in every sheet."""
    if is_csv:
        rows = csv.reader(io.StringIO(content.decode("utf-8-sig")))
        return [field for row in rows for field in row if marker in field]
    workbook = load_workbook(io.BytesIO(content))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row
            if isinstance(cell.value, str) and marker in cell.value]


@pytest.fixture
def officer_client(officer):
    client = Client()
    client.force_login(officer)
    return client


@pytest.mark.parametrize("export", EXPORTS, ids=lambda e: e.__name__)
def test_a_name_that_begins_like_a_formula_exports_as_text(export, officer_client, units):
    url = export(units, FORMULA)
    response = officer_client.get(url)
    assert response.status_code == 200, response.content[:500]
    is_csv = "format=csv" in url
    found = cells_holding(response.content, is_csv, "HYPERLINK")
    assert found, "the planted text is not in the export"
    if is_csv:
        assert found == ["'" + FORMULA] * len(found)
    else:
        # A picked unit reads "Name (code)" in the import template's list (decision 29).
        assert [(c.data_type, c.value.removesuffix(" (06841)"), bool(c.quotePrefix)) for c in found] \
            == [("s", FORMULA, True)] * len(found)


@pytest.mark.parametrize("export", EXPORTS, ids=lambda e: e.__name__)
def test_a_control_character_of_an_older_record_is_dropped_not_a_500(export, officer_client, units):
    url = export(units, DIRTY)
    response = officer_client.get(url)
    assert response.status_code == 200, response.content[:500]
    found = cells_holding(response.content, "format=csv" in url, "Mẫu")
    assert found
    assert [getattr(c, "value", c).removesuffix(" (06841)") for c in found] == [CLEANED] * len(found)


def test_a_loss_stays_a_number_in_the_sheet_export(officer_client, units):
    AnnualReportFactory(collective=CollectiveFactory(name="HTX Lỗ", unit=units["06841"]), year=2023, profit=-15_000)
    response = officer_client.get(reverse("cooperatives:entry_sheet"), {"year": 2023, "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    row = next(r for r in sheet.iter_rows(min_row=2) if r[2].value == "HTX Lỗ")
    profit = row[8]
    assert sheet.cell(1, 9).value == "Lợi nhuận (đồng)"
    assert (profit.data_type, profit.value, bool(profit.quotePrefix)) == ("n", -15_000, False)
