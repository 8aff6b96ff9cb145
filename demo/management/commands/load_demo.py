"""`manage.py load_demo`: the Bình Liêu demonstration data (demo.dataset). Idempotent."""

from django.core.management.base import BaseCommand

from accounts.models import Role
from demo import dataset as demo
from units.models import AdministrativeUnit


class Command(BaseCommand):
    help = "Nạp dữ liệu minh hoạ huyện Bình Liêu (chạy lại nhiều lần không tạo trùng)."
    # `make run` runs `migrate` (which runs the system checks) just before; checking again
    # would double the time of a run that finds the demo already loaded.
    requires_system_checks = []

    def handle(self, *args, **options):
        already, created = demo.load_demo()
        if already:
            self.stdout.write("Dữ liệu minh hoạ Bình Liêu đã có đầy đủ; không nạp lại.")
        else:
            self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu minh hoạ Bình Liêu:"))
            for name, count in sorted(created.items()):
                self.stdout.write(f"  {name}: {count}")
        self.stdout.write("")
        self.stdout.write("Tài khoản minh hoạ (mật khẩu công khai, chỉ dùng để thử — đổi hoặc xoá trước khi dùng thật):")
        for username, role, scope, superuser, password, _names in demo.USERS:
            unit = AdministrativeUnit.objects.filter(code=scope).first() if scope else None
            where = f"{unit.name} ({unit.code})" if unit else "toàn quốc"
            self.stdout.write(f"  {username:<14} / {password:<24} vai trò {Role(role).label}, phạm vi {where}"
                              + (", quản trị Django (/admin/)" if superuser else ""))
