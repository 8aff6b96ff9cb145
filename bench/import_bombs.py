"""Build each hostile file of issue 9 at full size, submit it to the import service as the
pages do (services.pending.stage, then preview), and print its time and peak memory.

    .venv/bin/python bench/import_bombs.py                 # every case
    .venv/bin/python bench/import_bombs.py "1 GB cell"     # some cases, by name

The bombs (huge cell, shared strings, blank rows, billion laughs) are what took the server
past 9 GB or for minutes; the "limit" cases are the largest files the limits let through,
read and previewed in full. Each case runs in a process of its own, whose peak resident
memory (VmHWM) is printed, against a throwaway SQLite database with Bình Liêu's units and
an officer; files are written to /tmp/coopreg_bombs and removed afterwards.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from itertools import chain
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coopreg.settings")
FILES = Path(tempfile.gettempdir()) / "coopreg_bombs"
DATABASE = Path(tempfile.gettempdir()) / "coopreg_bench_bombs.sqlite3"
# Always SQLite: the bombs are about reading files, not about the database.
os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from imports.services import pending  # noqa: E402
from tests.imports import hostile  # noqa: E402
from tests.imports.helpers import COLLECTIVE_HEADERS  # noqa: E402
from units.binh_lieu import BINH_LIEU, ensure_binh_lieu_units  # noqa: E402

HEAD = hostile.headers_row(COLLECTIVE_HEADERS)
MB = 1024 * 1024


def repeat(piece: str, times: int, per_chunk: int = 10_000):
    chunk = piece * per_chunk
    for _ in range(times // per_chunk):
        yield chunk
    yield piece * (times % per_chunk)


def huge_cell(path: Path) -> None:
    """One cell of 1 GiB of text: ~1 MB zipped."""
    body = chain([HEAD, '<row r="2"><c r="B2" t="inlineStr"><is><t>'], repeat("A" * 1024, 1024 * 1024, 1024),
                 ["</t></is></c></row>"])
    hostile.xlsx(hostile.sheet(body), target=path)


def shared_strings(path: Path) -> None:
    """40 million shared strings (~700 MB of XML): ~2.7 MB zipped."""
    count = 40_000_000
    strings = (f"<si><t>{n % 100}</t></si>" for n in range(count))
    chunks = ("".join(next(strings) for _ in range(10_000)).encode() for _ in range(count // 10_000))
    sst = chain([(hostile.XML_HEAD + f'<sst xmlns="{hostile.MAIN}" count="{count}" uniqueCount="{count}">').encode()],
                chunks, [b"</sst>"])
    hostile.xlsx(hostile.sheet(HEAD), strings=sst, target=path)


def blank_rows(path: Path) -> None:
    """20 million empty rows under the header (numbered by their order, as the format
    allows): 120 MB of XML, a few hundred KB zipped."""
    hostile.xlsx(hostile.sheet(chain([HEAD], repeat("<row/>", 20_000_000))), target=path)


def billion_laughs(path: Path) -> None:
    """Ten levels of ten entities: 10⁹ "lol" from a few hundred bytes."""
    body = HEAD + '<row r="2"><c r="B2" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    hostile.xlsx(hostile.sheet(body, head=hostile.with_dtd("worksheet", hostile.BILLION_LAUGHS)), target=path)


def limit_rows(path: Path) -> None:
    """The most rows accepted: 19,999 collectives under the header, each with every column
    the template has filled (read, then previewed: 19,999 rows through the services)."""
    rows = (hostile.row(n, [f"57{n:08d}", f"Hợp tác xã Thử nghiệm số {n}", "Hợp tác xã", "Húc Động",
                            "Nông, lâm, ngư nghiệp", "15/03/2018", f"{n * 1000}"]) for n in range(2, 20_001))
    hostile.xlsx(hostile.sheet(chain([HEAD], rows), dimension="A1:G20000"), target=path)


def limit_strings(path: Path) -> None:
    """The most shared strings accepted (as many as the cell limit), each distinct."""
    count = 500_000
    strings = hostile.shared_strings((f"Chuỗi văn bản dùng chung số {n}" for n in range(count)), count)
    hostile.xlsx(hostile.sheet(HEAD), strings=strings, target=path)


def limit_cells(path: Path) -> None:
    """The most cells accepted: 500,000 numbers, 25 columns on 20,000 rows, none of them a
    column of the import (openpyxl reads them all; the import ignores them)."""
    rows = (hostile.row(n, [n * 25 + i for i in range(25)]) for n in range(1, 20_001))
    hostile.xlsx(hostile.sheet(rows, dimension="A1:Y20000"), target=path)


def limit_text(path: Path) -> None:
    """Nearly 50 MB of text unzipped (the limit) in 500,000 cells, each kept in the table the
    file waits as; no column is one of the import's, so only reading and keeping it counts."""
    head = hostile.row(1, [f"Cột {i}" for i in range(25)])
    rows = (hostile.row(n, [f"Ghi chú {n}-{i}: văn bản dài vừa phải" for i in range(25)]) for n in range(2, 20_001))
    hostile.xlsx(hostile.sheet(chain([head], rows)), target=path)


CASES = {
    "1 GB cell": huge_cell,
    "shared strings": shared_strings,
    "20 M blank rows": blank_rows,
    "billion laughs": billion_laughs,
    "limit: 19,999 rows": limit_rows,
    "limit: 500,000 strings": limit_strings,
    "limit: 500,000 cells": limit_cells,
    "limit: 50 MB of text": limit_text,
}


def peak_rss() -> int:
    """This process's peak resident memory in KB (VmHWM: unlike getrusage's ru_maxrss, it
    does not carry over the parent's peak through fork and exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("needs Linux's /proc")


def child(path: str) -> None:
    """Import one file as the pages do, in this process; print what it cost."""
    officer = User.objects.get(username="bench")
    content = Path(path).read_bytes()
    before = peak_rss()
    start = time.perf_counter()
    waiting = pending.stage("collectives", actor=officer, content=content, filename="bomb.xlsx")
    read = time.perf_counter() - start
    result = pending.preview(waiting)
    elapsed = time.perf_counter() - start
    peak = peak_rss()
    outcome = result.issues[0].message if result.issues and result.rows == 0 else (
        f"read {result.rows} rows; preview: created={result.created} errors={len(result.issues)}")
    print(f"  {elapsed:6.2f} s (reading {read:.2f} s)  peak RSS {peak / 1024:4.0f} MB (before the import "
          f"{before / 1024:.0f} MB)\n  {outcome}")


def main(names: list[str]) -> None:
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = str(DATABASE)
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    FILES.mkdir(exist_ok=True)
    try:
        units = ensure_binh_lieu_units()
        User.objects.create_user("bench", password="x", role=Role.OFFICER, scope=units[BINH_LIEU])
        connection.close()
        for name in names or CASES:
            path = FILES / (name.replace(" ", "_").replace(",", "").replace(":", "") + ".xlsx")
            built = time.perf_counter()
            CASES[name](path)
            print(f"{name}: {path.stat().st_size / 1024:,.0f} KB (built in {time.perf_counter() - built:.0f} s)")
            subprocess.run([sys.executable, __file__, "--child", str(path)], check=True)
            path.unlink()
    finally:
        shutil.rmtree(FILES, ignore_errors=True)
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2])
    else:
        main(sys.argv[1:])
