"""`manage.py send_reminders`: one mail per officer with overdue or soon-due units, none twice a day."""

from io import StringIO

from django.core import mail
from django.core.management import call_command

from accounts.models import Role
from cooperatives import approval
from cooperatives.models import ApprovalReminder
from tests.conftest import make_user


def run(day: str, *years) -> str:
    out = StringIO()
    call_command("send_reminders", f"--date={day}", *[f"--year={y}" for y in years], stdout=out)
    return out.getvalue()


def test_each_overdue_officer_gets_one_mail_a_day(report, hoanh_mo, units, district):
    commune = make_user("canbo_hm", Role.OFFICER, hoanh_mo, email="hm@example.org", first_name="Lương",
                        last_name="Thị Mai")
    reviewer = make_user("canbo_bl", Role.OFFICER, district, email="bl@example.org")
    make_user("canbo_dt", Role.OFFICER, units["06844"], email="dt@example.org")  # Đồng Tâm: nothing to report
    make_user("lanhdao_bl", Role.VIEWER, district, email="ld@example.org")  # viewers are not reminded
    silent = make_user("canbo_bl2", Role.OFFICER, district)  # no address

    out = run("2023-01-20", 2022)

    assert sorted(m.to[0] for m in mail.outbox) == ["bl@example.org", "hm@example.org"]
    to_commune = next(m for m in mail.outbox if m.to == ["hm@example.org"])
    assert to_commune.subject == "[Coopreg] Nhắc hạn gửi duyệt số liệu hằng năm"
    assert "Kính gửi Lương Thị Mai," in to_commune.body
    assert "Xã Hoành Mô, năm 2022: quá hạn (hạn 15/01/2023), đang nhập" in to_commune.body
    assert f"/registry/approval/?unit={hoanh_mo.pk}&year=2022" in to_commune.body
    to_district = next(m for m in mail.outbox if m.to == ["bl@example.org"])
    assert "Huyện Bình Liêu, năm 2022: quá hạn (hạn 18/12/2022)" in to_district.body
    assert "Xã Hoành Mô" in to_district.body  # a reviewer hears of the units under them
    assert f"chưa có địa chỉ thư: {silent.username}" in out

    # The same day again: nobody is mailed twice.
    again = run("2023-01-20", 2022)
    assert len(mail.outbox) == 2 and "không gửi lại: canbo_bl" in again
    assert ApprovalReminder.objects.filter(user__in=[commune, reviewer]).count() == 2
    # The next day they are, while the units are still overdue …
    run("2023-01-21", 2022)
    assert len(mail.outbox) == 4


def test_a_unit_sent_up_in_time_is_not_reminded(report, hoanh_mo, officer, district):
    commune = make_user("canbo_hm", Role.OFFICER, hoanh_mo, email="hm@example.org")
    approval.submit(hoanh_mo, 2022, actor=commune, expected_version=0)
    # 10 January: the commune has submitted; the district's date (18/12) has passed.
    run("2023-01-10", 2022)
    assert mail.outbox == []  # the district officer of the fixture has no address …
    make_user("canbo_bl", Role.OFFICER, district, email="bl@example.org")
    run("2023-01-10", 2022)
    assert [m.to for m in mail.outbox] == [["bl@example.org"]]
    assert "Xã Hoành Mô" not in mail.outbox[0].body


def test_a_deadline_within_seven_days_is_announced(report, hoanh_mo):
    make_user("canbo_hm", Role.OFFICER, hoanh_mo, email="hm@example.org")
    run("2023-01-01", 2022)  # reports due 15/01: 14 days left, classification (15/12) late for the HTX
    assert "1 HTX chưa xếp loại" in mail.outbox[0].body
    mail.outbox.clear()
    report.classification = "fair"
    report.save()
    run("2022-12-01", 2022)  # nothing late yet, nothing due within 7 days
    assert mail.outbox == []
    run("2023-01-09", 2022)
    assert "còn 6 ngày (hạn 15/01/2023)" in mail.outbox[0].body
