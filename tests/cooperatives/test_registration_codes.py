"""Registration codes are compared in one normal form (issue 9, low finding): a code that
looks like a registered one ("５７０１", "57\u200b01") is that code, on every door."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.services import scoped_create
from cooperatives.models import Collective, normalize_registration_code
from tests.api.conftest import token_client
from tests.factories import CollectiveFactory

migration = importlib.import_module("cooperatives.migrations.0002_normalize_registration_codes")


@pytest.mark.parametrize(("typed", "stored"), [
    ("5701234567", "5701234567"),
    ("５７０１２３４５６７", "5701234567"),  # fullwidth digits (a Japanese or Chinese input method)
    ("57\u200b0123\u200d4567", "5701234567"),  # zero-width space and joiner
    ("\ufeff5701234567\u00a0", "5701234567"),  # byte-order mark, non-breaking space
    ("٥٧٠١٢٣٤٥٦٧", "5701234567"),  # Arabic-Indic digits
    ("0101234567-００１", "0101234567-001"),  # a branch's tax code
    (" \u200b ", None),
    (None, None),
])
def test_the_normal_form(typed, stored):
    assert normalize_registration_code(typed) == stored


def test_a_look_alike_code_is_refused_on_the_page(client, officer, units):
    client.force_login(officer)
    officer_client = client
    CollectiveFactory(registration_code="5701234567", unit=units["06841"])
    data = {"kind": "htx", "name": "HTX Giống Hệt", "unit": units["06841"].pk, "sector": "agriculture",
            "established_on": "01/03/2020", "charter_capital": "0"}
    url = reverse("cooperatives:collective_create")
    # Whatever way the code is written, one message on the field, naming it and the code.
    for look_alike in ("5701234567", " 5701234567 ", "５７０１２３４５６７", "57\u200b01234567", "5701234567\u200b"):
        response = officer_client.post(url, {**data, "registration_code": look_alike})
        assert response.status_code == 200
        form = response.context["form"]
        assert form.errors["registration_code"] == [
            "Mã số HTX / mã số thuế 5701234567 đã được dùng cho một tổ chức khác."]
        assert not form.non_field_errors()
    assert Collective.objects.count() == 1
    assert officer_client.post(url, {**data, "registration_code": "５７０１２３４５６８"}).status_code == 302
    assert Collective.objects.get(name="HTX Giống Hệt").registration_code == "5701234568"


def test_a_look_alike_code_is_refused_by_the_api_and_the_services(officer, units):
    CollectiveFactory(registration_code="5701234567", unit=units["06841"])
    response = token_client(officer).post("/api/v1/collectives/", {
        "kind": "htx", "registration_code": "57\u200b01234567", "name": "HTX Qua API", "unit": "06841",
        "established_on": "2020-01-01"}, format="json")
    assert response.status_code == 400
    assert response.json()["registration_code"] == ["Mã số này đã được dùng cho một tổ chức khác."]
    with pytest.raises(ValidationError) as refused:
        scoped_create(Collective, actor=officer, data={
            "kind": "htx", "registration_code": "５７０１２３４５６７", "name": "HTX Nhập", "unit": units["06841"],
            "established_on": "2020-01-01"})
    assert "registration_code" in refused.value.message_dict
    assert Collective.objects.count() == 1


def test_the_migration_normalises_stored_codes_and_leaves_clashes(units):
    # Codes stored before the rule, written past validation as an old release did.
    Collective.objects.bulk_create([
        Collective(kind="htx", registration_code="５７０１０００００１", name="HTX Rộng", unit=units["06841"],
                   established_on="2020-01-01", search_text="htx rong ５７０１０００００１"),
        Collective(kind="htx", registration_code="5701000002", name="HTX Gốc", unit=units["06841"],
                   established_on="2020-01-01"),
        Collective(kind="htx", registration_code="57\u200b01000002", name="HTX Trùng", unit=units["06841"],
                   established_on="2020-01-01"),
    ])

    migration.normalize_codes(apps, None)

    wide, original, clash = (Collective.objects.get(name=n) for n in ("HTX Rộng", "HTX Gốc", "HTX Trùng"))
    assert (wide.registration_code, wide.version) == ("5701000001", 2)
    assert "5701000001" in wide.search_text
    entry = wide.history.get()
    assert (entry.history_type, entry.registration_code, entry.version) == ("~", "5701000001", 2)
    assert entry.history_change_reason == "normalise registration code"
    # The look-alike of a stored code stays for an officer to settle; the original is untouched.
    assert (clash.registration_code, clash.version) == ("57\u200b01000002", 1)
    assert (original.registration_code, original.version) == ("5701000002", 1)
