"""/api/v1/approvals/ and /api/v1/completeness/: the workflow over the API (docs/api.md)."""

from cooperatives.models import YearApproval
from tests.api.conftest import token_client
from tests.factories import CollectiveFactory


def url(unit, year=2022, action=""):
    return f"/api/v1/approvals/{unit.code}/{year}/" + (f"{action}/" if action else "")


def test_a_year_goes_up_over_the_api_with_its_steps(report, hoanh_mo, commune_officer, officer):
    commune, district = token_client(commune_officer), token_client(officer)
    draft = commune.get(url(hoanh_mo)).json()
    assert (draft["state"], draft["version"], draft["events"], draft["allowed_actions"]) == ("draft", 0, [], ["submit"])
    sent = commune.post(url(hoanh_mo, action="submit"), {"version": 0, "comment": "Đủ"}, format="json")
    assert sent.status_code == 200 and sent.json()["state"] == "submitted"
    assert district.get(url(hoanh_mo)).json()["allowed_actions"] == ["approve", "return"]
    done = district.post(url(hoanh_mo, action="approve"), {"version": sent.json()["version"]}, format="json").json()
    assert done["locked"] is True and done["approved_by"] == "officer1"
    assert [(e["action"], e["actor"], e["comment"]) for e in done["events"]] == [
        ("submit", "officer_hm", "Đủ"), ("approve", "officer1", "")]
    listed = district.get("/api/v1/approvals/", {"within": "198", "state": "approved"}).json()
    assert [(r["unit"], r["year"]) for r in listed["results"]] == [("06841", 2022)]


def test_the_api_refuses_with_the_status_of_each_reason(report, hoanh_mo, commune_officer, officer, second_officer,
                                                       viewer):
    sent = token_client(commune_officer).post(url(hoanh_mo, action="submit"), {"version": 0}, format="json").json()
    # The submitter's own approval: 403.
    assert token_client(commune_officer).post(url(hoanh_mo, action="approve"), {"version": sent["version"]},
                                              format="json").status_code == 403
    # A viewer: 403 before anything is read.
    assert token_client(viewer).post(url(hoanh_mo, action="return"), {"version": 1, "comment": "x"},
                                     format="json").status_code == 403
    # Returning without a comment: 400 naming it.
    missing = token_client(officer).post(url(hoanh_mo, action="return"), {"version": sent["version"]}, format="json")
    assert missing.status_code == 400 and "comment" in missing.json()
    # Two reviewers with the same version: the second is 409, nothing applied twice.
    first = token_client(officer).post(url(hoanh_mo, action="approve"), {"version": sent["version"]}, format="json")
    second = token_client(second_officer).post(url(hoanh_mo, action="return"),
                                               {"version": sent["version"], "comment": "Sai"}, format="json")
    assert (first.status_code, second.status_code) == (200, 409)
    assert second.json()["current_version"] == first.json()["version"]
    assert YearApproval.objects.get().state == "approved"
    # Unknown verbs, units outside the scope, years out of range: 404.
    assert token_client(officer).post(url(hoanh_mo, action="burn"), {"version": 0}, format="json").status_code == 404
    assert token_client(commune_officer).get("/api/v1/approvals/198/2022/").status_code == 404
    assert token_client(officer).get(url(hoanh_mo, 1800)).status_code == 404


def test_a_year_with_missing_reports_is_400_listing_them(report, hoanh_mo, commune_officer):
    CollectiveFactory(unit=hoanh_mo, name="HTX Chưa Nộp")
    response = token_client(commune_officer).post(url(hoanh_mo, action="submit"), {"version": 0}, format="json")
    assert response.status_code == 400
    assert "HTX Chưa Nộp" in response.json()["non_field_errors"][0]


def test_completeness_lists_every_unit_overdue_first(report, hoanh_mo, officer):
    CollectiveFactory(unit=hoanh_mo, name="HTX Chưa Nộp")
    body = token_client(officer).get("/api/v1/completeness/", {"unit": "198", "year": 2022}).json()
    assert body["count"] == 8  # the district and its seven communes
    # Overdue first (the district, then its commune in tree order), then the rest.
    assert [(r["unit"], r["overdue"]) for r in body["results"][:3]] == [("198", True), ("06841", True),
                                                                        ("06838", False)]
    commune = body["results"][1]
    assert (commune["expected"], commune["received"], commune["missing"]) == (2, 1, 1)
    assert commune["due_on"] == "2023-01-15" and commune["classification_due_on"] == "2022-12-15"
    district = body["results"][0]
    assert (district["expected"], district["due_on"], district["overdue"]) == (2, "2022-12-18", True)
    assert all(not r["overdue"] for r in body["results"] if r["expected"] == 0 and r["unit"] != "198")
