"""`manage.py load_demo`: the Bình Liêu demonstration data (coopreg.demo). Idempotent."""

from django.core.management.base import BaseCommand

from coopreg import demo


class Command(BaseCommand):
    help = "Nạp dữ liệu minh hoạ huyện Bình Liêu (chạy lại nhiều lần không tạo trùng)."

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
            where = scope or "toàn quốc"
            self.stdout.write(f"  {username:<14} / {password:<24} vai trò {role}, phạm vi {where}"
                              + (", quản trị Django (/admin/)" if superuser else ""))
