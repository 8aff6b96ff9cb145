"""`manage.py send_reminders`: mail officers whose units are overdue or due soon (for cron, daily)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from cooperatives.reminders import reminder_years, send_reminders
from core.validation import today


class Command(BaseCommand):
    help = ("Gửi thư nhắc hạn cho cán bộ có đơn vị quá hạn hoặc sắp đến hạn gửi duyệt số liệu năm "
            "(mỗi người nhiều nhất một thư mỗi ngày).")

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, action="append",
                            help="Năm báo cáo (lặp lại được); mặc định năm trước và năm nay.")
        parser.add_argument("--date", help="Tính hạn theo ngày này (YYYY-MM-DD); mặc định hôm nay.")

    def handle(self, *args, **options):
        day = today()
        if options["date"]:
            try:
                day = datetime.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(f"--date phải có dạng YYYY-MM-DD: {options['date']!r}") from exc
        years = options["year"] or reminder_years(day)
        run = send_reminders(day=day, years=years)
        self.stdout.write(f"Năm {', '.join(map(str, years))}, ngày {day:%d/%m/%Y}: đã gửi {len(run.sent)} thư nhắc hạn.")
        for officer in run.sent:
            self.stdout.write(f"  gửi: {officer.username} <{officer.email}>")
        for officer in run.already:
            self.stdout.write(f"  đã nhắc hôm nay, không gửi lại: {officer.username}")
        for officer in run.without_email:
            self.stdout.write(self.style.WARNING(f"  chưa có địa chỉ thư: {officer.username}"))
