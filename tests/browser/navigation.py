"""Every page of the navigation, for each kind of user, on the demo data (demo.dataset):
what the accessibility test (axe) and the phone-width test visit.

Each path is a page a user reaches from the menu or one click further (a list, a record,
its forms, the sheet, the approval, OCOP, statistics, the dashboard and its drill-downs,
imports, the account, the plans and the admin).
"""

from cooperatives.models import (
    AnnualReport,
    Collective,
    ManagementRole,
    Membership,
    Person,
    TradeEvent,
    TrainingCourse,
)
from demo.dataset import PLAN_CODE
from ocop.models import OcopProduct, OcopRating
from units.models import AdministrativeUnit, UnitStatistic

PLAN = f"?plan={PLAN_CODE}"

# The demo's log-ins (README): one of each role.
LOGINS = {
    "officer": ("canbo", "demo-canbo-2023"),
    "viewer": ("lanhdao", "demo-lanhdao-2023"),
    "admin": ("admin", "demo-admin-2023"),
}


def _first(model, **filters):
    return model.objects.filter(**filters).order_by("pk").first()


def reading_pages() -> list[str]:
    """What every signed-in user reads: the dashboard and its drill-downs, the lists and records."""
    collective = _first(Collective)
    district = AdministrativeUnit.objects.get(code="198")
    return [
        f"/reports/{PLAN}", f"/reports/indicators/htx_new/{PLAN}", f"/reports/quality/missing_reports/{PLAN}",
        f"/reports/print/{PLAN}",
        "/registry/", f"/registry/{collective.pk}/", "/registry/people/", f"/registry/people/{_first(Person).pk}/",
        "/registry/sheet/?year=2023", "/registry/approval/", f"/registry/approval/{district.pk}/2023/",
        "/registry/trainings/", f"/registry/trainings/{_first(TrainingCourse).pk}/",
        "/registry/events/", f"/registry/events/{_first(TradeEvent).pk}/",
        "/ocop/", f"/ocop/{_first(OcopProduct).pk}/", "/ocop/lapsing/", "/statistics/",
        "/accounts/", "/accounts/password/",
    ]


def writing_pages() -> list[str]:
    """The forms of whoever keeps the register (officers and admins), and their home."""
    collective = _first(Collective)
    return [
        "/", "/registry/new/", f"/registry/{collective.pk}/edit/",
        f"/registry/{collective.pk}/reports/new/", f"/registry/reports/{_first(AnnualReport).pk}/edit/",
        f"/registry/{collective.pk}/members/new/", f"/registry/members/{_first(Membership).pk}/edit/",
        f"/registry/{collective.pk}/managers/new/", f"/registry/managers/{_first(ManagementRole).pk}/edit/",
        f"/registry/{collective.pk}/suspend/",
        "/registry/people/new/", "/registry/trainings/new/", "/registry/events/new/",
        "/ocop/new/", f"/ocop/{_first(OcopProduct).pk}/edit/", f"/ocop/{_first(OcopProduct).pk}/ratings/new/",
        f"/ocop/ratings/{_first(OcopRating).pk}/edit/",
        "/statistics/new/", f"/statistics/{_first(UnitStatistic).pk}/edit/",
        "/imports/", "/imports/collectives/",
    ]


def admin_pages() -> list[str]:
    """The plans (admins only) and Django's admin."""
    collective = _first(Collective)
    return [
        "/reports/plans/", "/reports/plans/new/", f"/reports/plans/{PLAN_CODE}/edit/", f"/reports/plans/{PLAN_CODE}/clone/",
        "/admin/", "/admin/accounts/user/", "/admin/cooperatives/collective/",
        f"/admin/cooperatives/collective/{collective.pk}/change/",
    ]


def pages_for(role: str) -> list[str]:
    if role == "viewer":
        return reading_pages()
    if role == "officer":
        return writing_pages() + reading_pages()
    return writing_pages()[:1] + reading_pages()[:4] + admin_pages()
