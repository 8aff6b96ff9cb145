"""`manage.py generate_dataset`: a synthetic district, province or country (demo.generator)."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from demo import generator


class Command(BaseCommand):
    help = (
        "Sinh dữ liệu mô phỏng (bịa, có cấu trúc như thật) cỡ một huyện, một tỉnh hoặc cả nước để đo hiệu năng: "
        "đơn vị hành chính (có sáp nhập xã 01/07/2025), HTX, THT, liên hiệp, báo cáo năm 2019–2025, thành viên, "
        "cán bộ quản lý, sản phẩm OCOP, lớp tập huấn, sự kiện xúc tiến thương mại, số liệu thống kê, kế hoạch mỗi "
        "tỉnh và kế hoạch toàn quốc. Cùng preset và seed cho cùng dữ liệu. Cần cơ sở dữ liệu trống (vừa migrate). "
        "Không ghi lịch sử thay đổi (dữ liệu mô phỏng chưa từng được sửa) và không tạo tài khoản. "
        "PostgreSQL: nạp bằng COPY, giữ nguyên ràng buộc và chỉ mục. "
        "Synthetic data for benchmarks; needs an empty, migrated database; writes no history rows and no users."
    )

    def add_arguments(self, parser):
        parser.add_argument("--preset", choices=sorted(generator.PRESETS), default="district",
                            help="district, province or country (sizes in demo.generator.PRESETS)")
        parser.add_argument("--seed", type=int, default=1, help="same seed, same data (default 1)")

    def handle(self, *args, preset, seed, **options):
        started = time.perf_counter()
        dataset = generator.build(preset, seed)
        built = time.perf_counter()
        self.stdout.write(f"Đã sinh dữ liệu preset {preset}, seed {seed} trong {built - started:.1f} s; "
                          f"đang nạp vào {connection.vendor}…")

        def progress(table: str, rows: int) -> None:
            self.stdout.write(f"  {table}: {rows:,} dòng ({time.perf_counter() - built:.1f} s)")

        try:
            generator.load(dataset, progress=progress)
        except generator.NotEmpty as exc:
            raise CommandError(f"Bảng {exc} đã có dữ liệu: hãy chạy với một cơ sở dữ liệu trống (vừa migrate).") from None
        done = time.perf_counter()
        self.stdout.write(self.style.SUCCESS(
            f"Xong: {sum(dataset.counts().values()):,} dòng, sinh {built - started:.1f} s + nạp {done - built:.1f} s "
            f"= {done - started:.1f} s."))
