"""Targets of ratio indicators in the plan editor (domain.md, decision 25): "55 %", "55%"
and "0,55" store the same 0.55, are shown back as "55 %", a share outside 0–100 % is
refused (pages, API, admin: Target.clean), and every control of the editor has a name."""

import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from reports.forms import TargetForm
from reports.models import Plan
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db


def _create(client, district, low, indicator="htx_effective_share", high=""):
    data = {"code": "moi-2025", "title": "Kế hoạch 2025", "unit": district.pk, "baseline_year": 2024,
            "target_year": 2025, "legal_basis": "",
            "targets-TOTAL_FORMS": 1, "targets-INITIAL_FORMS": 0, "targets-MIN_NUM_FORMS": 0,
            "targets-MAX_NUM_FORMS": 1000, "targets-0-position": 1, "targets-0-indicator": indicator,
            "targets-0-comparator": "between" if high else "at_least", "targets-0-low": low,
            "targets-0-high": high}
    return client.post(reverse("reports:plan_create"), data)


@pytest.mark.parametrize("typed", ["55 %", "55%", "0,55", "55\u00a0%"])
def test_it_stores_every_way_of_writing_55_percent_as_0_55(client, admin_user, district, typed):
    client.force_login(admin_user)
    response = _create(client, district, typed)
    assert response.status_code == 302, response.context["formset"].errors
    assert Plan.objects.get(code="moi-2025").targets.get().low == Decimal("0.55")


@pytest.mark.parametrize(("typed", "shown"), [("55", "5.500 %"), ("150 %", "150 %"), ("-5 %", "-5 %")])
def test_it_refuses_a_share_outside_0_to_100_percent(client, admin_user, district, typed, shown):
    client.force_login(admin_user)
    response = _create(client, district, typed)
    assert response.status_code == 200
    errors = response.context["formset"].forms[0].errors["low"]
    assert errors == [f"Cận dưới của tỷ lệ phải từ 0 % đến 100 % (nhập 55 % hoặc 0,55), không phải {shown}."]
    assert not Plan.objects.exists()


def test_a_growth_may_pass_100_percent_and_a_count_takes_no_percent_sign(client, admin_user, district):
    client.force_login(admin_user)
    assert _create(client, district, "80 %", indicator="htx_income_growth", high="100 %").status_code == 302
    target = Plan.objects.get(code="moi-2025").targets.get()
    assert (target.low, target.high) == (Decimal("0.8"), Decimal("1"))
    Plan.objects.all().delete()
    refused = _create(client, district, "3 %", indicator="htx_new")
    assert refused.context["formset"].forms[0].errors["low"][0] == (
        "Cận dưới: chỉ tiêu này không phải tỷ lệ, hãy nhập số không có %.")


def test_the_editor_shows_ratio_targets_as_percentages(client, admin_user, plan):
    client.force_login(admin_user)
    page = client.get(reverse("reports:plan_edit", args=[plan.code])).content.decode()
    assert 'value="5 %"' in page
    assert 'value="7 %"' in page
    assert 'value="50 %"' in page
    assert 'value="3"' in page  # a count stays a number
    assert "0,3 là 30%" not in page
    form = TargetForm({"position": "1", "indicator": "htx_average_share", "comparator": "at_least", "low": "30 %"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["low"] == Decimal("0.3")


def test_the_api_refuses_a_share_of_55_meant_as_55_percent(admin_user, district):
    api = token_client(admin_user)
    body = {"code": "api-2025", "title": "Kế hoạch", "unit": district.code, "baseline_year": 2024,
            "target_year": 2025, "targets": [{"indicator": "htx_effective_share", "comparator": "at_least",
                                              "low": 55, "high": None}]}
    refused = api.post("/api/v1/plans/", body, format="json")
    assert refused.status_code == 400, refused.content
    assert "0 % đến 100 %" in str(refused.json())
    assert not Plan.objects.exists()
    body["targets"][0]["low"] = 0.55
    assert api.post("/api/v1/plans/", body, format="json").status_code == 201


class _Controls(HTMLParser):
    """Inputs, selects and text areas of a page, and the ids its <label for> name."""

    def __init__(self):
        super().__init__()
        self.controls, self.labelled = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label" and attrs.get("for"):
            self.labelled.add(attrs["for"])
        if tag in ("input", "select", "textarea") and attrs.get("type") not in ("hidden", "submit"):
            self.controls.append(attrs)


def test_every_control_of_the_plan_editor_has_a_name(client, admin_user, plan):
    client.force_login(admin_user)
    parser = _Controls()
    parser.feed(client.get(reverse("reports:plan_edit", args=[plan.code])).content.decode())
    unnamed = [c for c in parser.controls if not c.get("aria-label") and c.get("id") not in parser.labelled]
    assert len(parser.controls) > 40
    assert unnamed == []
    names = [c["aria-label"] for c in parser.controls if c.get("aria-label")]
    assert "Cận dưới, dòng 1" in names
    assert "Xoá, dòng 1" in names
    assert not any(re.search(r"dòng 0\b", n) for n in names)
