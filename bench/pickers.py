"""Time per keystroke of the search-box pickers (core.pickers), on the database of
DATABASE_URL (run by hand, never in CI). Issue 12's target: under 200 ms per keystroke on
PostgreSQL at province size.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coopreg_pickers .venv/bin/python manage.py migrate
    DATABASE_URL=… .venv/bin/python manage.py generate_dataset --preset province --seed 1
    DATABASE_URL=… .venv/bin/python bench/pickers.py [--repeat 20]

Each typed text is sent as the picker sends it, one request per keystroke ("n", "no", "non",
… "nong van thang"), through the real endpoint (Django test Client, logged in, the whole
middleware stack: session, user, scope, search, page), by an officer of the province with
the most people (the worst case: the widest scope), and for the unit pickers also by a
national admin (every unit of the country). It prints, per picker and typed text, the
median and p95 over --repeat runs of every keystroke, the rows the first page shows and
the queries per keystroke (the same for every keystroke: pinned by
tests/cooperatives/test_pickers.py).
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

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from cooperatives.models import Person  # noqa: E402
from units.models import AdministrativeUnit, UnitLevel  # noqa: E402

TYPED = {
    "people": ["nong van thang", "nguyen thi", "hanh", "lo"],
    "collectives": ["htx", "hop tac xa che", "mien"],
    "communes": ["xa", "tan lap"],
    "units": ["huyen", "xa tan"],
}
URLS = {
    "people": "/registry/pick/people/",
    "collectives": "/registry/pick/collectives/",
    "communes": "/registry/pick/communes/",
    "units": "/registry/pick/units/",
}


def user(username: str, role: str, scope: AdministrativeUnit | None) -> User:
    found, _ = User.objects.get_or_create(username=username, defaults={"role": role, "scope": scope})
    found.role, found.scope = role, scope
    found.save()
    return found


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def keystrokes(text: str) -> list[str]:
    return [text[:i] for i in range(1, len(text) + 1) if not text[:i].endswith(" ")]


def measure(client: Client, url: str, text: str, repeat: int) -> dict:
    times: list[float] = []
    counts: set[int] = set()
    rows = 0
    client.get(url, {"q": text})  # one unmeasured run: the connection and the plans warm
    for _ in range(repeat):
        for typed in keystrokes(text):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url, {"q": typed})
                times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, typed, response.status_code)
            counts.add(len(queries.captured_queries))
            rows = len(response.json()["results"])
    return {"median": statistics.median(times), "p95": percentile(times, 0.95), "keystrokes": len(times),
            "rows": rows, "queries": sorted(counts)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    setup_test_environment()  # the test Client's ALLOWED_HOSTS and the like

    province = (AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE)
                .annotate(n=Count("children__children__people")).order_by("-n").first())
    assert province is not None, "no province: generate a dataset first (see the docstring)"
    people = Person.objects.count()
    readers = {"province officer": user("bench_pickers_officer", Role.OFFICER, province),
               "national admin": user("bench_pickers_admin", Role.ADMIN, None)}
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT sqlite_version()")
        version = cursor.fetchone()[0]
    print(f"{connection.vendor} {version.split(',')[0]}; {os.cpu_count()} CPUs; {people:,} people, "
          f"{AdministrativeUnit.objects.count():,} units; province: {province.name}; "
          f"{args.repeat} runs of every keystroke; load average {os.getloadavg()[0]:.1f}")
    print(f"{'picker':<12} {'reader':<17} {'typed':<16} {'keys':>5} {'median ms':>10} {'p95 ms':>8} "
          f"{'rows':>5} {'queries':>8}")
    for picker, texts in TYPED.items():
        for reader, account in readers.items():
            if reader == "national admin" and picker not in ("communes", "units"):
                continue
            client = Client()
            client.force_login(account)
            for text in texts:
                r = measure(client, URLS[picker], text, args.repeat)
                print(f"{picker:<12} {reader:<17} {text:<16} {r['keystrokes']:>5} {r['median']:>10.1f} "
                      f"{r['p95']:>8.1f} {r['rows']:>5} {','.join(map(str, r['queries'])):>8}")


if __name__ == "__main__":
    main()
