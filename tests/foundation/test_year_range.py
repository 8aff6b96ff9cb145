"""One range of years (settings.COOPREG["YEARS"], read by core.validation.year_range) for
the forms, the API's filters, serializers and schema, the model rules and the importer."""

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from cooperatives.forms import CollectiveFilterForm, StatisticFilterForm
from cooperatives.views.sheet import sheet_year
from core.validation import today, validate_year, year_range
from tests.api.conftest import token_client


def test_the_range_is_the_setting(settings):
    assert year_range() == (1990, 2100)
    settings.COOPREG = {**settings.COOPREG, "YEARS": (2000, 2100)}
    assert year_range() == (2000, 2100)
    with pytest.raises(ValidationError) as refused:
        validate_year(1995)
    assert refused.value.message_dict == {"year": [f"Năm phải trong khoảng 2000–{today().year + 1}."]}
    sheet = RequestFactory().get("/", {"year": "1995"})
    assert sheet_year(sheet) == today().year - 1  # out of the range: the sheet's default year


@pytest.mark.parametrize("form_class", [CollectiveFilterForm, StatisticFilterForm])
def test_page_filters_refuse_a_year_before_the_range(form_class, officer):
    assert form_class({"year": "1990"}, user=officer).is_valid()
    form = form_class({"year": "1989"}, user=officer)
    assert not form.is_valid() and "1.990" in form.errors["year"][0]


@pytest.mark.parametrize("url", ["/api/v1/annual-reports/?year=1989", "/api/v1/statistics/?year=1989",
                                 "/api/v1/plans/?target_year=1989",
                                 "/api/v1/indicators/htx_new/values/?year_from=1989&year_to=1990"])
def test_api_year_parameters_refuse_a_year_before_the_range(officer, url):
    client = token_client(officer)
    assert client.get(url).status_code == 400
    assert client.get(url.replace("1989", "1990")).status_code == 200


def test_the_year_of_a_date_may_be_any_year_a_date_may_have(officer):
    # A collective established in 1985 is still found by its year.
    assert token_client(officer).get("/api/v1/collectives/?established_year=1985").status_code == 200


def test_the_schema_states_the_limits(admin_user):
    schema = token_client(admin_user).get("/api/v1/schema/?format=json").json()

    def parameter(path, name):
        [found] = [p for p in schema["paths"][path]["get"]["parameters"] if p["name"] == name]
        return found["schema"]

    assert parameter("/api/v1/annual-reports/", "year") == {"type": "integer", "minimum": 1990, "maximum": 2100}
    assert parameter("/api/v1/indicators/{code}/values/", "year_from") == {
        "type": "integer", "minimum": 1990, "maximum": 2100}
    assert parameter("/api/v1/collectives/", "established_year") == {
        "type": "integer", "minimum": 1900, "maximum": 2100}
    report = schema["components"]["schemas"]["AnnualReportRequest"]["properties"]["year"]
    assert (report["minimum"], report["maximum"]) == (1990, 2100)
