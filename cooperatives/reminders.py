"""Deadline reminders (`manage.py send_reminders`, run by cron): one mail a day at most to
each officer whose units are overdue or due within COOPREG["REMINDER_DAYS"] days.

An officer is reminded of the units of their scope (their own unit's year, and as a
reviewer the units under it) that cooperatives.approval.completeness marks overdue or due
soon, for the years whose deadlines fall around the day: the year before (its reports
were due on 15 January) and the current one (its December roll-ups). Mails go through
Django's email backend (the console in development, SMTP in production), in Vietnamese.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from accounts.models import Role, User
from cooperatives.approval import UnitYear, completeness, overdue_first
from cooperatives.models import ApprovalReminder
from core.collation import sort_key


def reminder_years(day: datetime.date) -> list[int]:
    return [day.year - 1, day.year]


def due_rows(scope, years: list[int], day: datetime.date) -> list[UnitYear]:
    """The units of `scope` overdue or due soon in `years`, overdue first."""
    rows = []
    for year in years:
        rows += [r for r in overdue_first(completeness(scope, year, today=day)) if r.overdue or r.due_soon]
    return sorted(rows, key=lambda r: (not r.overdue, r.year, sort_key(r.unit.name)))


def _line(row: UnitYear) -> str:
    due = f"{row.due_on:%d/%m/%Y}"
    when = (_("quá hạn") if row.overdue else _("còn %(n)s ngày") % {"n": row.days_left})
    text = _("%(unit)s, năm %(year)s: %(when)s (hạn %(due)s), %(state)s") % {
        "unit": row.unit, "year": row.year, "when": when, "due": due,
        "state": row.approval.get_state_display().lower()}
    if row.missing:
        text += _("; thiếu %(n)s báo cáo năm") % {"n": row.missing}
    if row.classification_late:
        text += _("; %(n)s HTX chưa xếp loại") % {"n": row.htx_due - row.htx_classified}
    return f"- {text}."


def reminder_mail(officer: User, rows: list[UnitYear]) -> tuple[str, str]:
    """(subject, body) in Vietnamese."""
    with translation.override("vi"):
        link = f"{settings.SITE_URL}{reverse('cooperatives:approval_overview')}?" + urlencode(
            {"unit": officer.scope_id, "year": rows[0].year})
        subject = _("[Coopreg] Nhắc hạn gửi duyệt số liệu hằng năm")
        body = "\n".join([
            _("Kính gửi %(name)s,") % {"name": officer.get_full_name() or officer.username},
            "",
            _("Các đơn vị sau trong phạm vi của anh/chị đã quá hạn hoặc sắp đến hạn gửi duyệt số liệu năm:"),
            "",
            *[_line(row) for row in rows],
            "",
            _("Xem chi tiết và gửi duyệt tại: %(link)s") % {"link": link},
            "",
            _("Thư gửi tự động từ Coopreg, không quá một thư mỗi ngày."),
        ])
    return subject, body


@dataclass
class ReminderRun:
    sent: list[User] = field(default_factory=list)
    already: list[User] = field(default_factory=list)  # mailed earlier the same day
    without_email: list[User] = field(default_factory=list)


def send_reminders(*, day: datetime.date, years: list[int] | None = None) -> ReminderRun:
    """Mail every active officer with an email whose units are overdue or due soon; none twice a day."""
    years = years or reminder_years(day)
    run = ReminderRun()
    by_scope: dict[int, list[UnitYear]] = {}
    officers = (User.objects.filter(role=Role.OFFICER, is_active=True, scope__isnull=False)
                .select_related("scope").order_by("username"))
    for officer in officers:
        if officer.scope_id not in by_scope:
            by_scope[officer.scope_id] = due_rows(officer.scope, years, day)
        rows = by_scope[officer.scope_id]
        if not rows:
            continue
        if not officer.email:
            run.without_email.append(officer)
            continue
        if ApprovalReminder.objects.filter(user=officer, sent_on=day).exists():
            run.already.append(officer)
            continue
        subject, body = reminder_mail(officer, rows)
        try:
            with transaction.atomic():
                ApprovalReminder.objects.create(user=officer, sent_on=day, summary=body)
                # Inside the transaction: a mail that fails to go leaves no record, so a later run retries.
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [officer.email])
        except IntegrityError:  # another run mailed them a moment ago
            run.already.append(officer)
            continue
        run.sent.append(officer)
    return run
