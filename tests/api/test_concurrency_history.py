"""Optimistic concurrency (409 on a stale version, nothing changed), protected deletes
(409) and the history endpoint (who changed what, when)."""

from tests.factories import AnnualReportFactory, CollectiveFactory, OcopRatingFactory


def test_stale_version_is_409_and_changes_nothing(as_officer, units):
    collective = CollectiveFactory(unit=units["06841"], phone="1")
    url = f"/api/v1/collectives/{collective.pk}/"
    assert as_officer.patch(url, {"phone": "2", "version": 1}, format="json").status_code == 200
    # A second client still holding version 1:
    response = as_officer.patch(url, {"phone": "3", "version": 1}, format="json")
    assert response.status_code == 409
    assert response.json()["current_version"] == 2
    collective.refresh_from_db()
    assert (collective.phone, collective.version) == ("2", 2)


def test_update_without_version_is_400_naming_version(as_officer, units):
    collective = CollectiveFactory(unit=units["06841"])
    response = as_officer.patch(f"/api/v1/collectives/{collective.pk}/", {"phone": "2"}, format="json")
    assert response.status_code == 400
    assert "version" in response.json()


def test_deleting_a_referenced_record_is_409(as_officer, units):
    report = AnnualReportFactory(collective=CollectiveFactory(unit=units["06841"]))
    rating = OcopRatingFactory(product__producer=report.collective)
    for url in [f"/api/v1/collectives/{report.collective_id}/", f"/api/v1/ocop/products/{rating.product_id}/"]:
        response = as_officer.delete(url)
        assert response.status_code == 409, url
        assert response.json()["detail"]
    assert as_officer.get(f"/api/v1/collectives/{report.collective_id}/").status_code == 200


def test_history_shows_author_and_change(as_officer, officer, units):
    collective = CollectiveFactory(unit=units["06841"], name="HTX Cũ")
    url = f"/api/v1/collectives/{collective.pk}/"
    as_officer.patch(url, {"name": "HTX Mới", "version": 1}, format="json")
    history = as_officer.get(url + "history/").json()
    assert history["count"] == 2
    latest = history["results"][0]
    assert latest["user"] == officer.username
    assert latest["type"] == "~"
    assert latest["changes"] == [{"field": "name", "old": "HTX Cũ", "new": "HTX Mới"}]
    assert history["results"][1]["type"] == "+"
