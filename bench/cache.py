"""The shared cache's effect (core.cache): the leadership pages of the whole country read
cold (the cache emptied, as after a write moved the data version) and warm (the figures
another request computed at this version), on the database of DATABASE_URL (by hand).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coopreg_cache .venv/bin/python manage.py migrate
    DATABASE_URL=… .venv/bin/python manage.py generate_dataset --preset country --seed 1   # or province
    DATABASE_URL=… [REDIS_URL=redis://127.0.0.1:6379/0] .venv/bin/python bench/cache.py --repeat 3

With REDIS_URL the cache is Redis (its keys under a prefix of this run, deleted at the end),
else this process's memory. Each page is read by an admin of the whole country
(`bench_cache`, created if missing), in-process with Django's test Client. "cold" empties
the cache before each read (the queries run); "warm" reads again (the figures come from the
cache; the page is still rendered, and the queries the cache does not cover still run).
Prints median and p95 in ms and the query count of each.
"""

import argparse
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coopreg.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from reports.models import Plan  # noqa: E402

REDIS = settings.CACHES["default"]["BACKEND"].startswith("django_redis")


def empty_cache() -> None:
    if REDIS:
        cache.delete_pattern("*")  # this run's prefix only
    else:
        cache.clear()


def timed(client: Client, url: str) -> tuple[float, int, int]:
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, len(queries.captured_queries), len(response.content)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--plan", default="toan-quoc-2025")
    args = parser.parse_args()
    if REDIS:
        cache.key_prefix = f"bench-cache-{uuid.uuid4().hex[:8]}"
    plan = Plan.objects.get(code=args.plan)
    user = User.objects.filter(username="bench_cache").first() or User.objects.create_user(
        username="bench_cache", password=None, role=Role.ADMIN, scope=None)
    client = Client()
    client.force_login(user)
    year = plan.target_year
    urls = {
        "dashboard": f"/reports/?plan={plan.code}&year={year}&live=1",
        "plan results (API)": f"/api/v1/plans/{plan.code}/results/?year={year}&live=1",
        "htx_active by commune (API)": f"/api/v1/indicators/htx_active/values/?year_from={year - 6}&year_to={year}&by=commune",
    }
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}, cache: "
          f"{'Redis' if REDIS else 'local memory'}, {os.cpu_count()} CPUs, plan {plan.code}, year {year}, "
          f"repeat {args.repeat}")
    print(f"{'read':32} {'cold median':>12} {'cold p95':>9} {'queries':>8} {'warm median':>12} {'warm p95':>9} "
          f"{'queries':>8} {'KB':>7}")
    try:
        for name, url in urls.items():
            cold, warm = [], []
            for _ in range(args.repeat):
                empty_cache()
                ms, cold_queries, size = timed(client, url)
                cold.append(ms)
                ms, warm_queries, _size = timed(client, url)
                warm.append(ms)
            print(f"{name:32} {statistics.median(cold):12.0f} {p95(cold):9.0f} {cold_queries:8} "
                  f"{statistics.median(warm):12.0f} {p95(warm):9.0f} {warm_queries:8} {size / 1024:7.0f}")
    finally:
        empty_cache()


if __name__ == "__main__":
    main()
