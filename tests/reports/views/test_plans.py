"""Plans are data: admins create, edit and clone them from the UI; everyone else gets 403."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from reports.models import Plan
from reports.services import plan_clone

pytestmark = pytest.mark.django_db


def test_an_admin_clones_a_plan_to_the_next_year(client, admin_user, plan):
    client.force_login(admin_user)
    page = client.get(reverse("reports:plan_clone", args=[plan.code]))
    assert page.status_code == 200
    assert 'value="ui-2024"' in page.content.decode()
    response = client.post(reverse("reports:plan_clone", args=[plan.code]), {"code": "ui-2024", "title": ""})
    assert response.status_code == 302
    clone = Plan.objects.get(code="ui-2024")
    assert (clone.baseline_year, clone.target_year, clone.unit_id) == (2023, 2024, plan.unit_id)
    assert clone.title == "Kế hoạch phát triển kinh tế tập thể năm 2024"
    assert clone.legal_basis == plan.legal_basis
    assert [(t.indicator, t.comparator, t.low, t.high) for t in clone.targets.order_by("position")] == [
        (t.indicator, t.comparator, t.low, t.high) for t in plan.targets.order_by("position")]


def test_a_clone_needs_a_new_code(client, admin_user, plan):
    client.force_login(admin_user)
    response = client.post(reverse("reports:plan_clone", args=[plan.code]), {"code": plan.code})
    assert response.status_code == 200
    assert "đã được dùng" in response.content.decode()
    assert Plan.objects.count() == 1


@pytest.mark.parametrize("who", ["viewer", "officer"])
def test_only_admins_reach_the_plan_pages(client, who, role_users, plan):
    client.force_login(role_users[who])
    for url in (reverse("reports:plan_list"), reverse("reports:plan_create"),
                reverse("reports:plan_edit", args=[plan.code]), reverse("reports:plan_clone", args=[plan.code])):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("reports:plan_clone", args=[plan.code]), {"code": "x-2024"}).status_code == 403
    assert not Plan.objects.filter(code="x-2024").exists()
    with pytest.raises(PermissionDenied):
        plan_clone(plan, actor=role_users[who], code="x-2024")


def test_an_admin_edits_a_target_from_the_page(client, admin_user, plan):
    client.force_login(admin_user)
    url = reverse("reports:plan_edit", args=[plan.code])
    form = client.get(url).context["formset"]
    # what a browser sends: every row, the empty extra rows with their initial values
    data = {"version": plan.version, "code": plan.code, "title": plan.title, "unit": plan.unit_id,
            "baseline_year": 2022, "target_year": 2023, "legal_basis": plan.legal_basis,
            "targets-TOTAL_FORMS": len(form.forms), "targets-INITIAL_FORMS": form.initial_form_count(),
            "targets-MIN_NUM_FORMS": 0, "targets-MAX_NUM_FORMS": 1000}
    for i, f in enumerate(form.forms):
        t = f.instance
        data.update({f"targets-{i}-id": t.pk or "", f"targets-{i}-plan": plan.pk if t.pk else "",
                     f"targets-{i}-position": t.position, f"targets-{i}-indicator": t.indicator or "",
                     f"targets-{i}-comparator": t.comparator or "", f"targets-{i}-low": t.low if t.low is not None else "",
                     f"targets-{i}-high": t.high if t.high is not None else ""})
        if t.indicator == "htx_new":
            data[f"targets-{i}-low"] = "4"
    response = client.post(url, data)
    assert response.status_code == 302, response.context and (response.context["form"].errors,
                                                               response.context["formset"].errors)
    assert plan.targets.get(indicator="htx_new").low == 4
    assert plan.targets.count() == 4


def test_an_admin_creates_a_plan(client, admin_user, district):
    client.force_login(admin_user)
    data = {"code": "moi-2025", "title": "Kế hoạch 2025", "unit": district.pk, "baseline_year": 2024,
            "target_year": 2025, "legal_basis": "",
            "targets-TOTAL_FORMS": 1, "targets-INITIAL_FORMS": 0, "targets-MIN_NUM_FORMS": 0,
            "targets-MAX_NUM_FORMS": 1000, "targets-0-position": 1, "targets-0-indicator": "htx_new",
            "targets-0-comparator": "at_least", "targets-0-low": "2", "targets-0-high": ""}
    response = client.post(reverse("reports:plan_create"), data)
    assert response.status_code == 302
    assert Plan.objects.get(code="moi-2025").targets.get().low == 2


def test_a_stale_edit_is_refused_and_says_why(client, admin_user, plan):
    client.force_login(admin_user)
    data = {"version": plan.version - 1 if plan.version > 1 else 999, "code": plan.code, "title": "Đổi tên",
            "unit": plan.unit_id, "baseline_year": 2022, "target_year": 2023, "legal_basis": "",
            "targets-TOTAL_FORMS": 0, "targets-INITIAL_FORMS": 0, "targets-MIN_NUM_FORMS": 0,
            "targets-MAX_NUM_FORMS": 1000}
    response = client.post(reverse("reports:plan_edit", args=[plan.code]), data)
    assert response.status_code == 200
    assert "đã được người khác thay đổi" in response.content.decode()
    plan.refresh_from_db()
    assert plan.title != "Đổi tên"
    assert plan.targets.count() == 4
