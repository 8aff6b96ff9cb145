"""Time the spreadsheet import of 5,000 collectives and 5,000 annual reports (run by hand).

    .venv/bin/python bench/import_rows.py                      # SQLite (a throwaway file)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coopreg_h5bench .venv/bin/python bench/import_rows.py

Like the test runner, it creates a throwaway database (test_<name> on PostgreSQL, a file
in /tmp on SQLite), migrates it, loads Bình Liêu's units and an officer, then times the
preview, the confirmation and a second import of the same file (which must change
nothing) and of a file where every row changed, and drops the database.
"""

import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROWS = int(os.environ.get("BENCH_ROWS", "5000"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coopreg.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from openpyxl import Workbook  # noqa: E402


def xlsx(headers: list[str], rows: list[list]) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def timed(label: str, func):
    start, cpu = time.perf_counter(), time.process_time()
    result = func()
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"  {label:<30} {elapsed:6.2f} s (this process's CPU {cpu:5.2f} s)  created={result.created} updated={result.updated} "
          f"unchanged={result.unchanged} errors={len(result.issues)}")
    if result.issues:
        print("   first errors:", result.issues[:3])
    return result


def main() -> None:
    if connection.vendor == "sqlite":
        path = Path(tempfile.gettempdir()) / "coopreg_bench_import.sqlite3"
        settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = str(path)
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        run()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run() -> None:
    from accounts.models import Role, User
    from cooperatives.models import AnnualReport, Collective
    from imports.services import ImportResult, import_file
    from units.binh_lieu import BINH_LIEU, COMMUNES_2022, ensure_binh_lieu_units

    units = ensure_binh_lieu_units()
    officer = User.objects.create_user("bench", password="x", role=Role.OFFICER, scope=units[BINH_LIEU])
    communes = [name for _code, name, _type in COMMUNES_2022]
    collectives = xlsx(
        ["Mã số HTX / mã số thuế", "Tên tổ chức", "Loại hình", "Xã / phường / thị trấn", "Lĩnh vực",
         "Ngày thành lập", "Vốn điều lệ (đồng)", "Người đại diện theo pháp luật"],
        [[f"57{n:08d}", f"Hợp tác xã Thử nghiệm số {n}", "Hợp tác xã", communes[n % len(communes)],
          "Nông, lâm, ngư nghiệp", f"{1 + n % 28:02d}/{1 + n % 12:02d}/{2000 + n % 20}",
          f"{(n % 50 + 1) * 100_000_000:,}".replace(",", "."), f"Hoàng Văn {n}"] for n in range(ROWS)],
    )
    reports = xlsx(
        ["Mã số HTX / mã số thuế", "Năm", "Số thành viên", "Lao động thường xuyên", "Doanh thu (đồng)",
         "Lợi nhuận (đồng)", "Thu nhập bình quân tháng (đồng)", "Điểm đánh giá", "Gắn với chuỗi giá trị"],
        [[f"57{n:08d}", 2023, 7 + n % 40, n % 25, 500_000_000 + n * 1000, 20_000_000 - n, 5_000_000 + n,
          40 + n % 60, "Có" if n % 3 == 0 else "Không"] for n in range(ROWS)],
    )
    print(f"Database: {connection.vendor} ({connection.settings_dict['NAME']}); {ROWS} rows per file")
    for label, kind, content, model in [("collectives", "collectives", collectives, Collective),
                                        ("annual reports", "annual_reports", reports, AnnualReport)]:
        print(f"{label} ({len(content) / 1024:.0f} KB xlsx):")
        timed("preview (rolled back)", lambda k=kind, c=content: import_file(
            k, actor=officer, content=c, filename="bench.xlsx", commit=False))
        timed("confirm (one transaction)", lambda k=kind, c=content: import_file(
            k, actor=officer, content=c, filename="bench.xlsx", commit=True))
        history_before = model.history.count()
        timed("same file again (no change)", lambda k=kind, c=content: import_file(
            k, actor=officer, content=c, filename="bench.xlsx", commit=True))
        assert model.objects.count() == ROWS, model.objects.count()
        assert model.history.count() == history_before, "the second import wrote history"
    # Every row changed (revenue + 1): updates go one by one through scoped_update, with
    # the optimistic-lock check, a history row and the validation of each record.
    changed = xlsx(
        ["Mã số HTX / mã số thuế", "Năm", "Doanh thu (đồng)"],
        [[f"57{n:08d}", 2023, 500_000_001 + n * 1000] for n in range(ROWS)],
    )
    print("annual reports, every row changed:")
    result = timed("preview (rolled back)", lambda: import_file(
        "annual_reports", actor=officer, content=changed, filename="bench.xlsx", commit=False))
    # What the preview keeps (the rows it will change, each change spelled out) and what
    # a preview page pays to read it back.
    kept = result.to_bytes()
    print(f"  kept preview: {len(kept) / 1024:.0f} KB for {len(result.planned)} rows listed")
    timed("read the kept preview back", lambda: ImportResult.from_bytes(kept))
    timed("confirm (one transaction)", lambda: import_file(
        "annual_reports", actor=officer, content=changed, filename="bench.xlsx", commit=True))


if __name__ == "__main__":
    main()
