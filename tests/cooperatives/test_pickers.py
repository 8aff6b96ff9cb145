"""The search-box pickers' endpoints (cooperatives.pickers, reports.pickers) and the forms
that use them: only records inside the user's scope, for the roles each picker is for;
names found without accents; namesakes told apart; a fixed number of queries per keystroke;
and the member and manager forms that create a person in place and set the education level."""

import datetime

import pytest
from django.test import Client

from cooperatives.models import ManagementRole, Membership, Person
from tests.factories import CollectiveFactory, MembershipFactory, PersonFactory, PlanFactory

PEOPLE = "/registry/pick/people/"
COLLECTIVES = "/registry/pick/collectives/"
COMMUNES = "/registry/pick/communes/"
UNITS = "/registry/pick/units/"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["text"] for row in response.json()["results"]]


@pytest.fixture
def namesakes(units):
    """Two "Nông Văn Thắng": one of Hoành Mô born 1965 in a Hoành Mô HTX, one of Lục Hồn born 1982."""
    hoanh_mo = PersonFactory(full_name="Nông Văn Thắng", birth_year=1965, unit=units["06841"])
    luc_hon = PersonFactory(full_name="Nông Văn Thắng", birth_year=1982, unit=units["06856"])
    MembershipFactory(person=hoanh_mo, collective=CollectiveFactory(name="HTX Miến dong Hoành Mô",
                                                                    unit=units["06841"]))
    return hoanh_mo, luc_hon


def test_it_finds_a_name_typed_without_accents_in_any_case(officer, namesakes):
    client = client_for(officer)
    assert names(client.get(PEOPLE, {"q": "nong van thang"})) == ["Nông Văn Thắng", "Nông Văn Thắng"]
    assert names(client.get(PEOPLE, {"q": "NÔNG thắng"})) == ["Nông Văn Thắng", "Nông Văn Thắng"]
    assert names(client.get(PEOPLE, {"q": "nong van thanh"})) == []


def test_its_options_tell_namesakes_apart(officer, namesakes):
    hoanh_mo, luc_hon = namesakes
    rows = client_for(officer).get(PEOPLE, {"q": "nong van thang"}).json()["results"]
    detail = {row["id"]: row["detail"] for row in rows}
    assert detail[hoanh_mo.pk] == "sinh 1965 · Xã Hoành Mô · HTX Miến dong Hoành Mô"
    assert detail[luc_hon.pk] == "sinh 1982 · Xã Lục Hồn"
    assert len(set(detail.values())) == 2


def test_an_officer_of_one_commune_sees_only_its_people_and_collectives(commune_officer, namesakes, units):
    hoanh_mo, _luc_hon = namesakes
    CollectiveFactory(name="HTX Chè Lục Hồn", unit=units["06856"])
    client = client_for(commune_officer)
    rows = client.get(PEOPLE, {"q": "nong van thang"}).json()["results"]
    assert [row["id"] for row in rows] == [hoanh_mo.pk]
    assert names(client.get(COLLECTIVES, {"q": "htx"})) == ["HTX Miến dong Hoành Mô"]
    assert "Xã Lục Hồn" not in names(client.get(COMMUNES))
    assert names(client.get(COMMUNES, {"q": "hoanh mo"}))[0] == "Xã Hoành Mô"


def test_a_collective_outside_the_scope_is_not_named_beside_a_person(commune_officer, units):
    person = PersonFactory(full_name="Lăng Văn Sáng", unit=units["06841"])
    MembershipFactory(person=person, collective=CollectiveFactory(name="HTX Ngoài Phạm Vi", unit=units["06856"]))
    rows = client_for(commune_officer).get(PEOPLE, {"q": "lang van sang"}).json()["results"]
    assert rows[0]["detail"] == "sinh 1980 · Xã Hoành Mô"


def test_people_and_collectives_are_for_writers_units_for_every_role(viewer, officer, namesakes):
    anonymous = Client()
    for url in (PEOPLE, COLLECTIVES, COMMUNES, UNITS, "/reports/pick/units/"):
        assert anonymous.get(url, {"q": "x"}).status_code == 403, url
    reader = client_for(viewer)
    assert reader.get(PEOPLE, {"q": "nong"}).status_code == 403
    assert reader.get(COLLECTIVES, {"q": "htx"}).status_code == 403
    assert "Xã Hoành Mô" in names(reader.get(COMMUNES, {"q": "hoanh"}))
    assert "Huyện Bình Liêu" in names(reader.get(UNITS, {"q": "binh lieu"}))
    assert len(names(client_for(officer).get(PEOPLE, {"q": "nong"}))) == 2


def test_it_pages_without_counting(officer, units):
    PersonFactory.create_batch(25, unit=units["06841"])
    client = client_for(officer)
    first = client.get(PEOPLE, {"q": "hoang van thu"}).json()
    assert (len(first["results"]), first["has_more"], first["next_page"]) == (20, True, 2)
    second = client.get(PEOPLE, {"q": "hoang van thu", "p": 2}).json()
    assert (len(second["results"]), second["has_more"]) == (5, False)
    assert not {r["id"] for r in first["results"]} & {r["id"] for r in second["results"]}


# Per keystroke: 1 the session, 2 the user with their scope unit (accounts.backends), 3 the
# units under it, 4–5 the successions followed forward and back (accounts.scope), 6 one page
# of rows with their commune and collective (subqueries, evaluated for the page's rows
# only). No COUNT, nothing per row.
KEYSTROKE_QUERIES = 6


@pytest.mark.parametrize("url", [PEOPLE, COLLECTIVES, COMMUNES, UNITS])
def test_a_keystroke_runs_a_fixed_number_of_queries(officer, units, url, django_assert_num_queries):
    client = client_for(officer)
    person = PersonFactory(unit=units["06841"])
    MembershipFactory(person=person)
    with django_assert_num_queries(KEYSTROKE_QUERIES):
        client.get(url, {"q": "h"})
    for i in range(30):
        MembershipFactory(person=PersonFactory(unit=units["06856"]),
                          collective=CollectiveFactory(name=f"HTX Hoà {i}", unit=units["06856"]))
    with django_assert_num_queries(KEYSTROKE_QUERIES):
        response = client.get(url, {"q": "h"})
    assert response.json()["results"]


def test_the_dashboard_unit_picker_offers_the_plans_units_of_the_year_in_scope(viewer, commune_officer, units):
    plan = PlanFactory(unit=units["198"])
    client = client_for(viewer)
    found = names(client.get("/reports/pick/units/", {"plan": plan.code, "year": 2023, "q": "hoanh mo"}))
    assert found == ["Xã Hoành Mô"]  # the 2025 "Xã Hoành Mô (mới)" is not a unit of 2023
    assert names(client.get("/reports/pick/units/", {"plan": plan.code, "year": 2026, "q": "hoanh mo"})) == [
        "Xã Hoành Mô (mới)"]
    assert names(client.get("/reports/pick/units/", {"plan": plan.code, "year": 2023}))[0] == "Huyện Bình Liêu"
    assert names(client.get("/reports/pick/units/", {"plan": "no-such-plan", "q": "hoanh"})) == []
    narrow = names(client_for(commune_officer).get("/reports/pick/units/", {"plan": plan.code, "year": 2023}))
    assert "Xã Lục Hồn" not in narrow


def test_the_dashboard_renders_only_the_chosen_unit(viewer, units):
    plan = PlanFactory(unit=units["198"])
    html = client_for(viewer).get("/reports/", {"plan": plan.code, "unit": units["06841"].pk}).content.decode()
    assert 'data-picker="/reports/pick/units/"' in html
    assert "Xã Hoành Mô" in html
    assert "Xã Lục Hồn</option>" not in html


# --- The member and manager forms ---


@pytest.fixture
def htx(units):
    return CollectiveFactory(name="HTX Miến dong Hoành Mô", unit=units["06841"])


def test_a_member_is_chosen_with_the_picker_and_saved(officer, htx, namesakes):
    _hoanh_mo, luc_hon = namesakes
    client = client_for(officer)
    page = client.get(f"/registry/{htx.pk}/members/new/").content.decode()
    assert 'data-picker="/registry/pick/people/"' in page
    assert "Nông Văn Thắng" not in page  # the form lists nobody: the picker asks as the officer types
    response = client.post(f"/registry/{htx.pk}/members/new/", {
        "person": luc_hon.pk, "member_type": "official", "joined_on": "01/03/2021", "capital_contribution": "0"})
    assert response.status_code == 302
    assert Membership.objects.filter(person=luc_hon, collective=htx).exists()


def test_a_person_outside_the_scope_is_refused_server_side(commune_officer, htx, namesakes):
    _hoanh_mo, luc_hon = namesakes
    response = client_for(commune_officer).post(f"/registry/{htx.pk}/members/new/", {
        "person": luc_hon.pk, "member_type": "official", "joined_on": "01/03/2021", "capital_contribution": "0"})
    assert response.status_code == 200
    assert "person" in response.context["form"].errors
    assert not Membership.objects.filter(person=luc_hon).exists()


def test_a_member_form_without_a_person_says_to_choose_or_create(officer, htx):
    response = client_for(officer).post(f"/registry/{htx.pk}/members/new/", {
        "member_type": "official", "joined_on": "01/03/2021", "capital_contribution": "0"})
    assert response.status_code == 200
    assert "Thêm người mới" in response.context["form"].errors["person"][0]


def test_a_new_person_is_created_from_the_member_form(officer, htx, units):
    response = client_for(officer).post(f"/registry/{htx.pk}/members/new/", {
        "member_type": "official", "joined_on": "01/03/2021", "capital_contribution": "0",
        "new-full_name": "Triệu Thị Mới", "new-kind": "individual", "new-gender": "female",
        "new-birth_year": "1990", "new-ethnicity": "09", "new-unit": units["06841"].pk})
    assert response.status_code == 302
    person = Person.objects.get(full_name="Triệu Thị Mới")
    assert (person.birth_year, person.unit, person.search_text) == (1990, units["06841"], "trieu thi moi")
    assert Membership.objects.filter(person=person, collective=htx).exists()
    assert person.history.first().history_user == officer  # through the service, with its author


def test_a_refused_membership_leaves_no_new_person(officer, htx, units):
    response = client_for(officer).post(f"/registry/{htx.pk}/members/new/", {
        "member_type": "official", "joined_on": "01/03/2099", "capital_contribution": "0",
        "new-full_name": "Triệu Thị Mới", "new-unit": units["06841"].pk})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Person.objects.filter(full_name="Triệu Thị Mới").exists()


def test_a_new_person_missing_a_commune_is_refused_next_to_it(officer, htx):
    response = client_for(officer).post(f"/registry/{htx.pk}/members/new/", {
        "member_type": "official", "joined_on": "01/03/2021", "capital_contribution": "0",
        "new-full_name": "Triệu Thị Mới"})
    assert response.status_code == 200
    assert "unit" in response.context["person_form"].errors
    assert not Person.objects.filter(full_name="Triệu Thị Mới").exists()
    assert not Membership.objects.exists()


def test_the_manager_form_shows_and_sets_the_education_level(officer, htx, namesakes):
    hoanh_mo, _luc_hon = namesakes
    client = client_for(officer)
    response = client.post(f"/registry/{htx.pk}/managers/new/", {
        "person": hoanh_mo.pk, "role": "director", "started_on": "01/01/2022", "education": "college"})
    assert response.status_code == 302
    hoanh_mo.refresh_from_db()
    assert hoanh_mo.education == "college"
    role = ManagementRole.objects.get(person=hoanh_mo)
    page = client.get(f"/registry/managers/{role.pk}/edit/")
    assert page.context["form"]["education"].value() == "college"
    assert 'data-education-of="id_person"' in page.content.decode()


def test_a_new_manager_gets_the_education_of_the_form(officer, htx, units):
    response = client_for(officer).post(f"/registry/{htx.pk}/managers/new/", {
        "role": "director", "started_on": "01/01/2022", "education": "university",
        "new-full_name": "Lương Văn Quản", "new-unit": units["06841"].pk, "new-birth_year": "1975"})
    assert response.status_code == 302, (response.context["form"].errors, response.context["person_form"].errors)
    person = Person.objects.get(full_name="Lương Văn Quản")
    assert person.education == "university"
    assert ManagementRole.objects.get(person=person).started_on == datetime.date(2022, 1, 1)
