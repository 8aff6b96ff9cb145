"""One display rule on every face of a number: the dashboard, the indicator page, the print
view, the DOCX, the PDF and the Excel export show the issue's cases rounded, not cut.

The district (Hoành Mô only), worked out by hand:
- 28 HTX founded in 2018 and 4 in 2023, every one with its report for each year it was
  active (no report missing, so every target is judged);
- htx_active: 28 at the end of 2022, 32 at the end of 2023 → +4, and 4/28 = 14,28…% → "+14,3%";
- members_workers_growth: Σ(members + workers) 2022 = 60 + 7 = 67, 2023 = 70 + 12 = 82 →
  82/67 − 1 = 22,38…% → "+22,4%" (exceeds 5–7 %);
- htx_effective_share: of the 2023 reports three are classified (good, good, average) →
  2/3 = 66,66…% → "66,7%" (meets ≥ 50 %).
The old formatting cut these to +14,2%, +22,3% and 66,6%.
"""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.factories import AnnualReportFactory, CollectiveFactory, PlanFactory, TargetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rounding_plan(district, hoanh_mo):
    plan = PlanFactory(code="round-2023", title="Kế hoạch năm 2023", unit=district, baseline_year=2022,
                       target_year=2023)
    TargetFactory(plan=plan, indicator="htx_effective_share", comparator="at_least", low=Decimal("0.5"), position=1)
    TargetFactory(plan=plan, indicator="members_workers_growth", comparator="between", low=Decimal("0.05"),
                  high=Decimal("0.07"), position=2)
    old = [CollectiveFactory(unit=hoanh_mo, established_on=datetime.date(2018, 3, 1)) for _i in range(28)]
    new = [CollectiveFactory(unit=hoanh_mo, established_on=datetime.date(2023, 3, 1)) for _i in range(4)]
    empty = {"members": 0, "regular_workers": 0}
    for i, collective in enumerate(old):
        AnnualReportFactory(collective=collective, year=2022, **({"members": 60, "regular_workers": 7} if i == 0
                                                                  else empty))
        classification = {0: "good", 1: "good", 2: "average"}.get(i, "unrated")
        AnnualReportFactory(collective=collective, year=2023, classification=classification,
                            **({"members": 70, "regular_workers": 12} if i == 0 else empty))
    for collective in new:
        AnnualReportFactory(collective=collective, year=2023, **empty)
    return plan


def card(html: str, code: str) -> str:
    match = re.search(rf'id="ind-{code}".*?(</article>|</tr>)', html, re.S)
    assert match, code
    return match.group(0)


def test_the_dashboard_rounds(client, viewer, rounding_plan):
    client.force_login(viewer)
    html = client.get(reverse("reports:dashboard"), {"plan": rounding_plan.code}).content.decode()
    assert "66,7%" in card(html, "htx_effective_share") and "66,6%" not in html
    assert "+22,4%" in card(html, "members_workers_growth") and "status-exceeded" in card(html, "members_workers_growth")
    assert "+4 (+14,3%)" in card(html, "htx_active")


def test_the_indicator_page_rounds(client, viewer, rounding_plan):
    client.force_login(viewer)
    url = reverse("reports:indicator", args=["htx_effective_share"])
    html = client.get(url, {"plan": rounding_plan.code, "year": 2023}).content.decode()
    summary = re.search(r'id="ind-summary".*?</section>', html, re.S).group(0)
    assert "66,7%" in summary
    url = reverse("reports:indicator", args=["members_workers_growth"])
    html = client.get(url, {"plan": rounding_plan.code, "year": 2023}).content.decode()
    assert "+22,4%" in re.search(r'id="ind-summary".*?</section>', html, re.S).group(0)


def test_the_print_view_docx_and_pdf_round(client, viewer, rounding_plan):
    client.force_login(viewer)
    printed = client.get(reverse("reports:print"), {"plan": rounding_plan.code}).content.decode()
    line = re.search(r'id="print-htx_effective_share".*?</tr>', printed, re.S).group(0)
    assert "66,7%" in line
    assert "tăng 22,4% so với năm 2022" in printed and "+22,4%" in printed

    docx = Document(io.BytesIO(client.get(reverse("reports:docx"), {"plan": rounding_plan.code}).content))
    cells = {row.cells[1].text: [c.text for c in row.cells] for table in docx.tables for row in table.rows
             if len(row.cells) == 6}
    assert cells["Tỷ lệ HTX hoạt động hiệu quả"][3] == "66,7%"
    assert cells["Tốc độ tăng số thành viên và lao động thường xuyên"][3] == "+22,4%"
    assert any("tăng 22,4% so với năm 2022" in p.text for p in docx.paragraphs)

    pdf = PdfReader(io.BytesIO(client.get(reverse("reports:pdf"), {"plan": rounding_plan.code}).content))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "66,7%" in text and "22,4%" in text and "66,6%" not in text


def test_the_excel_export_keeps_the_exact_value_formatted_to_round_alike(client, viewer, rounding_plan):
    client.force_login(viewer)
    sheet = load_workbook(io.BytesIO(client.get(reverse("reports:export"), {"plan": rounding_plan.code}).content)).active
    header = [c.value for c in sheet[1]]
    rows = {r[0].value: {name: cell for name, cell in zip(header, r, strict=False)} for r in sheet.iter_rows(min_row=2)}
    share = rows["htx_effective_share"]["Giá trị"]
    assert share.value == pytest.approx(2 / 3) and share.number_format == "0.0%"  # Excel shows 66,7%
    growth = rows["members_workers_growth"]["Giá trị"]
    assert growth.value == pytest.approx(82 / 67 - 1) and growth.number_format == "0.0%"
    active = rows["htx_active"]
    assert active["Thay đổi"].value == 4 and active["Thay đổi"].number_format == "#,##0"
    assert active["Thay đổi tương đối"].value == pytest.approx(4 / 28)
    assert active["Thay đổi tương đối"].number_format == "0.0%"
    assert rows["members_workers_growth"]["Tử số"].value == 82 and rows["members_workers_growth"]["Tử số"].number_format == "#,##0"
    assert rows["members_workers_growth"]["Nhận xét"].value.startswith(
        "Số thành viên và lao động thường xuyên tăng 22,4% so với năm 2022")
