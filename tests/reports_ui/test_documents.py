"""The report as an administrative document (Decree 30/2020/NĐ-CP, Appendix I), in DOCX and PDF:
every component is there, the page is A4 portrait with the decree's margins, pages are
numbered from page 2 at the top centre, and the PDF's Vietnamese text is all in the embedded
Liberation Serif 2 (no glyph falls back to another font). The PDF's first page is rendered
to test-results/documents/report-page-1.png (pdftoppm, poppler-utils) for a person to look at.
"""

import datetime
import io
import re
import shutil
import subprocess
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from reports import documents

pytestmark = pytest.mark.django_db

ISSUED = datetime.date(2024, 1, 5)  # "ngày 05 tháng 01": both with the leading zero the decree asks for
PNG = Path(settings.BASE_DIR) / "test-results" / "documents" / "report-page-1.png"
MM = 72 / 25.4  # PDF points per millimetre


@pytest.fixture
def signed_plan(plan, registry):
    plan.signer_name = "Hoàng Văn Thắng"
    plan.recipients = "UBND tỉnh Quảng Ninh\n- Liên minh HTX tỉnh;\nThường trực Huyện ủy"
    plan.save()
    return plan


def components(plan) -> list[str]:
    """What the decree asks of the document, as text, for the ui-2023 plan of conftest.py."""
    return [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",  # national name and motto
        "ỦY BAN NHÂN DÂN", "HUYỆN BÌNH LIÊU",  # the issuing body (default: the plan unit's committee)
        "/BC-UBND",  # number and symbol
        "Bình Liêu, ngày 05 tháng 01 năm 2024",  # place and date
        "BÁO CÁO", f"Kết quả thực hiện các chỉ tiêu {plan.title}",  # type and summary
        f"Căn cứ {plan.legal_basis};",  # content: basis, sentences, table
        "Số thành viên và lao động thường xuyên tăng 30,0% so với năm 2022, vượt chỉ tiêu 5–7%.",
        "BIỂU TỔNG HỢP KẾT QUẢ CÁC CHỈ TIÊU",
        "Trên đây là báo cáo kết quả thực hiện các chỉ tiêu năm 2023./.",
        "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Hoàng Văn Thắng",  # authority, position, name
        "Nơi nhận:", "- UBND tỉnh Quảng Ninh;", "- Liên minh HTX tỉnh;", "- Thường trực Huyện ủy;", "- Lưu: VT.",
    ]


def fetch(client, user, name: str, plan) -> bytes:
    client.force_login(user)
    with mock.patch("reports.views.dashboard.today", return_value=ISSUED):
        response = client.get(reverse(name), {"plan": plan.code})
    assert response.status_code == 200
    return response


def docx_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_the_docx_has_every_component_on_an_a4_page_in_times_new_roman(client, viewer, signed_plan):
    response = fetch(client, viewer, "reports:docx", signed_plan)
    assert response["Content-Type"] == documents.DOCX_MIME
    assert 'filename="bao-cao-ui-2023-198-2023.docx"' in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    text = docx_text(document)
    for part in components(signed_plan):
        assert part in text, part
    assert re.search(r"Số: +/BC-UBND", text)  # the number is left blank for the clerical office

    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin.mm, section.bottom_margin.mm, section.left_margin.mm, section.right_margin.mm)
    assert margins == pytest.approx((20, 20, 30, 15), abs=0.1)
    assert 20 <= margins[0] <= 25 and 20 <= margins[1] <= 25 and 30 <= margins[2] <= 35 and 15 <= margins[3] <= 20

    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and 13 <= normal.font.size.pt <= 14
    fonts = normal.element.rPr.rFonts
    assert {fonts.get(qn(k)) for k in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia")} == {"Times New Roman"}
    # Page numbers from page 2: the first page has its own, empty, header; the others a
    # centred PAGE field.
    assert section.different_first_page_header_footer
    assert not "".join(p.text for p in section.first_page_header.paragraphs).strip()
    header = section.header.paragraphs[0]
    assert "PAGE" in header._p.xml and header.alignment == 1  # WD_ALIGN_PARAGRAPH.CENTER


def test_the_pdf_has_every_component_and_embeds_one_vietnamese_serif(client, viewer, signed_plan):
    response = fetch(client, viewer, "reports:pdf", signed_plan)
    assert response["Content-Type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(response.content))
    assert len(pdf.pages) >= 2
    text = "\n".join(page.extract_text() for page in pdf.pages)
    flat = re.sub(r"\s+", " ", text)
    for part in components(signed_plan):
        assert re.sub(r"\s+", " ", part) in flat, part

    # Every glyph comes from the embedded face: had one letter been missing from it, the
    # PDF would name a second font (DejaVu, Liberation 1.x …) for it.
    names = set()
    files = []
    for page in pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]))
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            files.append(descriptor["/FontFile2"].get_object().get_data())
    assert names and all(re.fullmatch(r"/[A-Z]{6}\+Document-Serif(-Bold)?(-Italic)?", n) for n in names), names
    for data in files:
        face = TTFont(io.BytesIO(data))
        assert face["name"].getDebugName(1) == "Liberation Serif"
        assert face["head"].fontRevision >= 2  # Liberation 2 (fonts-liberation2): full Vietnamese


def positions(page) -> list[tuple[float, float, str]]:
    found = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            found.append((cm[4] + tm[4] * cm[0], cm[5] + tm[5] * cm[3], text.strip()))

    page.extract_text(visitor_text=visit)
    return found


def test_the_pdf_page_is_a4_with_the_decree_margins_and_numbers_from_page_two(client, viewer, signed_plan):
    pdf = PdfReader(io.BytesIO(fetch(client, viewer, "reports:pdf", signed_plan).content))
    width, height = float(pdf.pages[0].mediabox.width), float(pdf.pages[0].mediabox.height)
    assert (round(width / MM), round(height / MM)) == (210, 297)
    top, bottom, left, right = 20 * MM, 20 * MM, 30 * MM, 15 * MM

    first = positions(pdf.pages[0])
    xs = [x for x, _y, _t in first]
    assert min(xs) == pytest.approx(left, abs=1.5)  # body lines start at the 30 mm margin
    assert max(y for _x, y, _t in first) < height - top  # nothing in the top margin of page 1: no number
    assert min(y for _x, y, _t in first) > bottom

    second = positions(pdf.pages[1])
    numbers = [(x, y, t) for x, y, t in second if y > height - top]
    assert [t for _x, _y, t in numbers] == ["2"]
    x = numbers[0][0]
    assert abs(x - (left + (width - right)) / 2) < 10  # centred over the text block


def test_the_pdf_first_page_renders_to_a_png(client, viewer, signed_plan, tmp_path):
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm (poppler-utils, installed by .ci/run) renders the PDF's first page"
    source = tmp_path / "report.pdf"
    source.write_bytes(fetch(client, viewer, "reports:pdf", signed_plan).content)
    PNG.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([pdftoppm, "-png", "-r", "100", "-f", "1", "-l", "1", "-singlefile", str(source),
                    str(PNG.with_suffix(""))], check=True, timeout=60)
    assert PNG.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert PNG.stat().st_size > 20_000  # a page of text, not a blank one


def test_the_print_view_keeps_the_readers_language_around_a_vietnamese_document(client, viewer, signed_plan):
    client.force_login(viewer)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("reports:print"), {"plan": signed_plan.code}).content.decode()
    document = re.search(r'<article class="document" lang="vi">.*?</article>', html, re.S).group(0)
    outside = html.replace(document, "")
    assert '<html lang="en">' in html and "Log out" in outside and "Print report" in outside
    assert "Đăng xuất" not in outside
    assert "BÁO CÁO" in document and "Số HTX thành lập mới" in document and ">Đạt<" in document
    assert "New cooperatives" not in document and ">Met<" not in document


def test_the_date_line_writes_the_leading_zeros_the_decree_asks_for():
    assert documents.date_line("Bình Liêu", datetime.date(2024, 1, 5)) == "Bình Liêu, ngày 05 tháng 01 năm 2024"
    assert documents.date_line("Bình Liêu", datetime.date(2024, 2, 28)) == "Bình Liêu, ngày 28 tháng 02 năm 2024"
    assert documents.date_line("Bình Liêu", datetime.date(2024, 3, 15)) == "Bình Liêu, ngày 15 tháng 3 năm 2024"
    assert documents.date_line("Hoành Mô", datetime.date(2024, 12, 9)) == "Hoành Mô, ngày 09 tháng 12 năm 2024"


def test_recipients_issuing_body_and_place_take_the_decree_forms(units):
    assert documents.recipient_lines("") == ["- Lưu: VT."]
    assert documents.recipient_lines("Như trên\n\n- Lưu: VT, P.TCKH.\nUBND tỉnh;") == [
        "- Như trên;", "- UBND tỉnh;", "- Lưu: VT, P.TCKH."]
    assert documents.body_lines("ỦY BAN NHÂN DÂN HUYỆN BÌNH LIÊU") == ["ỦY BAN NHÂN DÂN", "HUYỆN BÌNH LIÊU"]
    assert documents.body_lines("PHÒNG TÀI CHÍNH - KẾ HOẠCH") == ["PHÒNG TÀI CHÍNH - KẾ HOẠCH"]
    assert documents.unit_place(units["198"]) == "Bình Liêu"
    assert documents.unit_place(units["06838"]) == "Bình Liêu"  # Thị trấn Bình Liêu
    assert documents.unit_place(units["06841"]) == "Hoành Mô"
