"""The API reads its input strictly: control characters, unknown fields, values of the
wrong JSON type and bodies that are not JSON are all a 400 in the documented shape
({field: [messages]}), and the schema states what is required and every numeric limit."""

import pytest

from cooperatives.models import AnnualReport, Collective
from tests.factories import AnnualReportFactory, CollectiveFactory


@pytest.fixture
def collective(units):
    return CollectiveFactory(name="HTX Miến dong", unit=units["06841"])


@pytest.fixture
def report(collective):
    return AnnualReportFactory(collective=collective, year=2022, members=10)


def test_a_control_character_in_a_name_is_refused_naming_the_field(as_officer, collective):
    response = as_officer.patch(f"/api/v1/collectives/{collective.pk}/",
                                {"name": "HTX\u0001ctrl", "version": collective.version}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["name"]
    assert "U+0001" in response.json()["name"][0]
    assert Collective.objects.get(pk=collective.pk).name == "HTX Miến dong"


def test_a_body_that_is_not_json_is_a_400_in_the_documented_shape(as_officer, collective):
    response = as_officer.generic("PATCH", f"/api/v1/collectives/{collective.pk}/", '{"name": ',
                                  content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert list(body) == ["non_field_errors"]
    assert "JSON" in body["non_field_errors"][0]


def test_a_form_encoded_body_is_refused_the_api_reads_json_only(as_officer, collective):
    response = as_officer.generic("PATCH", f"/api/v1/collectives/{collective.pk}/",
                                  f"name=HTX&version={collective.version}",
                                  content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415
    assert Collective.objects.get(pk=collective.pk).name == "HTX Miến dong"


@pytest.mark.parametrize(("field", "value"), [
    ("members", "12abc"), ("members", True), ("members", "12"), ("members", 12.5), ("members", [12]),
    ("members", 2_147_483_648),  # past the PostgreSQL column, on every database
    ("high_tech", "yes"), ("high_tech", 1), ("classification", 1), ("source", 12), ("collective", "1"),
    ("classification_score", "72.5"),
])
def test_a_value_of_the_wrong_type_or_range_is_refused_not_coerced(as_officer, report, field, value):
    response = as_officer.patch(f"/api/v1/annual-reports/{report.pk}/", {field: value, "version": report.version},
                                format="json")
    assert response.status_code == 400, response.content
    assert list(response.json()) == [field], response.json()
    assert AnnualReport.objects.get(pk=report.pk).version == report.version


def test_an_unknown_field_is_refused_naming_it(as_officer, report):
    response = as_officer.patch(f"/api/v1/annual-reports/{report.pk}/",
                                {"members": 12, "nonexistent_field": 1, "version": report.version}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["nonexistent_field"]
    assert "members" in response.json()["nonexistent_field"][0]  # it lists the fields that can be written
    assert AnnualReport.objects.get(pk=report.pk).members == 10


def test_an_unknown_field_of_a_nested_target_is_refused(as_admin, units):
    response = as_admin.post("/api/v1/plans/", {
        "code": "p", "title": "T", "unit": "198", "baseline_year": 2022, "target_year": 2023,
        "targets": [{"indicator": "htx_new", "comparator": "at_least", "low": 3, "lowest": 1}]}, format="json")
    assert response.status_code == 400
    targets = response.json()["targets"]  # DRF keys a nested list's errors by the wrong item's index
    assert list(targets) == ["0"], targets
    assert list(targets["0"]) == ["lowest"], targets


def test_what_was_read_can_be_put_back_read_only_fields_included(as_officer, collective):
    body = as_officer.get(f"/api/v1/collectives/{collective.pk}/").json()
    body["name"] = "HTX Miến dong Hoành Mô"
    response = as_officer.put(f"/api/v1/collectives/{collective.pk}/", body, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["name"] == "HTX Miến dong Hoành Mô"
    assert response.json()["version"] == 2


@pytest.fixture
def schema(anon):
    return anon.get("/api/v1/schema/?format=json").json()


def test_the_schema_requires_version_on_put_and_patch(schema):
    operation = schema["paths"]["/api/v1/collectives/{id}/"]
    put = operation["put"]["requestBody"]["content"]["application/json"]["schema"]
    assert put == {"allOf": [{"$ref": "#/components/schemas/CollectiveRequest"}, {"required": ["version"]}]}
    assert "version" not in schema["components"]["schemas"]["CollectiveRequest"]["required"]  # POST ignores it
    assert schema["components"]["schemas"]["PatchedCollectiveRequest"]["required"] == ["version"]
    assert list(operation["patch"]["requestBody"]["content"]) == ["application/json"]


def test_the_schema_states_the_limits_and_refuses_unknown_fields(schema):
    components = schema["components"]["schemas"]
    report = components["AnnualReportRequest"]
    assert report["additionalProperties"] is False
    limits = {name: (p.get("minimum"), p.get("maximum")) for name, p in report["properties"].items()
              if p.get("type") in ("integer", "number")}
    assert limits["year"] == (1990, 2100)
    assert limits["members"] == (0, 2_147_483_647)
    assert limits["revenue"] == (0, 9_223_372_036_854_775_807)
    assert limits["profit"][0] == -9_223_372_036_854_775_808  # a loss may be negative
    assert limits["classification_score"] == (0, 100)
    rating = components["OcopRatingRequest"]["properties"]
    assert (rating["stars"]["minimum"], rating["stars"]["maximum"]) == (1, 5)
    plan = components["PlanRequest"]["properties"]
    assert (plan["baseline_year"]["minimum"], plan["baseline_year"]["maximum"]) == (1990, 2100)
    assert (components["PersonRequest"]["properties"]["birth_year"]["minimum"],
            components["PersonRequest"]["properties"]["birth_year"]["maximum"]) == (1900, 2100)
    assert components["TargetRequest"]["additionalProperties"] is False


def test_a_value_past_a_stated_limit_gets_the_rules_own_message(as_officer, report):
    response = as_officer.patch(f"/api/v1/annual-reports/{report.pk}/", {"year": 1989, "version": report.version},
                                format="json")
    assert response.status_code == 400
    assert response.json() == {"year": ["Năm phải từ 1990 đến năm sau."]}
