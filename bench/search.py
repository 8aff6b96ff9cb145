"""Search and name order at the country's size (issues 11 and 12), on the database of
DATABASE_URL (run by hand, never in CI): the API's `search=` on collectives and people,
the register's page search, and the lists' first and 200th page in their default order
(names in the Vietnamese collation), each timed and with its query count, and the
database's plan of the search (EXPLAIN ANALYZE: a trigram index, or a full scan).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coopreg_search \\
        .venv/bin/python manage.py generate_dataset --preset country --seed 1
    DATABASE_URL=… .venv/bin/python bench/search.py [--repeat 5] [--explain]

The reader is the whole country (an admin with no scope, `bench_country`: no unit filter
narrows the rows) or, with --scope province, a viewer of the province with the most
collectives (`bench_province`); both made if missing. Median and p95 of --repeat warm runs
after one unmeasured run. bench/national.py runs the same search cases for every
scope among its list endpoints (SEARCH_ENDPOINTS).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coopreg.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from accounts.scope import visible  # noqa: E402
from cooperatives.models import Collective, Person  # noqa: E402
from core.collation import ordering  # noqa: E402
from core.text import search  # noqa: E402
from units.models import AdministrativeUnit, UnitLevel  # noqa: E402

# (name, URL): the API's search (kind words, words in any order, a rare and a common name).
CASES = [
    ("collectives: nong nghiep hoa", "/api/v1/collectives/?search=nong+nghiep+hoa"),
    ("collectives: htx nong nghiep", "/api/v1/collectives/?search=htx+nong+nghiep"),
    ("collectives: tht ho tieu lac", "/api/v1/collectives/?search=lac+ho+tieu+tht"),
    ("collectives: 89668", "/api/v1/collectives/?search=89668"),
    ("people: nguyen", "/api/v1/people/?search=nguyen"),
    ("people: nguyen van an", "/api/v1/people/?search=nguyen+van+an"),
    ("people: thang nong", "/api/v1/people/?search=thang+nong"),
    ("people: bui cong hung", "/api/v1/people/?search=bui+cong+hung"),
    ("register page: htx nong nghiep", "/registry/?q=htx+nong+nghiep"),
    ("people page: bui cong hung", "/registry/people/?q=bui+cong+hung"),
    ("collectives: page 1", "/api/v1/collectives/"),
    ("collectives: page 200", "/api/v1/collectives/?page=200"),
    ("people: page 1", "/api/v1/people/"),
    ("people: page 200", "/api/v1/people/?page=200"),
]
EXPLAIN = [(Collective, "htx nong nghiep"), (Collective, "89668"), (Person, "nguyen van an"),
           (Person, "bui cong hung")]


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def timed(client: Client, url: str, repeat: int) -> dict:
    client.get(url)  # unmeasured: warms the connection and the caches
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        response = client.get(url)
    times = []
    for _i in range(repeat):
        started = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - started)
    times.sort()
    p95 = times[min(len(times) - 1, max(0, round(0.95 * len(times)) - 1))]
    return {"status": response.status_code, "queries": counter.count,
            "median_ms": statistics.median(times) * 1000, "p95_ms": p95 * 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--explain", action="store_true", help="print the plans of the search queries")
    parser.add_argument("--scope", choices=["country", "province"], default="country")
    args = parser.parse_args()
    settings.DEBUG = False
    unit = None
    if args.scope == "province":
        unit = (AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE)
                .annotate(n=Count("children__children__collectives")).order_by("-n", "code").first())
    user = User.objects.filter(username=f"bench_{args.scope}").first() or User.objects.create_user(
        username=f"bench_{args.scope}", password=None, role=Role.VIEWER if unit else Role.ADMIN, scope=unit)
    client = Client()
    client.force_login(user)
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT sqlite_version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    print(f"CPUs: {os.cpu_count()}   database: {connection.vendor} {version}   "
          f"{Collective.objects.count():,} collectives, {Person.objects.count():,} people; repeat {args.repeat}; "
          f"reader: {user.scope or 'the whole country'}")
    print("| case | status | queries | median ms | p95 ms |\n|---|---|---|---|---|")
    for name, url in CASES:
        r = timed(client, url, args.repeat)
        print(f"| {name} | {r['status']} | {r['queries']} | {r['median_ms']:.0f} | {r['p95_ms']:.0f} |", flush=True)
    if args.explain and connection.vendor == "postgresql":
        for model, query in EXPLAIN:
            found = search(visible(user, model.objects.all()), query)
            print(f"\n-- {model.__name__} search {query!r}: every match (what the page's count reads)")
            print(found.order_by().values("pk").explain(analyze=True))
            print(f"-- {model.__name__} search {query!r}: the first 50 in the default order")
            print(found.order_by(*ordering(found, model._meta.ordering), "pk")[:50].explain(analyze=True))


if __name__ == "__main__":
    main()
