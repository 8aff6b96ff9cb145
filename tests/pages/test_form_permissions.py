"""Every page that writes × every kind of user, as tests/api/test_permissions.py does for the
API: the exact status, and when refused, not one row of the registry changed (history
included); when accepted, something did (so a refusal cannot pass by doing nothing).

Users: a viewer of the district, the district's officer on a record in its scope ("in")
and on one of another district ("out"), the officer of the commune Hoành Mô on a record
of the district (an event the district recorded, a figure of the district) or, for
records that always belong to a commune, of a neighbouring commune, and an admin.

The data posted is what a browser would send: the fields of the page's form as an admin
sees it (tests/pages/helpers.py), with the change under test on top.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cooperatives.models import Suspension
from tests.conftest import make_user
from tests.factories import (
    AnnualReportFactory,
    CollectiveFactory,
    ManagementRoleFactory,
    MembershipFactory,
    OcopProductFactory,
    OcopRatingFactory,
    PersonFactory,
    PlanFactory,
    TargetFactory,
    TradeEventFactory,
    TrainingCourseFactory,
    UnitStatisticFactory,
)
from tests.imports.helpers import xlsx_bytes
from tests.pages.helpers import form_fields
from units.models import AdministrativeUnit, UnitLevel

REGISTRY_APPS = ("units", "cooperatives", "ocop", "reports")

# (role, where) → the five users of the matrix.
USERS = [("viewer", "in"), ("officer", "in"), ("officer", "out"), ("commune", "district"), ("admin", "in")]

# Expected status by kind of page, in the order of USERS.
STATUSES = {
    # A page on one record (edit, action, or a record hanging off it): out of scope is not there.
    "record": (403, 302, 404, 404, 302),
    # A page creating a record where the form says: another scope is not offered (form error).
    "new": (403, 302, 200, 200, 302),
    # Plans are written by admins only.
    "admin": (403, 403, 403, 403, 302),
    # The importer's confirmation: a row outside the scope refuses the whole file.
    "import": (403, 302, 422, 422, 302),
}


@dataclass
class Ctx:
    units: dict
    other_commune: AdministrativeUnit
    admin: Client

    def commune(self, where: str) -> AdministrativeUnit:
        """Where a record of a commune lies: Hoành Mô, a commune of another district, or the
        commune next to Hoành Mô (a commune officer's "district record" of commune-only kinds)."""
        return {"in": self.units["06841"], "out": self.other_commune, "district": self.units["06856"]}[where]

    def unit(self, where: str) -> AdministrativeUnit:
        """Where a record that may belong to a district lies ("district": the district itself)."""
        return self.units["198"] if where == "district" else self.commune(where)

    def form(self, url: str, **changes) -> dict:
        """The admin's form at `url` with `changes` typed over it."""
        response = self.admin.get(url)
        assert response.status_code == 200, url
        return {**form_fields(response.content.decode()), **changes}


@dataclass
class Page:
    name: str
    kind: str
    # Builds the records the page needs where asked; returns the URL and the data to post.
    setup: Callable[[Ctx, str], tuple[str, dict]]
    # Overrides of STATUSES[kind], by (role, where).
    exceptions: dict | None = None


def d(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


# --- The pages ---------------------------------------------------------------------------


def collective_create(ctx, where):
    url = reverse("cooperatives:collective_create")
    return url, ctx.form(url, kind="htx", registration_code="5701999999", name="HTX Mới", unit=ctx.commune(where).pk,
                         sector="agriculture", established_on="01/03/2020")


def collective_edit(ctx, where):
    collective = CollectiveFactory(unit=ctx.commune(where))
    url = reverse("cooperatives:collective_edit", args=[collective.pk])
    # The change moves it into Hoành Mô: an officer who may not write it must not make it theirs.
    return url, ctx.form(url, phone="0203 3880 123", unit=ctx.units["06841"].pk)


def collective_suspend(ctx, where):
    collective = CollectiveFactory(unit=ctx.commune(where))
    return reverse("cooperatives:collective_suspend", args=[collective.pk]), {
        "starts_on": "01/02/2023", "decision_number": "5/TB", "reason": "Thiếu vốn"}


def collective_resume(ctx, where):
    collective = CollectiveFactory(unit=ctx.commune(where))
    suspension = Suspension.objects.create(collective=collective, starts_on=datetime.date(2023, 1, 1))
    return reverse("cooperatives:collective_resume", args=[collective.pk]), {
        "ends_on": "01/06/2023", "version": suspension.version}


def collective_dissolve(ctx, where):
    collective = CollectiveFactory(unit=ctx.commune(where))
    return reverse("cooperatives:collective_dissolve", args=[collective.pk]), {
        "dissolved_on": "01/06/2023", "dissolution_decision": "12/QĐ", "dissolution_kind": "voluntary",
        "version": collective.version}


def annual_report_create(ctx, where):
    collective = CollectiveFactory(unit=ctx.commune(where))
    url = reverse("cooperatives:annual_report_create", args=[collective.pk])
    return url, ctx.form(url, year="2022", members="12", regular_workers="4", revenue="1.000.000", profit="-5")


def annual_report_edit(ctx, where):
    report = AnnualReportFactory(collective=CollectiveFactory(unit=ctx.commune(where)), year=2022)
    url = reverse("cooperatives:annual_report_edit", args=[report.pk])
    return url, ctx.form(url, members="31")


def sheet_row(ctx, where):
    collective = CollectiveFactory(unit=ctx.commune(where))
    p = f"r{collective.pk}"
    url = reverse("cooperatives:entry_sheet_row", args=[collective.pk]) + "?year=2022"
    return url, {f"{p}-members": "8", f"{p}-regular_workers": "2", f"{p}-revenue": "500.000.000",
                 f"{p}-profit": "20.000.000", f"{p}-classification": "unrated", f"{p}-version": "0"}


def person_create(ctx, where):
    url = reverse("cooperatives:person_create")
    return url, ctx.form(url, full_name="Lục Văn Mới", kind="individual", education="none",
                         unit=ctx.commune(where).pk)


def person_edit(ctx, where):
    person = PersonFactory(unit=ctx.commune(where))
    url = reverse("cooperatives:person_edit", args=[person.pk])
    return url, ctx.form(url, phone="0912", unit=ctx.units["06841"].pk)


def membership_create(ctx, where):
    collective = CollectiveFactory(unit=ctx.commune(where))
    person = PersonFactory(unit=ctx.units["06841"])
    url = reverse("cooperatives:membership_create", args=[collective.pk])
    return url, ctx.form(url, person=person.pk, member_type="official", joined_on="01/01/2021")


def membership_edit(ctx, where):
    membership = MembershipFactory(collective=CollectiveFactory(unit=ctx.commune(where)),
                                   person=PersonFactory(unit=ctx.commune(where)))
    url = reverse("cooperatives:membership_edit", args=[membership.pk])
    return url, ctx.form(url, capital_contribution="20.000.000")


def role_create(ctx, where):
    collective = CollectiveFactory(unit=ctx.commune(where))
    person = PersonFactory(unit=ctx.units["06841"])
    url = reverse("cooperatives:role_create", args=[collective.pk])
    return url, ctx.form(url, person=person.pk, role="chief_accountant", started_on="01/01/2021")


def role_edit(ctx, where):
    role = ManagementRoleFactory(collective=CollectiveFactory(unit=ctx.commune(where)),
                                 person=PersonFactory(unit=ctx.commune(where)))
    url = reverse("cooperatives:role_edit", args=[role.pk])
    return url, ctx.form(url, ended_on="31/12/2022")


def training_create(ctx, where):
    url = reverse("cooperatives:training_create")
    return url, ctx.form(url, title="Lớp mới", held_on="01/05/2022", unit=ctx.commune(where).pk,
                         extra_attendees="3")


def training_edit(ctx, where):
    course = TrainingCourseFactory(unit=ctx.unit(where))
    url = reverse("cooperatives:training_edit", args=[course.pk])
    return url, ctx.form(url, organizer="UBND huyện", unit=ctx.units["06841"].pk)


def event_create(ctx, where):
    url = reverse("cooperatives:event_create")
    return url, ctx.form(url, name="Hội chợ mới", held_on="01/05/2022", kind="trade_fair", unit=ctx.unit(where).pk)


def event_edit(ctx, where):
    # The event the district recorded, with a participant of Hoành Mô (so its officer sees it)
    # and one of another commune: finding 1 of issue 9, the form taking it over.
    event = TradeEventFactory(unit=ctx.unit(where))
    mine = CollectiveFactory(unit=ctx.units["06841"])
    event.participants.set([mine, CollectiveFactory(unit=ctx.units["06859"])])
    url = reverse("cooperatives:event_edit", args=[event.pk])
    return url, ctx.form(url, location="Móng Cái", unit=ctx.units["06841"].pk, participants=[mine.pk])


def statistic_create(ctx, where):
    url = reverse("statistics:statistic_create")
    return url, ctx.form(url, unit=ctx.unit(where).pk, year="2022", domestic_budget_revenue="5")


def statistic_edit(ctx, where):
    statistic = UnitStatisticFactory(unit=ctx.unit(where), year=2021)
    url = reverse("statistics:statistic_edit", args=[statistic.pk])
    return url, ctx.form(url, source="Cục Thống kê", unit=ctx.units["06841"].pk)


def product_create(ctx, where):
    producer = CollectiveFactory(unit=ctx.commune(where))
    url = reverse("ocop:product_create")
    return url, ctx.form(url, name="Mật ong", group="food", producer_kind="collective", producer=producer.pk,
                         registered_on="01/01/2021")


def product_edit(ctx, where):
    product = OcopProductFactory(producer=CollectiveFactory(unit=ctx.commune(where)))
    url = reverse("ocop:product_edit", args=[product.pk])
    return url, ctx.form(url, category="mật ong")


def rating_create(ctx, where):
    product = OcopProductFactory(producer=CollectiveFactory(unit=ctx.commune(where)))
    url = reverse("ocop:rating_create", args=[product.pk])
    return url, ctx.form(url, stars="4", decision_number="7/QĐ", decided_on="15/06/2023")


def rating_edit(ctx, where):
    rating = OcopRatingFactory(product=OcopProductFactory(producer=CollectiveFactory(unit=ctx.commune(where))))
    url = reverse("ocop:rating_edit", args=[rating.pk])
    return url, ctx.form(url, issuer="UBND tỉnh")


def plan_create(ctx, where):
    url = reverse("reports:plan_create")
    return url, ctx.form(url, code="moi-2025", title="Kế hoạch 2025", unit=ctx.unit(where).pk,
                         baseline_year="2024", target_year="2025")


def plan_edit(ctx, where):
    plan = PlanFactory(unit=ctx.unit(where))
    TargetFactory(plan=plan)
    url = reverse("reports:plan_edit", args=[plan.code])
    return url, ctx.form(url, title="Đổi tên")


def plan_clone(ctx, where):
    plan = PlanFactory(unit=ctx.unit(where))
    url = reverse("reports:plan_clone", args=[plan.code])
    return url, ctx.form(url, code="ban-sao-2024")


def people_import(ctx, where):
    # The confirmation of a file naming one person of `where`; the upload happens in the test.
    headers = ["Họ và tên", "Xã / phường / thị trấn (nơi ở)"]
    return "import:people", {"content": xlsx_bytes(headers, [["Nông Thị Nhập", ctx.commune(where).name]])}


PAGES = [
    Page("collective_create", "new", collective_create),
    Page("collective_edit", "record", collective_edit),
    Page("collective_suspend", "record", collective_suspend),
    Page("collective_resume", "record", collective_resume),
    Page("collective_dissolve", "record", collective_dissolve),
    Page("annual_report_create", "record", annual_report_create),
    Page("annual_report_edit", "record", annual_report_edit),
    Page("sheet_row", "record", sheet_row),
    Page("person_create", "new", person_create),
    Page("person_edit", "record", person_edit),
    Page("membership_create", "record", membership_create),
    Page("membership_edit", "record", membership_edit),
    Page("role_create", "record", role_create),
    Page("role_edit", "record", role_edit),
    Page("training_create", "new", training_create),
    Page("training_edit", "record", training_edit),
    Page("event_create", "new", event_create),
    # An event is seen by the scope of each participant, written only by the scope that recorded
    # it: the commune officer sees the district's event (a participant is theirs), the district
    # officer the other district's (likewise); neither may write it.
    Page("event_edit", "record", event_edit, exceptions={("commune", "district"): 403, ("officer", "out"): 403}),
    Page("statistic_create", "new", statistic_create),
    Page("statistic_edit", "record", statistic_edit),
    Page("product_create", "new", product_create),
    Page("product_edit", "record", product_edit),
    Page("rating_create", "record", rating_create),
    Page("rating_edit", "record", rating_edit),
    Page("plan_create", "admin", plan_create),
    Page("plan_edit", "admin", plan_edit),
    Page("plan_clone", "admin", plan_clone),
    Page("people_import", "import", people_import),
]

CASES = [
    pytest.param(page, role, where, (page.exceptions or {}).get((role, where), STATUSES[page.kind][i]),
                 id=f"{page.name}-{role}-{where}")
    for page in PAGES for i, (role, where) in enumerate(USERS)
]


def registry_rows() -> dict[str, list[dict]]:
    """Every row of the registry's tables (many-to-many links and history included)."""
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in REGISTRY_APPS:
            rows[model._meta.label] = list(model._default_manager.order_by("pk").values())
    return rows


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # Real hashing costs ~0.3 s a user, four users a case; these tests are about scopes.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def users(units):
    return {
        "viewer": make_user("viewer", "viewer", units["198"]),
        "officer": make_user("officer", "officer", units["198"]),
        "commune": make_user("commune", "officer", units["06841"]),
        "admin": make_user("admin", "admin", None),
    }


@pytest.fixture
def other_commune(units):
    """A commune of another district of Quảng Ninh: outside every Bình Liêu scope."""
    district = AdministrativeUnit.objects.create(code="999", name="Huyện Khác", level=UnitLevel.DISTRICT,
                                                 parent=units["22"])
    return AdministrativeUnit.objects.create(code="99999", name="Xã Khác", level=UnitLevel.COMMUNE, parent=district)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(("page", "role", "where", "expected"), CASES)
def test_page_permission_matrix(users, units, other_commune, page, role, where, expected):
    ctx = Ctx(units=units, other_commune=other_commune, admin=client_for(users["admin"]))
    url, data = page.setup(ctx, where)
    client = client_for(users[role])
    before = registry_rows()

    if page.kind == "import":
        upload = client.post(reverse("imports:upload", args=["people"]), {"file": _file(data["content"])})
        response = upload if upload.status_code != 302 else client.post(upload["Location"])
    else:
        response = client.post(url, data)

    assert response.status_code == expected, (response.status_code, _errors(response))
    if expected == 302:
        assert registry_rows() != before
    else:
        assert registry_rows() == before


def _file(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("people.xlsx", content)


def _errors(response):
    context = getattr(response, "context", None)
    form = context.get("form") if context else None
    return form.errors if form is not None else None
