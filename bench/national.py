"""National-scale benchmark (issue 11): the same code for a commune, a district, a province
and the whole country, on the database of DATABASE_URL (run by hand, never in CI).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coopreg_national_bench \\
        .venv/bin/python manage.py migrate
    DATABASE_URL=… .venv/bin/python manage.py generate_dataset --preset country --seed 1
    DATABASE_URL=… .venv/bin/python bench/national.py                      # everything (≈ 25 min)
    DATABASE_URL=… .venv/bin/python bench/national.py --scopes district,commune --skip-load --repeat 3

The scopes are the country (no unit), and nested in it the province with the most
collectives, its district with the most, and that district's commune with the most (the
worst case at each level). Each scope is read by its own user (an admin without a scope
for the country, a viewer of the unit otherwise), created here if missing (`bench_*`).
The plan is the generated country plan (`toan-quoc-2025`), which every scope may read.

For each scope it measures, with the query count of each:
- plan: reports.engine.plan_results of the plan for the scope (every row's value read);
- by_commune: one indicator (htx_active) by commune for the 7 years 2019–2025;
- dashboard, indicator: the two leadership pages rendered (Django test Client, logged in);
- list endpoints of the API: a filter, `page=200`, `search` (collectives, people) and the
  HTML register of collectives at `page=200`; the searches of SEARCH_ENDPOINTS;
- sql: the plan's numbers (value and baseline year) computed by one hand-written SQL
  statement per indicator, run directly: the database's own limit; "app ÷ SQL" is the
  ratio of the plan's time to the sum of those statements' times. The numbers of the SQL
  are compared with the engine's (a mismatch is printed: the SQL mirrors indicators.md).

Three runs of each measure (median and p95 over --repeat runs each):
- "cold": a new database connection, fresh Python objects and an empty shared cache
  (core.cache): what the first reader after a write pays (PostgreSQL's buffer cache and the
  OS page cache stay warm: dropping them needs a server restart);
- "computed": the same, on a connection already open: the engine's own cost, the one
  compared with the hand-written SQL ("app ÷ SQL");
- "warm": repeated on the same connection with the cache kept: what every later reader
  pays until the next write moves the data version.

The load step (skip with --skip-load) serves the project with gunicorn (2 workers) on
127.0.0.1, each worker keeping its database connection as production does (CONN_MAX_AGE
600: opening one per request halved the throughput), and runs 20 concurrent clients (a
thread pool with urllib, bounded in time and count) for --load-seconds per endpoint:
requests per second, p95 latency and errors. --load-only runs the load step alone.

It prints a table with the CPU count and the database version and writes the whole
result as JSON under bench/results/ (national-<date>.json).
"""

import argparse
import concurrent.futures
import datetime as dt
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coopreg.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from cooperatives.models import Collective, Person  # noqa: E402
from reports.engine import indicator_values, plan_results  # noqa: E402
from reports.models import Plan  # noqa: E402
from units.models import AdministrativeUnit, UnitLevel  # noqa: E402

PLAN_CODE = "toan-quoc-2025"
SCOPES = ["country", "province", "district", "commune"]
BY_COMMUNE = ("htx_active", list(range(2019, 2026)))
LIST_ENDPOINTS = [
    ("collectives_filter", "/api/v1/collectives/?kind=htx&sector=agriculture"),
    ("collectives_page200", "/api/v1/collectives/?page=200"),
    ("collectives_search", "/api/v1/collectives/?search=nong+nghiep+hoa"),
    ("people_filter", "/api/v1/people/?education=university"),
    ("people_page200", "/api/v1/people/?page=200"),
    ("people_search", "/api/v1/people/?search=nguyen+van+an"),
    ("register_page200", "/registry/?page=200"),
]
# The lists under load: a filter, a deep page and a search (issue 11: p95 < 300 ms).
LOAD_LISTS = [
    ("collectives_filter", "/api/v1/collectives/?kind=htx&sector=agriculture"),
    ("people_page200", "/api/v1/people/?page=200"),
    ("people_search", "/api/v1/people/?search=nguyen+van+an"),
]
# Searches of issue 12 (docs/domain.md, decision 27): a kind word, words in any order, a
# common and a rare name; on PostgreSQL through the trigram indexes (bench/search.py: plans).
SEARCH_ENDPOINTS = [
    ("collectives_search_kind", "/api/v1/collectives/?search=htx+nong+nghiep"),
    ("collectives_search_any_order", "/api/v1/collectives/?search=lac+ho+tieu+tht"),
    ("people_search_surname", "/api/v1/people/?search=nguyen"),
    ("people_search_rare", "/api/v1/people/?search=bui+cong+hung"),
]


# --- scopes and users ----------------------------------------------------------------------


def pick_scopes() -> dict[str, AdministrativeUnit | None]:
    """The country, then the unit with the most collectives at each level, nested."""
    def largest(level: str, parent: AdministrativeUnit | None) -> AdministrativeUnit:
        units = AdministrativeUnit.objects.filter(level=level)
        if parent is not None:
            units = units.filter(parent=parent)
        path = {"province": "children__children__collectives", "district": "children__collectives",
                "commune": "collectives"}[level]
        return units.annotate(n=Count(path)).order_by("-n", "code").first()

    province = largest(UnitLevel.PROVINCE, None)
    district = largest(UnitLevel.DISTRICT, province)
    commune = largest(UnitLevel.COMMUNE, district)
    return {"country": None, "province": province, "district": district, "commune": commune}


def user_for(scope: str, unit: AdministrativeUnit | None) -> User:
    user = User.objects.filter(username=f"bench_{scope}").first()
    if user is None:
        user = User.objects.create_user(username=f"bench_{scope}", password=None,
                                        role=Role.ADMIN if unit is None else Role.VIEWER, scope=unit)
    return user


# --- timing --------------------------------------------------------------------------------


def summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return {"median_ms": round(statistics.median(ordered) * 1000, 1), "p95_ms": round(p95 * 1000, 1),
            "runs": len(ordered)}


class QueryCounter:
    """Counts the statements run (a test Client request resets connection.queries, so
    CaptureQueriesContext would lose them)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def measure(work, fresh, repeat: int) -> dict:
    """Cold, computed and warm runs of `work(*fresh())` (see the module's docstring), and its queries."""
    def timed(args) -> float:
        started = time.perf_counter()
        work(*args)
        return time.perf_counter() - started

    cold, computed, warm = [], [], []
    for _i in range(repeat):
        connection.close()
        cache.clear()
        cold.append(timed(fresh()))
    counter = QueryCounter()
    cache.clear()
    with connection.execute_wrapper(counter):
        work(*fresh())
    for _i in range(repeat):
        cache.clear()
        computed.append(timed(fresh()))
    for _i in range(repeat):
        warm.append(timed(fresh()))
    return {"cold": summary(cold), "computed": summary(computed), "warm": summary(warm), "queries": counter.count}


def deep_page(url: str, unit: AdministrativeUnit | None) -> str:
    """`page=200`, or the last page of a scope with fewer (a district has no page 200: its 404
    would measure nothing)."""
    if "page=200" not in url:
        return url
    ids = AdministrativeUnit.objects.within_ids(unit)
    model = Person if "/people/" in url else Collective
    rows = model.objects.all() if ids is None else model.objects.filter(unit__in=ids)
    last = max(1, -(-rows.count() // 50))
    return url.replace("page=200", f"page={min(200, last)}")


def plan_api_path(plan: Plan, unit: AdministrativeUnit | None) -> str:
    """The plan's results as other systems read them (the API, its answer kept whole)."""
    return f"/api/v1/plans/{plan.code}/results/" + (f"?unit={unit.code}" if unit else "")


def fresh_unit(unit_id: int | None):
    return AdministrativeUnit.objects.get(pk=unit_id) if unit_id is not None else None


def logged_in_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def get_page(client: Client, url: str) -> dict:
    response = client.get(url)
    return {"status": response.status_code, "bytes": len(response.content)}


# --- the database's own limit: one hand-written statement per indicator ------------------------

REPORTS = """FROM cooperatives_annualreport r JOIN cooperatives_collective c ON c.id = r.collective_id
             WHERE c.kind IN ('htx', 'tht') AND r.year IN (%(y)s, %(b)s) AND {scope:c.unit_id}"""
# Not suspended on 31/12 of year {d} (cooperatives.models.suspended_q: "active" is existing and not suspended).
NOT_SUSPENDED = ("c.id NOT IN (SELECT s.collective_id FROM cooperatives_suspension s WHERE s.starts_on <= make_date({d}, 12, 31) "
                 "AND (s.ends_on IS NULL OR s.ends_on > make_date({d}, 12, 31)))")
# (Per year, so that each suspension list is read once: one correlated on r.year runs per report.)
ACTIVE_END = ("c.established_on <= make_date(r.year, 12, 31) AND (c.dissolved_on IS NULL OR c.dissolved_on > make_date(r.year, 12, 31)) "
              "AND ((r.year = %(y)s AND " + NOT_SUSPENDED.format(d="%(y)s") + ") OR (r.year = %(b)s AND "
              + NOT_SUSPENDED.format(d="%(b)s") + "))")
RATED = f"c.kind = 'htx' AND {ACTIVE_END} AND r.classification <> 'unrated'"


def _collectives(condition: str) -> str:
    return (f"SELECT count(*) FILTER (WHERE {condition.format(d='%(y)s')}), "
            f"count(*) FILTER (WHERE {condition.format(d='%(b)s')}) "
            "FROM cooperatives_collective c WHERE {scope:c.unit_id}")


def _two(expression_y: str, expression_b: str) -> str:
    return f"SELECT {expression_y}, {expression_b} {REPORTS}"


def _managers(educations: str) -> str:
    """Distinct persons holding a role on 31/12 in an HTX active that day: with `educations`, all."""
    held = ("m.started_on <= make_date({d}, 12, 31) AND (m.ended_on IS NULL OR m.ended_on >= make_date({d}, 12, 31)) "
            "AND c.established_on <= make_date({d}, 12, 31) AND (c.dissolved_on IS NULL OR c.dissolved_on > make_date({d}, 12, 31)) "
            "AND " + NOT_SUSPENDED)
    wanted = f" AND p.education IN ({educations})"
    counts = [f"count(DISTINCT m.person_id) FILTER (WHERE {held.format(d=d)}{extra})"
              for extra in (wanted, "") for d in ("%(y)s", "%(b)s")]
    return (f"SELECT {', '.join(counts)} FROM cooperatives_managementrole m "
            "JOIN cooperatives_collective c ON c.id = m.collective_id "
            "JOIN cooperatives_person p ON p.id = m.person_id WHERE c.kind = 'htx' AND {scope:c.unit_id}")


OCOP = """WITH products AS (
    SELECT d.year, (SELECT r.stars FROM ocop_ocoprating r WHERE r.product_id = o.id AND NOT r.revoked
                    AND r.decided_on <= make_date(d.year, 12, 31) AND r.valid_until >= make_date(d.year, 12, 31)
                    ORDER BY r.decided_on DESC, r.id DESC LIMIT 1) AS stars
    FROM ocop_ocopproduct o CROSS JOIN (VALUES (%(y)s), (%(b)s)) AS d(year)
    WHERE {scope:o.unit_id} AND o.registered_on <= make_date(d.year, 12, 31)
      AND (o.withdrawn_on IS NULL OR o.withdrawn_on > make_date(d.year, 12, 31)))
SELECT count(*) FILTER (WHERE year = %(y)s AND {stars}), count(*) FILTER (WHERE year = %(b)s AND {stars}) FROM products"""

# (numerator Y, numerator B[, denominator Y, denominator B]) per indicator, for the plan's
# year Y and baseline year B (growth rows: Y against B, B against B - 1 = "c" below).
SQL = {
    "htx_new": _collectives("c.kind = 'htx' AND extract(year FROM c.established_on) = {d}"),
    "tht_new": _collectives("c.kind = 'tht' AND extract(year FROM c.established_on) = {d}"),
    "htx_dissolved": _collectives("c.kind = 'htx' AND extract(year FROM c.dissolved_on) = {d}"),
    "htx_active": _collectives("c.kind = 'htx' AND c.established_on <= make_date({d}, 12, 31) "
                               "AND (c.dissolved_on IS NULL OR c.dissolved_on > make_date({d}, 12, 31)) AND " + NOT_SUSPENDED),
    "tht_active": _collectives("c.kind = 'tht' AND c.established_on <= make_date({d}, 12, 31) "
                               "AND (c.dissolved_on IS NULL OR c.dissolved_on > make_date({d}, 12, 31)) AND " + NOT_SUSPENDED),
    "htx_effective_share": _two(
        f"count(*) FILTER (WHERE r.year = %(y)s AND {RATED} AND r.classification IN ('good', 'fair')), "
        f"count(*) FILTER (WHERE r.year = %(b)s AND {RATED} AND r.classification IN ('good', 'fair'))",
        f"count(*) FILTER (WHERE r.year = %(y)s AND {RATED}), count(*) FILTER (WHERE r.year = %(b)s AND {RATED})"),
    "htx_average_share": _two(
        f"count(*) FILTER (WHERE r.year = %(y)s AND {RATED} AND r.classification = 'average'), "
        f"count(*) FILTER (WHERE r.year = %(b)s AND {RATED} AND r.classification = 'average')",
        f"count(*) FILTER (WHERE r.year = %(y)s AND {RATED}), count(*) FILTER (WHERE r.year = %(b)s AND {RATED})"),
    "htx_value_chain_effective": _two(
        "count(*) FILTER (WHERE r.year = %(y)s AND c.kind = 'htx' AND r.value_chain AND r.classification IN ('good', 'fair'))",
        "count(*) FILTER (WHERE r.year = %(b)s AND c.kind = 'htx' AND r.value_chain AND r.classification IN ('good', 'fair'))"),
    "htx_high_tech": _two("count(*) FILTER (WHERE r.year = %(y)s AND c.kind = 'htx' AND r.high_tech)",
                          "count(*) FILTER (WHERE r.year = %(b)s AND c.kind = 'htx' AND r.high_tech)"),
    "manager_training_turns": (
        "SELECT coalesce(sum(t.extra_attendees + (SELECT count(*) FROM cooperatives_trainingcourse_attendees a "
        "WHERE a.trainingcourse_id = t.id)) FILTER (WHERE extract(year FROM t.held_on) = %(y)s), 0), "
        "coalesce(sum(t.extra_attendees + (SELECT count(*) FROM cooperatives_trainingcourse_attendees a "
        "WHERE a.trainingcourse_id = t.id)) FILTER (WHERE extract(year FROM t.held_on) = %(b)s), 0) "
        "FROM cooperatives_trainingcourse t WHERE t.held_on BETWEEN make_date(%(b)s, 1, 1) AND make_date(%(y)s, 12, 31) "
        "AND {scope:t.unit_id}"),
    "htx_managers_university_share": _managers("'university', 'postgraduate'"),
    "htx_managers_college_share": _managers("'college', 'intermediate'"),
    "trade_events": (
        "SELECT count(DISTINCT e.id) FILTER (WHERE extract(year FROM e.held_on) = %(y)s), "
        "count(DISTINCT e.id) FILTER (WHERE extract(year FROM e.held_on) = %(b)s) "
        "FROM cooperatives_tradeevent e JOIN cooperatives_tradeevent_participants tp ON tp.tradeevent_id = e.id "
        "JOIN cooperatives_collective c ON c.id = tp.collective_id "
        "WHERE c.kind IN ('htx', 'tht') AND {scope:c.unit_id} "
        "AND e.held_on BETWEEN make_date(%(b)s, 1, 1) AND make_date(%(y)s, 12, 31)"),
    "ocop_participating": OCOP.replace("{stars}", "TRUE"),
    "ocop_rated": OCOP.replace("{stars}", "stars >= 3"),
    "ocop_3_star": OCOP.replace("{stars}", "stars = 3"),
    "ocop_4_star": OCOP.replace("{stars}", "stars = 4"),
    "ocop_5_star": OCOP.replace("{stars}", "stars = 5"),
    # Growth rows: Σ of Y and of B (value), Σ of B and of B - 1 (baseline).
    "htx_income_growth": ("SELECT sum(r.profit) FILTER (WHERE r.year = %(y)s AND c.kind = 'htx'), "
                          "sum(r.profit) FILTER (WHERE r.year = %(b)s AND c.kind = 'htx'), "
                          "sum(r.profit) FILTER (WHERE r.year = %(c)s AND c.kind = 'htx') "
                          + REPORTS.replace("(%(y)s, %(b)s)", "(%(y)s, %(b)s, %(c)s)")),
    "htx_revenue_growth": ("SELECT sum(r.revenue) FILTER (WHERE r.year = %(y)s AND c.kind = 'htx'), "
                           "sum(r.revenue) FILTER (WHERE r.year = %(b)s AND c.kind = 'htx'), "
                           "sum(r.revenue) FILTER (WHERE r.year = %(c)s AND c.kind = 'htx') "
                           + REPORTS.replace("(%(y)s, %(b)s)", "(%(y)s, %(b)s, %(c)s)")),
    "members_workers_growth": ("SELECT sum(r.members + r.regular_workers) FILTER (WHERE r.year = %(y)s), "
                               "sum(r.members + r.regular_workers) FILTER (WHERE r.year = %(b)s), "
                               "sum(r.members + r.regular_workers) FILTER (WHERE r.year = %(c)s) "
                               + REPORTS.replace("(%(y)s, %(b)s)", "(%(y)s, %(b)s, %(c)s)")),
    "avg_income_growth": (
        "SELECT " + ", ".join(
            f"sum(r.average_monthly_income * (r.members + r.regular_workers)) FILTER (WHERE r.year = {y} "
            "AND r.average_monthly_income IS NOT NULL)::numeric / nullif(sum(r.members + r.regular_workers) "
            f"FILTER (WHERE r.year = {y} AND r.average_monthly_income IS NOT NULL), 0)"
            for y in ("%(y)s", "%(b)s", "%(c)s"))
        + " " + REPORTS.replace("(%(y)s, %(b)s)", "(%(y)s, %(b)s, %(c)s)")),
    # The unit's own statistic when entered, else the sum over the communes in scope.
    "collective_gdp_share": (
        "SELECT year, sum(collective_sector_product) FILTER (WHERE own), sum(domestic_budget_revenue) FILTER (WHERE own), "
        "count(*) FILTER (WHERE own), sum(collective_sector_product) FILTER (WHERE commune), "
        "sum(domestic_budget_revenue) FILTER (WHERE commune) FROM (SELECT s.year, s.unit_id = %(unit)s AS own, "
        "u.level = 'commune' AS commune, s.collective_sector_product, s.domestic_budget_revenue "
        "FROM units_unitstatistic s JOIN units_administrativeunit u ON u.id = s.unit_id "
        "WHERE s.year IN (%(y)s, %(b)s) AND s.domestic_budget_revenue IS NOT NULL "
        "AND s.collective_sector_product IS NOT NULL AND {scope:s.unit_id}) x GROUP BY year"),
}


def sql_limit(unit: AdministrativeUnit | None, year: int, baseline_year: int, repeat: int) -> dict:
    """Each indicator's statement timed (median of `repeat`), with the numbers it gives."""
    ids = AdministrativeUnit.objects.within_ids(unit)
    params = {"y": year, "b": baseline_year, "c": baseline_year - 1, "ids": sorted(ids) if ids is not None else None,
              "unit": unit.pk if unit else None}
    out = {}
    with connection.cursor() as cursor:
        for code, statement in SQL.items():
            scoped = statement
            while "{scope:" in scoped:
                start = scoped.index("{scope:")
                end = scoped.index("}", start)
                column = scoped[start + 7:end]
                scoped = scoped[:start] + ("TRUE" if ids is None else f"{column} = ANY(%(ids)s)") + scoped[end + 1:]
            times = []
            for _i in range(repeat):
                started = time.perf_counter()
                cursor.execute(scoped, params)
                rows = cursor.fetchall()
                times.append(time.perf_counter() - started)
            out[code] = {"median_ms": round(statistics.median(times) * 1000, 2), "rows": rows}
    return out


def _num(value):
    if value is None:
        return None
    return float(value) if isinstance(value, Decimal | float) else value


def sql_numbers(code: str, rows, year: int, baseline_year: int) -> list:
    """The SQL's numbers in the engine's terms: [value's numerator, denominator, baseline's …]."""
    row = rows[0] if rows else ()
    if code == "collective_gdp_share":
        by_year = {r[0]: r for r in rows}

        def pick(y):
            r = by_year.get(y)
            if r is None:
                return None, None
            return (r[1], r[2]) if r[3] else (r[4], r[5])
        return [*pick(year), *pick(baseline_year)]
    if code in ("htx_income_growth", "htx_revenue_growth", "members_workers_growth", "avg_income_growth"):
        now, then, before = row
        return [now, then, then, before]
    if len(row) == 4:
        return [row[0], row[2], row[1], row[3]]
    return [row[0], None, row[1], None]


def engine_numbers(plan: Plan, unit, year: int) -> dict[str, list]:
    rows = {r.indicator: r for r in plan_results(plan, unit=unit, year=year)}
    baseline = {r.indicator: r for r in plan_results(plan, unit=unit, year=plan.baseline_year)}
    return {code: [rows[code].numerator, rows[code].denominator, baseline[code].numerator,
                   baseline[code].denominator] for code in rows}


def close_enough(a, b) -> bool:
    a, b = _num(a), _num(b)
    if a is None or b is None:
        return a in (None, 0) and b in (None, 0)
    return abs(a - b) <= 1e-6 * max(1, abs(a), abs(b))


# --- load --------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def session_cookie(user: User) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def hammer(url: str, cookie: str, seconds: float, clients: int, cap: int = 100_000) -> dict:
    """`clients` threads GET `url` until `seconds` have passed (or `cap` requests): rps, p95, errors."""
    deadline = time.perf_counter() + seconds
    latencies: list[float] = []
    errors = {"count": 0, "kinds": {}}
    lock = threading.Lock()

    def worker():
        while time.perf_counter() < deadline:
            with lock:
                if len(latencies) + errors["count"] >= cap:
                    return
            request = urllib.request.Request(url, headers={"Cookie": cookie})
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=120) as response:
                    response.read()
                    ok, kind = response.status == 200, str(response.status)
            except urllib.error.HTTPError as exc:
                ok, kind = False, str(exc.code)
            except OSError as exc:
                ok, kind = False, type(exc).__name__
            elapsed = time.perf_counter() - started
            with lock:
                if ok:
                    latencies.append(elapsed)
                else:
                    errors["count"] += 1
                    errors["kinds"][kind] = errors["kinds"].get(kind, 0) + 1

    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        for _i in range(clients):
            pool.submit(worker)
    wall = time.perf_counter() - started
    result = {"requests": len(latencies), "errors": errors["count"], "error_kinds": errors["kinds"],
              "rps": round(len(latencies) / wall, 2), "wall_s": round(wall, 1)}
    if latencies:
        result.update({f"latency_{k}": v for k, v in summary(latencies).items() if k != "runs"})
    return result


def load_step(scopes, users, plan, seconds: float, clients: int) -> dict:
    port = free_port()
    # Production's connection settings (README, deploy): a kept connection per worker.
    env = {**os.environ, "DEBUG": "0", "DJANGO_SETTINGS_MODULE": "coopreg.settings", "CONN_MAX_AGE": "600"}
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "coopreg.wsgi", "--workers", "2", "--bind",
         f"127.0.0.1:{port}", "--timeout", "120", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _i in range(100):
            try:
                urllib.request.urlopen(f"{base}/accounts/login/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        out = {}
        for scope, unit in scopes.items():
            cookie = session_cookie(users[scope])
            unit_part = f"&unit={unit.pk}" if unit else ""
            for name, path in (
                ("dashboard", f"/reports/?plan={plan.code}{unit_part}"),
                ("plan_api", plan_api_path(plan, unit)),
                *LOAD_LISTS,
            ):
                path = deep_page(path, unit)
                result = hammer(base + path, cookie, seconds, clients)
                out[f"{scope}/{name}"] = result
                print(f"  load {scope:<9} {name:<19} {result['rps']:>7.2f} req/s  "
                      f"p95 {result.get('latency_p95_ms', '–')} ms  errors {result['errors']}", flush=True)
        return out
    finally:
        server.terminate()
        server.wait(timeout=30)


# --- main --------------------------------------------------------------------------------------


def bench_scope(plan: Plan, unit: AdministrativeUnit | None, user: User, repeat: int) -> dict[str, dict]:
    """Every measure of one scope, printed as it goes."""
    unit_id, plan_id = (unit.pk if unit else None), plan.pk
    year, baseline_year = plan.target_year, plan.baseline_year
    r: dict[str, dict] = {}

    def plan_work(p, u):
        [row.value for row in plan_results(p, unit=u, year=year)]

    r["plan"] = measure(plan_work, lambda: (Plan.objects.get(pk=plan_id), fresh_unit(unit_id)), repeat)
    code, years = BY_COMMUNE
    r["by_commune"] = measure(lambda u: indicator_values(code, unit=u, years=years, by_commune=True),
                              lambda: (fresh_unit(unit_id),), repeat)
    client = logged_in_client(user)
    unit_part = f"&unit={unit_id}" if unit_id else ""
    pages = {
        "plan_api": plan_api_path(plan, unit),
        "dashboard": f"/reports/?plan={plan.code}{unit_part}",
        "indicator": f"/reports/indicators/htx_active/?plan={plan.code}&year={year}{unit_part}",
        **{name: deep_page(url, unit) for name, url in LIST_ENDPOINTS},
        **dict(SEARCH_ENDPOINTS),
    }
    for name, url in pages.items():
        r[name] = measure(lambda url=url: get_page(client, url), lambda: (), repeat)
        r[name].update(get_page(client, url))
    sql = sql_limit(unit, year, baseline_year, repeat)
    sql_total = sum(v["median_ms"] for v in sql.values())
    r["sql"] = {"total_ms": round(sql_total, 1), "statements": len(sql),
                "per_indicator_ms": {k: v["median_ms"] for k, v in sql.items()}}
    engine = engine_numbers(Plan.objects.get(pk=plan_id), fresh_unit(unit_id), year)
    mismatches = {}
    for code in SQL:
        numbers = sql_numbers(code, sql[code]["rows"], year, baseline_year)
        if not all(close_enough(a, b) for a, b in zip(engine[code], numbers, strict=True)):
            mismatches[code] = {"engine": [_num(v) for v in engine[code]], "sql": [_num(v) for v in numbers]}
    r["sql"]["mismatches"] = mismatches
    r["sql"]["app_over_sql"] = round(r["plan"]["computed"]["median_ms"] / sql_total, 2) if sql_total else None
    for name, m in r.items():
        if name == "sql":
            continue
        extra = f"  {m['status']} {m['bytes']:,} B" if "status" in m else ""
        print(f"  {name:<20} cold {m['cold']['median_ms']:>8.1f} / {m['cold']['p95_ms']:>8.1f}   "
              f"computed {m['computed']['median_ms']:>8.1f} / {m['computed']['p95_ms']:>8.1f}   "
              f"warm {m['warm']['median_ms']:>8.1f} / {m['warm']['p95_ms']:>8.1f} ms   "
              f"{m['queries']:>3} queries{extra}", flush=True)
    print(f"  {'sql (limit)':<20} {sql_total:>9.1f} ms in {len(sql)} statements; app ÷ SQL = "
          f"{r['sql']['app_over_sql']}; mismatches: {sorted(mismatches) or 'none'}", flush=True)
    return r


def prepare() -> None:
    """The database of DATABASE_URL, created if missing, migrated, with the country in it."""
    import psycopg2
    from django.core.management import call_command

    db = settings.DATABASES["default"]
    if connection.vendor != "postgresql":
        sys.exit("The national benchmark runs on PostgreSQL: set DATABASE_URL (the Makefile's NATIONAL_DATABASE_URL).")
    server = psycopg2.connect(dbname="postgres", user=db["USER"], password=db["PASSWORD"], host=db["HOST"],
                              port=db["PORT"] or 5432)
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{db["NAME"]}"')
            print(f"created database {db['NAME']}")
    server.close()
    call_command("migrate", verbosity=0)
    if Collective.objects.exists():
        print(f"{Collective.objects.count():,} collectives already in {db['NAME']}: nothing generated.")
        return
    call_command("generate_dataset", preset="country", seed=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scopes", default=",".join(SCOPES), help="comma-separated: " + ",".join(SCOPES))
    parser.add_argument("--repeat", type=int, default=5, help="cold and warm runs of each measure")
    parser.add_argument("--skip-load", action="store_true", help="no gunicorn load step")
    parser.add_argument("--load-only", action="store_true", help="the gunicorn load step alone")
    parser.add_argument("--load-seconds", type=float, default=30)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results"))
    parser.add_argument("--prepare", action="store_true",
                        help="create the database of DATABASE_URL if missing, migrate it and generate the country "
                             "(seed 1) into it when it is empty; then stop")
    args = parser.parse_args()
    if args.prepare:
        prepare()
        return
    wanted = [s.strip() for s in args.scopes.split(",") if s.strip()]
    unknown = set(wanted) - set(SCOPES)
    if unknown:
        parser.error(f"unknown scopes {sorted(unknown)}")
    settings.DEBUG = False  # no query log growing through the runs (QueryCounter counts)

    plan = Plan.objects.filter(code=PLAN_CODE).first()
    if plan is None:
        sys.exit(f"No plan {PLAN_CODE}: run `manage.py generate_dataset --preset country` on this database first.")
    all_scopes = pick_scopes()
    scopes = {s: all_scopes[s] for s in wanted}
    users = {s: user_for(s, u) for s, u in scopes.items()}
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT sqlite_version()")
        db_version = cursor.fetchone()[0]
    meta = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "cpus": os.cpu_count(),
        "python": platform.python_version(), "database": f"{connection.vendor} {db_version}",
        "collectives": Collective.objects.count(), "units": AdministrativeUnit.objects.count(),
        "repeat": args.repeat, "plan": plan.code,
        "scopes": {s: (f"{u.name} ({u.code})" if u else "whole country") for s, u in scopes.items()},
    }
    print(f"CPUs: {meta['cpus']}   database: {meta['database']}")
    print(f"{meta['collectives']:,} collectives, {meta['units']:,} units; plan {plan.code}; repeat {args.repeat}")
    results: dict[str, dict] = {}
    for scope, unit in ({} if args.load_only else scopes).items():
        print(f"\n== {scope}: {meta['scopes'][scope]}", flush=True)
        results[scope] = bench_scope(plan, unit, users[scope], args.repeat)
        reset_queries()

    load = None if args.skip_load else load_step(scopes, users, plan, args.load_seconds, args.clients)
    print_table(meta, results, load)
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"national-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M}-{'-'.join(wanted)}.json"
    path.write_text(json.dumps({"meta": meta, "results": results, "load": load}, indent=1, ensure_ascii=False,
                               default=str))
    print(f"\nwritten {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


def print_table(meta, results, load) -> None:
    scopes = list(results)  # none with --load-only
    if scopes:
        print(f"\nNational scale — {meta['cpus']} CPUs, {meta['database'].split(' on ')[0]}; "
              "median ms: cold | computed | warm (p95 warm), queries")
        print(f"| measure | {' | '.join(scopes)} |")
        print(f"|---|{'---|' * len(scopes)}")
        for name in [n for n in results[scopes[0]] if n != "sql"]:
            cells = []
            for s in scopes:
                m = results[s][name]
                cells.append(f"{m['cold']['median_ms']:.0f} \\| {m['computed']['median_ms']:.0f} \\| "
                             f"{m['warm']['median_ms']:.0f} ({m['warm']['p95_ms']:.0f}), "
                             f"{m['queries']}q" + (f", {m['bytes'] / 1000:.0f} kB" if "bytes" in m else "")
                             + (f", {m['status']}" if m.get("status", 200) != 200 else ""))
            print(f"| {name} | {' | '.join(cells)} |")
        print(f"| SQL limit (plan, {len(SQL)} statements) | "
              + " | ".join(f"{results[s]['sql']['total_ms']:.0f}" for s in scopes) + " |")
        print("| app ÷ SQL (plan computed) | "
              + " | ".join(f"{results[s]['sql']['app_over_sql']}" for s in scopes) + " |")
    if load:
        print("\nLoad: gunicorn 2 workers, 20 clients; req/s, p95 ms, errors")
        for name, m in load.items():
            print(f"| {name} | {m['rps']} | {m.get('latency_p95_ms', '–')} | {m['errors']} |")


if __name__ == "__main__":
    main()
