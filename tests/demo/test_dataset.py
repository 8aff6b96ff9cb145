"""The demo loader: idempotent, and the seed's OCOP figures and the plan inputs of its docstring."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F, Sum

from accounts.models import User
from cooperatives.models import (
    AnnualReport,
    Collective,
    ManagementRole,
    Membership,
    Person,
    Suspension,
    TradeEvent,
    TrainingCourse,
)
from demo import dataset as demo
from ocop.models import OcopProduct, OcopRating
from reports.models import INDICATOR_CODES, Plan, Target
from units.models import AdministrativeUnit, UnitStatistic, UnitSuccession

END_2022 = datetime.date(2022, 12, 31)
END_2023 = datetime.date(2023, 12, 31)
MODELS = [AdministrativeUnit, UnitSuccession, UnitStatistic, User, Collective, Suspension, AnnualReport, Person,
          Membership, ManagementRole, TrainingCourse, TradeEvent, OcopProduct, OcopRating, Plan, Target]


def counts() -> dict[str, int]:
    result = {model.__name__: model.objects.count() for model in MODELS}
    # History rows too: a second run must not even touch what is there.
    result.update({f"history {model.__name__}": model.history.count() for model in MODELS if model is not User})
    return result


@pytest.fixture
def district(demo_db):
    return AdministrativeUnit.objects.get(code="198")


def in_district(queryset, district, path="unit"):
    return queryset.filter(**{f"{path}__in": AdministrativeUnit.objects.within_ids(district)})


def test_it_prints_the_demo_log_ins(demo_output):
    for username, _role, _scope, _superuser, password, _name in demo.USERS:
        assert username in demo_output
        assert password in demo_output
    assert "mật khẩu công khai" in demo_output


def test_a_second_run_creates_nothing_and_says_so(district):
    before = counts()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "đã có đầy đủ" in out.getvalue()
    assert counts() == before
    assert before["Collective"] == 52
    assert before["OcopProduct"] == 30
    assert before["Target"] == 14


def test_a_partly_missing_demo_is_completed_without_duplicates(district):
    before = counts()
    Target.objects.filter(plan__code=demo.PLAN_CODE, indicator="trade_events").delete()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "chỉ tiêu kế hoạch: 1" in out.getvalue()
    after = counts()
    assert {k: v for k, v in after.items() if not k.startswith("history")} == {
        k: v for k, v in before.items() if not k.startswith("history")}


def test_it_reproduces_the_seed_ocop_figures_at_the_end_of_2022(district):
    products = in_district(OcopProduct.objects.all(), district)
    assert products.participating_on(END_2022).count() == 27
    stars = products.with_stars_on(END_2022)
    assert stars.filter(stars_on=3).count() == 16
    assert stars.filter(stars_on=4).count() == 1
    assert stars.filter(stars_on=5).count() == 0
    # …and 2023 differs (ratings decided in 2023, a withdrawal, lapses).
    stars_2023 = products.with_stars_on(END_2023)
    assert (products.participating_on(END_2023).count(), stars_2023.filter(stars_on=3).count(),
            stars_2023.filter(stars_on=4).count()) == (28, 18, 2)


def test_the_plan_has_the_targets_of_indicators_md_in_order(district):
    plan = Plan.objects.get(code="binh-lieu-2023")
    assert (plan.unit, plan.baseline_year, plan.target_year) == (district, 2022, 2023)
    assert "06-NQ/TU ngày 17/5/2021" in plan.legal_basis
    targets = list(plan.targets.order_by("position"))
    assert [t.indicator for t in targets] == [row[0] for row in demo.PLAN_TARGETS]
    assert {t.indicator for t in targets} <= set(INDICATOR_CODES)
    income = next(t for t in targets if t.indicator == "htx_income_growth")
    assert (income.comparator, float(income.low), float(income.high)) == ("between", 0.8, 1.0)


def test_the_plan_inputs_are_those_the_docstring_computes_by_hand(district):
    """Plain ORM sums, independent of the reports engine, against demo/dataset.py's docstring."""
    collectives = in_district(Collective.objects.all(), district)
    reports = in_district(AnnualReport.objects.all(), district, "collective__unit")
    htx_2023, htx_2022 = reports.htx().filter(year=2023), reports.htx().filter(year=2022)

    assert collectives.htx().established_in(2023).count() == 3
    assert collectives.tht().established_in(2023).count() == 1
    assert htx_2023.aggregate(s=Sum("profit"))["s"] == 3_746_000_000
    assert htx_2022.aggregate(s=Sum("profit"))["s"] == 3_223_000_000
    rated = htx_2023.filter(collective__in=collectives.htx().active_at_end_of(2023)).exclude(
        classification="unrated")
    assert rated.count() == 24
    assert rated.filter(classification__in=["good", "fair"]).count() == 14
    assert rated.filter(classification="average").count() == 6
    assert htx_2023.filter(classification__in=["good", "fair"], value_chain=True).count() == 3
    heads = F("members") + F("regular_workers")
    assert reports.collectives().filter(year=2023).aggregate(s=Sum(heads))["s"] == 1040
    assert reports.collectives().filter(year=2022).aggregate(s=Sum(heads))["s"] == 980
    weighted = {year: reports.collectives().filter(year=year, average_monthly_income__isnull=False).aggregate(
        s=Sum(F("average_monthly_income") * heads))["s"] for year in (2022, 2023)}
    assert weighted == {2022: 4_504_700_000, 2023: 5_011_000_000}
    courses = in_district(TrainingCourse.objects.filter(held_on__year=2023), district)
    assert sum(c.attendees.count() + c.extra_attendees for c in courses) == 64
    managers = Person.objects.filter(pk__in=ManagementRole.objects.active_on(END_2023).filter(
        collective__in=collectives.htx().active_at_end_of(2023)).values("person"))
    assert managers.count() == 89
    assert managers.filter(education__in=["university", "postgraduate"]).count() == 24
    assert managers.filter(education__in=["college", "intermediate"]).count() == 46
    assert htx_2023.aggregate(s=Sum("revenue"))["s"] == 48_903_000_000
    assert htx_2022.aggregate(s=Sum("revenue"))["s"] == 43_566_000_000
    assert reports.htx().filter(year=2021).aggregate(s=Sum("revenue"))["s"] == 35_910_000_000
    statistic = UnitStatistic.objects.get(unit=district, year=2023)
    assert (statistic.collective_sector_product, statistic.domestic_budget_revenue) == (
        1_615_000_000, 182_600_000_000)
    assert TradeEvent.objects.filter(held_on__year=2023, participants__in=collectives).distinct().count() == 7


def test_the_demo_covers_what_issue_2_lists(district):
    collectives = Collective.objects.all()
    assert collectives.htx().count() == 31
    assert collectives.tht().count() == 21
    assert collectives.htx().filter(dissolved_on__year__in=[2022, 2023]).count() == 2
    new_communes = collectives.filter(unit__code__startswith="N", established_on__gte=datetime.date(2025, 7, 1))
    assert new_communes.count() == 2
    # Tày, Dao, Sán Chay, Kinh by their GSO codes (cooperatives.ethnicity).
    assert set(Person.objects.values_list("ethnicity", flat=True)) == {"02", "09", "15", "01"}
    assert Person.objects.filter(ethnicity="15", ethnic_subgroup="Sán Chỉ").exists()
    assert set(ManagementRole.objects.values_list("role", flat=True)) == {
        "chair", "director", "chief_accountant", "controller", "group_leader"}
    assert OcopProduct.objects.exclude(producer_kind="collective").count() == 5
    assert OcopRating.objects.filter(revoked=True).count() == 1
    assert Suspension.objects.count() == 1
    # Every write went through the services as the demo admin: history names the author.
    assert not Collective.history.filter(history_user__isnull=True).exists()
    assert User.objects.get(username="canbo").scope == district


def test_the_dataset_is_the_same_in_every_process():
    """No set order, clock or hash seed leaks into the demo data."""
    import hashlib
    import os
    import subprocess
    import sys
    from pathlib import Path

    script = ("import django, hashlib; django.setup(); from demo.dataset import build_dataset; "
              "print(hashlib.sha1(repr(build_dataset()).encode(), usedforsecurity=False).hexdigest())")
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "DJANGO_SETTINGS_MODULE": "coopreg.settings"}
        result = subprocess.run([sys.executable, "-c", script], cwd=Path(__file__).resolve().parents[2], env=env,
                                capture_output=True, text=True, timeout=120, check=True)
        digests.add(result.stdout.strip())
    assert len(digests) == 1
    assert digests == {hashlib.sha1(repr(demo.build_dataset()).encode(), usedforsecurity=False).hexdigest()}
