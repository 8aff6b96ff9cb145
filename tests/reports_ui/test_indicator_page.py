"""The indicator page: the plan's target and status, the name in the reader's language only, the
years from the first year with data, and the records behind the number exported to Excel
(numbers worked out in conftest.py)."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def page(client, code: str, **params) -> str:
    response = client.get(reverse("reports:indicator", args=[code]), params)
    assert response.status_code == 200
    return response.content.decode()


def summary(html: str) -> str:
    return re.search(r'id="ind-summary".*?</section>', html, re.S).group(0)


def test_the_page_gives_the_plan_target_and_status(client, viewer, plan, registry):
    client.force_login(viewer)
    html = summary(page(client, "htx_effective_share", plan=plan.code, year=2023))
    assert "50,0%" in html and "tối thiểu 50%" in html and 'status-met">Đạt<' in html
    html = summary(page(client, "members_workers_growth", plan=plan.code, year=2023))
    assert "+30,0%" in html and "5–7%" in html and "Vượt" in html
    # another year is only a comparison with the plan's targets
    assert "chỉ để so sánh" in summary(page(client, "htx_new", plan=plan.code, year=2022))
    # without a plan: the value only
    assert "status-" not in summary(page(client, "htx_new", year=2023))


def test_the_page_names_the_indicator_in_one_language(client, viewer, plan, registry):
    client.force_login(viewer)
    html = page(client, "htx_new", plan=plan.code)
    assert "Số HTX thành lập mới" in html and "New cooperatives" not in html
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = page(client, "htx_new", plan=plan.code)
    assert "New cooperatives" in html and "Số HTX thành lập mới" not in html


def test_the_years_start_with_the_first_year_with_data(client, viewer, plan, registry):
    client.force_login(viewer)
    html = page(client, "htx_active", plan=plan.code, year=2023)
    trend = re.search(r'id="trend-h".*?</table>', html, re.S).group(0)
    years = re.findall(r">(\d{4})</a></td>", trend)
    assert years == ["2022", "2023"]  # the first annual report is of 2022: no empty 2018–2021


def test_the_records_behind_the_number_export_to_excel(client, viewer, plan, registry):
    client.force_login(viewer)
    url = reverse("reports:indicator", args=["htx_effective_share"])
    html = page(client, "htx_effective_share", plan=plan.code, year=2023)
    assert "export=numerator" in html and "export=denominator" in html
    response = client.get(url, {"plan": plan.code, "year": 2023, "export": "denominator"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Tổ chức", "Xã", "Năm", "Thành viên")
    # A (good) and B (average): the classified 2023 reports; C is unrated
    assert sorted((r[0], r[2], r[8]) for r in rows[1:]) == [("HTX An Bình", 2023, "Tốt"),
                                                           ("HTX Bắc Sơn", 2023, "Trung bình")]
    numerator = load_workbook(io.BytesIO(client.get(url, {"plan": plan.code, "year": 2023,
                                                          "export": "numerator"}).content)).active
    assert [r[0] for r in numerator.iter_rows(min_row=2, values_only=True)] == ["HTX An Bình"]


def test_a_commune_user_exports_only_their_records(client, commune_viewer, plan, registry):
    client.force_login(commune_viewer)
    response = client.get(reverse("reports:indicator", args=["htx_active"]), {"plan": plan.code, "year": 2023,
                                                                            "export": "numerator"})
    names = [r[0] for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == ["HTX An Bình", "HTX Cao Lan"]  # Hoành Mô's; not Bắc Sơn of Đồng Tâm
