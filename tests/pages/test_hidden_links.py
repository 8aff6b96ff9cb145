"""Saving a course or an event keeps the links its editor cannot see (issue 9, low finding):
the links written are (submitted ∩ visible) ∪ (stored ∖ visible), one rule in
accounts.services.scoped_links for the pages and the API alike."""

from django.test import Client
from django.urls import reverse

from tests.api.conftest import token_client
from tests.factories import CollectiveFactory, PersonFactory, TradeEventFactory, TrainingCourseFactory


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def ids(manager) -> set[int]:
    return set(manager.values_list("pk", flat=True))


def test_the_course_page_keeps_attendees_its_editor_cannot_see(commune_officer, officer, units):
    mine, newcomer = PersonFactory(unit=units["06841"]), PersonFactory(unit=units["06841"])
    neighbour, far = PersonFactory(unit=units["06856"]), PersonFactory(unit=units["N-TIENYEN"])
    course = TrainingCourseFactory(unit=units["06841"])
    course.attendees.set([mine, neighbour, far])
    data = {"title": course.title, "held_on": "01/06/2022", "unit": units["06841"].pk, "extra_attendees": "0"}
    url = reverse("cooperatives:training_edit", args=[course.pk])

    # Hoành Mô's officer sees only `mine`: swapping it for `newcomer` leaves the others be.
    response = logged_in(commune_officer).post(url, {**data, "attendees": [newcomer.pk], "version": 1})
    assert response.status_code == 302
    assert ids(course.attendees) == {newcomer.pk, neighbour.pk, far.pk}

    # The district's officer sees Lục Hồn too, not Tiên Yên (another district since 2025).
    response = logged_in(officer).post(url, {**data, "attendees": [], "version": 2})
    assert response.status_code == 302
    assert ids(course.attendees) == {far.pk}


def test_the_event_page_keeps_participants_its_editor_cannot_see(commune_officer, units):
    mine, neighbour = CollectiveFactory(unit=units["06841"]), CollectiveFactory(unit=units["06856"])
    event = TradeEventFactory(unit=units["06841"])
    event.participants.set([mine, neighbour])
    response = logged_in(commune_officer).post(reverse("cooperatives:event_edit", args=[event.pk]), {
        "name": event.name, "held_on": "01/09/2022", "kind": "ocop_fair", "unit": units["06841"].pk,
        "version": 1})
    assert response.status_code == 302
    assert ids(event.participants) == {neighbour.pk}


def test_the_api_follows_the_same_rule(commune_officer, admin_user, units):
    mine, neighbour = CollectiveFactory(unit=units["06841"]), CollectiveFactory(unit=units["06856"])
    event = TradeEventFactory(unit=units["06841"])
    event.participants.set([mine, neighbour])
    client = token_client(commune_officer)

    response = client.patch(f"/api/v1/trade-events/{event.pk}/", {"participants": [], "version": 1}, format="json")
    assert response.status_code == 200
    assert response.json()["participants"] == [neighbour.pk]

    # A record outside the scope is not there: naming it links nothing.
    far = PersonFactory(unit=units["N-TIENYEN"])
    response = client.post("/api/v1/trainings/", {"title": "Lớp", "held_on": "2022-05-01", "unit": "06841",
                                                  "attendees": [far.pk]}, format="json")
    assert response.status_code == 201
    assert response.json()["attendees"] == []

    # A national admin sees every link, so writes exactly what was sent.
    response = token_client(admin_user).patch(f"/api/v1/trade-events/{event.pk}/",
                                              {"participants": [], "version": 2}, format="json")
    assert response.status_code == 200
    assert response.json()["participants"] == []
