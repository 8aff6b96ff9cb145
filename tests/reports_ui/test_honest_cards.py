"""Honest cards: a card whose year's reports are missing says so and does not read "Không đạt";
a plan opens on its own target year, other years are marked as a comparison; a leader lands on
the plan whose target year has data, not on the newest plan.

On top of conftest.py (ui-2023, complete): a plan ui-2024 (baseline 2023) whose year has the
report of HTX An Bình only — A, B and C were active at the end of 2024, so 2 of 3 are missing.
"""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import AnnualReportFactory, PlanFactory, TargetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_2024(district, plan, registry):
    later = PlanFactory(code="ui-2024", title="Kế hoạch phát triển kinh tế tập thể năm 2024", unit=district,
                        baseline_year=2023, target_year=2024)
    TargetFactory(plan=later, indicator="members_workers_growth", comparator="between", low=Decimal("0.05"),
                  high=Decimal("0.07"), position=1)
    TargetFactory(plan=later, indicator="htx_new", comparator="at_least", low=3, position=2)
    AnnualReportFactory(collective=registry["a"], year=2024, members=12, regular_workers=6, classification="good")
    return later


def card(html: str, code: str) -> str:
    match = re.search(rf'id="ind-{code}".*?(</article>|</tr>)', html, re.S)
    assert match, code
    return match.group(0)


def test_a_card_with_missing_reports_says_so_and_is_not_not_met(client, viewer, plan_2024):
    client.force_login(viewer)
    response = client.get(reverse("reports:dashboard"), {"plan": plan_2024.code})
    html = response.content.decode()
    growth = card(html, "members_workers_growth")
    # 18 against 52 in 2023: "không đạt" on paper, only because two reports have not come in
    assert "thiếu 2/3 báo cáo năm 2024" in growth
    assert "Chưa đủ số liệu" in growth and "status-incomplete" in growth
    assert "status-not_met" not in growth and ">Không đạt<" not in growth
    assert "tạm tính: Không đạt" in growth
    # the same count as the data-quality panel's missing reports
    checks = {c.key: c for c in response.context["quality"]}
    assert checks["missing_reports"].count == 2
    # htx_new is read from the register: the year's reports measure its data too
    assert "status-incomplete" in card(html, "htx_new") and "thiếu 2/3 báo cáo năm 2024" in card(html, "htx_new")
    assert "status-not_met" not in html.split('id="tracked-h"')[0].split('id="targets-h"')[1]  # no red card


def test_the_printed_sentence_and_the_export_say_it_too(client, viewer, plan_2024):
    client.force_login(viewer)
    printed = client.get(reverse("reports:print"), {"plan": plan_2024.code}).content.decode()
    assert ("chưa đủ số liệu để đánh giá so với chỉ tiêu 5–7% (thiếu 2/3 báo cáo năm 2024)." in printed)
    line = re.search(r'id="print-members_workers_growth".*?</tr>', printed, re.S).group(0)
    assert "Chưa đủ số liệu" in line and "Không đạt" not in line


def test_a_leader_lands_on_the_plan_whose_year_has_data(client, viewer, plan, plan_2024, registry):
    client.force_login(viewer)
    selection = client.get(reverse("reports:dashboard")).context["selection"]
    assert (selection.plan, selection.year) == (plan, 2023)  # not the newest plan, ui-2024
    for collective in (registry["b"], registry["c"]):
        AnnualReportFactory(collective=collective, year=2024)
    selection = client.get(reverse("reports:dashboard")).context["selection"]
    assert (selection.plan, selection.year) == (plan_2024, 2024)  # its reports are in now


def test_a_plan_opens_on_its_year_and_marks_other_years_as_a_comparison(client, viewer, plan):
    client.force_login(viewer)
    response = client.get(reverse("reports:dashboard"), {"plan": plan.code})
    assert response.context["selection"].year == 2023
    html = response.content.decode()
    assert 'id="comparing"' not in html
    assert '<option value="2023" selected>2023 (năm kế hoạch)</option>' in html
    assert '<option value="2024">2024 (so sánh)</option>' in html

    html = client.get(reverse("reports:dashboard"), {"plan": plan.code, "year": 2024}).content.decode()
    note = re.search(r'<p class="notice" id="comparing">.*?</p>', html, re.S).group(0)
    assert "Kế hoạch đặt chỉ tiêu cho năm 2023" in note and "năm 2024" in note and "chỉ để so sánh" in note
    assert '<option value="2024" selected>2024 (so sánh)</option>' in html
    printed = client.get(reverse("reports:print"), {"plan": plan.code, "year": 2024}).content.decode()
    assert "(số liệu năm 2024)" in printed and "chỉ để so sánh" in printed


def test_a_year_not_over_is_marked_on_every_card(client, viewer, plan, registry):
    from core.validation import today

    year = today().year
    client.force_login(viewer)
    html = client.get(reverse("reports:dashboard"), {"plan": plan.code, "year": year}).content.decode()
    for code in ("htx_new", "trade_events"):
        assert f"năm {year} chưa kết thúc" in card(html, code), code
        assert ">Không đạt<" not in card(html, code), code


def test_the_english_dashboard_names_the_new_status(client, viewer, plan_2024):
    client.force_login(viewer)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("reports:dashboard"), {"plan": plan_2024.code}).content.decode()
    growth = card(html, "members_workers_growth")
    assert "Incomplete data" in growth and "2 of 3 annual reports for 2024 missing" in growth
    assert "provisionally: Not met" in growth
