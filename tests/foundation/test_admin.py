"""The Django admin: every model registered and usable, lists without N+1, edits validated,
versioned and kept in history with their author."""

import datetime

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role, User
from cooperatives.models import Collective
from tests.factories import (
    AnnualReportFactory,
    CollectiveFactory,
    ManagementRoleFactory,
    MembershipFactory,
    OcopRatingFactory,
    TargetFactory,
)

REGISTRY_APPS = {"accounts", "units", "cooperatives", "ocop", "reports", "imports"}
READ_ONLY = {"PendingImport", "YearApproval", "ApprovalEvent", "ApprovalReminder", "Publication", "PublishedResult"}


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", "root@example.org", "pw-root-2023!", role=Role.ADMIN)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_model_of_the_registry_is_registered():
    from django.apps import apps

    models = {m for m in apps.get_models() if m._meta.app_label in REGISTRY_APPS
              and not m.__name__.startswith("Historical")}
    assert models - set(admin.site._registry) == set()


def test_every_list_add_and_change_page_opens(admin_client, units):
    TargetFactory()
    OcopRatingFactory()
    MembershipFactory()
    ManagementRoleFactory()
    AnnualReportFactory()
    for model in admin.site._registry:
        if model._meta.app_label not in REGISTRY_APPS:
            continue
        assert admin_client.get(url(model, "changelist")).status_code == 200, model
        # Pending imports, approval steps and publications are only looked at, never added by hand.
        expected = 403 if model.__name__ in READ_ONLY else 200
        assert admin_client.get(url(model, "add")).status_code == expected, model
        obj = model._default_manager.first()
        if obj is not None:
            assert admin_client.get(url(model, "change", obj.pk)).status_code == 200, model
            if hasattr(model, "history"):
                assert admin_client.get(url(model, "history", obj.pk)).status_code == 200, model


@pytest.mark.parametrize("factory", [CollectiveFactory, AnnualReportFactory, MembershipFactory,
                                     ManagementRoleFactory, OcopRatingFactory, TargetFactory])
def test_lists_cost_the_same_for_one_row_as_for_five(admin_client, units, factory):
    factory()
    model = factory._meta.model
    with CaptureQueriesContext(connection) as one:
        assert admin_client.get(url(model, "changelist")).status_code == 200
    for _ in range(4):
        factory()
    with CaptureQueriesContext(connection) as five:
        assert admin_client.get(url(model, "changelist")).status_code == 200
    assert len(five) == len(one), [q["sql"] for q in five.captured_queries]


def _collective_form(collective, **changes):
    data = {
        "kind": collective.kind, "registration_code": collective.registration_code or "", "name": collective.name,
        "unit": collective.unit_id, "sector": collective.sector, "main_products": "", "address": "",
        "legal_representative": "", "phone": "", "established_on": collective.established_on.isoformat(),
        "charter_capital": collective.charter_capital, "dissolved_on": "", "dissolution_decision": "",
        "dissolution_kind": "",
    }
    for prefix in ("annual_reports", "management_roles", "memberships", "suspensions"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0, f"{prefix}-MIN_NUM_FORMS": 0,
                     f"{prefix}-MAX_NUM_FORMS": 1000})
    data.update(changes)
    return data


def test_an_admin_edit_is_validated_versioned_and_kept_in_history(admin_client, superuser, units):
    collective = CollectiveFactory(name="Hợp tác xã Quế Vô Ngại", unit=units["06853"])

    response = admin_client.post(url(Collective, "change", collective.pk),
                                 _collective_form(collective, name="Hợp tác xã Quế hồi Vô Ngại"))

    assert response.status_code == 302, response.context["adminform"].form.errors
    collective.refresh_from_db()
    assert (collective.name, collective.version) == ("Hợp tác xã Quế hồi Vô Ngại", 2)
    assert collective.history.first().history_user == superuser


def test_an_invalid_admin_edit_shows_the_field_error_and_saves_nothing(admin_client, units):
    collective = CollectiveFactory()
    response = admin_client.post(url(Collective, "change", collective.pk),
                                 _collective_form(collective, dissolved_on=datetime.date(2001, 1, 1).isoformat()))
    assert response.status_code == 200
    assert "dissolved_on" in response.context["adminform"].form.errors
    collective.refresh_from_db()
    assert collective.dissolved_on is None and collective.version == 1


def test_a_staff_officer_sees_only_their_scope_in_the_admin(client, units):
    officer = User.objects.create_user("staff_hm", password="pw-staff-hm-2023!", role=Role.OFFICER,
                                       scope=units["06841"], is_staff=True)
    from django.contrib.auth.models import Permission

    officer.user_permissions.add(*Permission.objects.filter(codename__in=["view_collective", "change_collective"]))
    mine = CollectiveFactory(unit=units["06841"], name="Hợp tác xã Của Hoành Mô")
    other = CollectiveFactory(unit=units["06856"], name="Hợp tác xã Của Lục Hồn")
    client.force_login(officer)
    html = client.get(url(Collective, "changelist")).content.decode()
    assert mine.name in html and other.name not in html
    assert client.get(url(Collective, "change", other.pk)).status_code in (302, 404)
