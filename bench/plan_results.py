"""Time the whole plan (reports.engine.plan_results) for N collectives (run by hand, not in CI).

    .venv/bin/python bench/plan_results.py                              # SQLite (a throwaway file in /tmp)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coopreg_bench .venv/bin/python bench/plan_results.py
    .venv/bin/python bench/plan_results.py --sizes 50,500,5000,50000 --repeat 7

On the database server of DATABASE_URL it creates a throwaway database (coopreg_bench on
PostgreSQL, a file in /tmp on SQLite) with Django's test-database machinery, migrates it,
loads Bình Liêu's units and the plan binh-lieu-2023 (the 14 targets of indicators.md),
then for each N grows the data to N collectives under the district, each with its annual
reports for 2022 and 2023, members, managers (some managing two HTX), OCOP products with
ratings, training courses and trade events, all with bulk_create. For each N it prints the
median and best wall time of the whole plan over --repeat runs, its query count, and the
same for one indicator by commune. The database is dropped at the end.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coopreg.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

BATCH = 2000
D = dt.date
TARGETS = [
    ("htx_new", "at_least", 3, None), ("tht_new", "at_least", 1, None),
    ("htx_income_growth", "between", "0.8", "1.0"), ("htx_effective_share", "at_least", "0.5", None),
    ("htx_average_share", "at_least", "0.3", None), ("htx_value_chain_effective", "between", 1, 2),
    ("members_workers_growth", "between", "0.05", "0.07"), ("avg_income_growth", "between", "0.8", "1.0"),
    ("manager_training_turns", "at_least", 60, None), ("htx_managers_university_share", "at_least", "0.3", None),
    ("htx_managers_college_share", "at_least", "0.5", None), ("htx_revenue_growth", "at_least", "0.1", None),
    ("collective_gdp_share", "at_least", "0.01", None), ("trade_events", "between", 5, 6),
]
CLASSES = ["good", "fair", "average", "weak", "unrated"]
EDUCATION = ["postgraduate", "university", "college", "intermediate", "elementary", "none"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,500,5000", help="comma-separated numbers of collectives")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs of the plan per size")
    parser.add_argument("--queries", action="store_true", help="print each query of the plan and its time")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))

    test_settings = settings.DATABASES["default"].setdefault("TEST", {})
    if connection.vendor == "sqlite":
        test_settings["NAME"] = str(Path(tempfile.gettempdir()) / "coopreg_bench_plan.sqlite3")
    else:
        test_settings["NAME"] = "coopreg_bench"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        run(sizes, args.repeat, args.queries)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(sizes: list[int], repeat: int, show_queries: bool = False) -> None:
    from reports.engine import indicator_values, plan_results
    from reports.models import Plan, Target
    from units.binh_lieu import BINH_LIEU, ensure_binh_lieu_units

    units = ensure_binh_lieu_units()
    district = units[BINH_LIEU]
    plan = Plan.objects.create(code="binh-lieu-2023", title="Kế hoạch 2023 (bench)", unit=district,
                               baseline_year=2022, target_year=2023)
    Target.objects.bulk_create([
        Target(plan=plan, indicator=code, comparator=comparator, position=position,
               low=None if low is None else Decimal(str(low)), high=None if high is None else Decimal(str(high)))
        for position, (code, comparator, low, high) in enumerate(TARGETS)
    ])
    communes = [u for code, u in units.items() if u.level == "commune" and code != "N-TIENYEN"]

    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']}), repeat={repeat}")
    print(f"{'N':>7} {'build s':>8} {'plan median ms':>15} {'plan best ms':>13} {'queries':>8} "
          f"{'by-commune ms':>14} {'queries':>8}")
    have = 0
    for n in sizes:
        start = time.perf_counter()
        populate(have, n, communes, district)
        have = n
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        build = time.perf_counter() - start

        plan = Plan.objects.select_related("unit").get(pk=plan.pk)
        plan_results(plan)  # warm up: connection, caches
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            rows = plan_results(plan)
            times.append(time.perf_counter() - t0)
        reset_queries()  # the query log keeps 9,000 entries: empty it so the count is right
        with CaptureQueriesContext(connection) as ctx:
            rows = plan_results(plan)
        plan_queries = len(ctx.captured_queries)
        if show_queries:
            for query in ctx.captured_queries:
                print(f"    {float(query['time']) * 1000:8.1f} ms  {query['sql'][:110]}")

        commune_times = []
        for _ in range(max(3, repeat // 2)):
            t0 = time.perf_counter()
            indicator_values("htx_effective_share", unit=district, years=[2022, 2023], by_commune=True)
            commune_times.append(time.perf_counter() - t0)
        reset_queries()
        with CaptureQueriesContext(connection) as ctx:
            indicator_values("htx_effective_share", unit=district, years=[2022, 2023], by_commune=True)
        print(f"{n:>7} {build:>8.1f} {statistics.median(times) * 1000:>15.1f} {min(times) * 1000:>13.1f} "
              f"{plan_queries:>8} {statistics.median(commune_times) * 1000:>14.1f} {len(ctx.captured_queries):>8}")
        summary = ", ".join(f"{r.indicator}={_short(r.value)}" for r in rows[:6])
        print(f"{'':>7} sample: {summary}", flush=True)


def _short(value) -> str:
    if value is None:
        return "no_data"
    return f"{value:.4f}" if isinstance(value, Decimal) else str(value)


def populate(start: int, end: int, communes, district) -> None:
    """Collectives start..end-1 with their records, in batches, deterministic (no randomness)."""
    from cooperatives.models import (
        AnnualReport,
        Collective,
        ManagementRole,
        Membership,
        Person,
        TradeEvent,
        TrainingCourse,
    )
    from ocop.models import OcopProduct, OcopRating
    from units.models import UnitStatistic

    with transaction.atomic():
        if start == 0:
            UnitStatistic.objects.bulk_create([
                UnitStatistic(unit=district, year=year, collective_sector_product=10**9 * (year - 2020),
                              domestic_budget_revenue=10**11) for year in (2022, 2023)
            ])
        for first in range(start, end, BATCH):
            ids = range(first, min(first + BATCH, end))
            collectives = Collective.objects.bulk_create([
                Collective(
                    kind="tht" if i % 5 == 4 else "htx", name=f"Hợp tác xã Bench {i}",
                    registration_code=None if i % 5 == 4 else f"90{i:08d}",
                    unit=communes[i % len(communes)],
                    # a few established in 2022/2023, some dissolved in 2023
                    established_on=D(2023, 1 + i % 12, 1) if i % 40 in (0, 4) else D(2005 + i % 17, 1 + i % 12, 1 + i % 28),
                    dissolved_on=D(2023, 6, 30) if i % 23 == 0 and i % 40 not in (0, 4) else None,
                ) for i in ids
            ], batch_size=BATCH)
            reports = []
            for i, c in zip(ids, collectives, strict=True):
                for year in (2022, 2023):
                    if c.established_on.year > year:
                        continue
                    klass = "unrated" if c.kind == "tht" or c.established_on.year >= year else CLASSES[(i // 5 + year) % 5]
                    reports.append(AnnualReport(
                        collective=c, year=year, members=7 + i % 40 + (year - 2022) * (i % 3),
                        regular_workers=i % 15, revenue=(500 + i % 700) * 1_000_000 * (100 + (year - 2022) * 8) // 100,
                        profit=(20 + i % 90) * 1_000_000 * (100 + (year - 2022) * 50) // 100,
                        average_monthly_income=None if i % 11 == 0 else (3_000_000 + (i % 30) * 100_000) * (
                            100 + (year - 2022) * 60) // 100,
                        classification=klass, value_chain=i % 13 == 0, high_tech=i % 17 == 0,
                    ))
            AnnualReport.objects.bulk_create(reports, batch_size=BATCH)
            people = Person.objects.bulk_create([
                Person(full_name=f"Người Bench {i}-{k}", education=EDUCATION[(i + k) % 6],
                       unit=communes[i % len(communes)])
                for i in ids for k in range(3)
            ], batch_size=BATCH)
            members, roles = [], []
            for offset, (i, c) in enumerate(zip(ids, collectives, strict=True)):
                trio = people[offset * 3: offset * 3 + 3]
                members += [Membership(person=p, collective=c, joined_on=D(2019, 1, 1)) for p in trio]
                if c.kind == "htx":
                    roles.append(ManagementRole(person=trio[0], collective=c, role="director", started_on=D(2019, 1, 1),
                                                ended_on=D(2023, 5, 1) if i % 9 == 0 else None))
                    roles.append(ManagementRole(person=trio[1], collective=c, role="chair", started_on=D(2019, 1, 1)))
                    # Every 10th HTX's accountant is the director of the one before: one person, two HTX.
                    manager = people[(offset - 1) * 3] if i % 10 == 1 and offset else trio[2]
                    roles.append(ManagementRole(person=manager, collective=c, role="chief_accountant",
                                                started_on=D(2020, 1, 1)))
                else:
                    roles.append(ManagementRole(person=trio[0], collective=c, role="group_leader",
                                                started_on=D(2019, 1, 1)))
            Membership.objects.bulk_create(members, batch_size=BATCH)
            ManagementRole.objects.bulk_create(roles, batch_size=BATCH)
            products = OcopProduct.objects.bulk_create([
                OcopProduct(name=f"Sản phẩm Bench {i}", group="food", producer=c, producer_kind="collective",
                            unit=c.unit, registered_on=D(2019 + i % 4, 3, 1),
                            withdrawn_on=D(2023, 3, 1) if i % 29 == 0 else None)
                for i, c in zip(ids, collectives, strict=True) if i % 3 == 0
            ], batch_size=BATCH)
            ratings = []
            for k, product in enumerate(products):
                decided = D(2020 + k % 3, 6, 1)
                ratings.append(OcopRating(product=product, stars=3 + k % 3 if k % 4 else 2, decision_number=f"{k}/B",
                                          decided_on=decided, valid_until=D(decided.year + 3, 6, 1)))
                if k % 5 == 0:
                    ratings.append(OcopRating(product=product, stars=4, decision_number=f"{k}/B2",
                                              decided_on=D(2023, 2, 1), valid_until=D(2026, 2, 1)))
            OcopRating.objects.bulk_create(ratings, batch_size=BATCH)
            # One course and one event per 20 collectives, with their managers / the collectives.
            for k in range(0, len(collectives), 20):
                chunk = collectives[k:k + 20]
                course = TrainingCourse.objects.create(title=f"Lớp Bench {first + k}", unit=chunk[0].unit,
                                                       held_on=D(2022 + k % 2, 5, 1), extra_attendees=5)
                course.attendees.set(people[k * 3: k * 3 + 60: 3])
                event = TradeEvent.objects.create(name=f"Hội chợ Bench {first + k}", held_on=D(2022 + k % 2, 9, 1))
                event.participants.set(chunk)


if __name__ == "__main__":
    main()
