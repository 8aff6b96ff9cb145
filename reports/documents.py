"""The leadership report as an administrative document the district signs and sends.

Format of Decree 30/2020/NĐ-CP on clerical work (Nghị định về công tác văn thư), Appendix I:
A4 portrait; margins top and bottom 20 mm, left 30 mm, right 15 mm; Times New Roman 13–14;
page numbers from page 2, centred in the top margin. Its parts, in the decree's order: the
national name and motto, the issuing body, number and symbol ("Số:     /BC-UBND", the number
left for the clerical office to give when it issues the report), place and date ("Bình Liêu,
ngày 05 tháng 01 năm 2024"), type and summary, content, the signer's authority, position and
name, and the recipients ("Nơi nhận:", ending with the archive line "Lưu: VT.").

`build` gathers the parts once (always in Vietnamese: its fixed words are plain Vietnamese,
not gettext, since no reader's language may change a document the district files) from the plan's document settings
(reports.models.Plan.DOCUMENT_FIELDS, blank ones defaulted here) and the dashboard's rows;
three renderers lay them out: the HTML print view and the PDF (templates/reports/_document.html,
the PDF through WeasyPrint) and the DOCX (python-docx) that the office edits and signs.

The DOCX names Times New Roman, which every office has. Times New Roman cannot be installed on
the servers, so the PDF embeds Liberation Serif 2 (Debian `fonts-liberation2`): metric-compatible
with it, with every Vietnamese letter (Liberation 1.x, `fonts-liberation`, lacks ơ, ư and the
letters with two marks, which would fall back to another font).
"""

from __future__ import annotations

import datetime
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, Twips
from weasyprint import HTML

from reports.models import Plan
from units.models import AdministrativeUnit, UnitType

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
ARCHIVE_LINE = "Lưu: VT."
RECIPIENTS_HEADING = "Nơi nhận:"
# The decree's ranges, at the values used: (top, bottom, left, right) in mm.
MARGINS_MM = (20, 20, 30, 15)
PAGE_MM = (210, 297)
FONT = "Times New Roman"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BODY_PT = 14
# The header names of a People's/Council body are written on two lines: the body, then the unit.
BODY_PREFIXES = ("ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN")


@dataclass
class TableRow:
    number: str
    name: str
    baseline: str
    value: str
    target: str
    status: str
    code: str = ""
    group: str = ""  # the heading of a group of rows that starts here


@dataclass
class Section:
    heading: str
    paragraphs: list[str]


@dataclass
class ReportDocument:
    parent_body: str
    issuing_body_lines: list[str]
    number_line: str
    place_date: str
    doc_type: str
    summary: str
    basis: list[str]
    intro: str
    sections: list[Section]
    table_title: str
    table_headers: list[str]
    table_rows: list[TableRow]
    notes: list[str]
    closing: str
    signer_authority: str
    signer_position: str
    signer_name: str
    recipients: list[str]
    filename: str
    national_name: str = NATIONAL_NAME
    motto: str = MOTTO
    title: str = field(default="")


# --- The parts -------------------------------------------------------------------------------


def date_line(place: str, day: datetime.date) -> str:
    """"Bình Liêu, ngày 05 tháng 01 năm 2024": the decree writes days below 10 and the months
    1 and 2 with a leading zero (so "ngày 15 tháng 3", "ngày 09 tháng 12")."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def unit_place(unit: AdministrativeUnit) -> str:
    """The place name of a unit: "Huyện Bình Liêu" → "Bình Liêu", "Thị trấn Bình Liêu" → "Bình Liêu"."""
    with translation.override("vi"):
        prefixes = sorted((str(label) for label in UnitType.labels), key=len, reverse=True)
    for prefix in prefixes:
        if unit.name.lower().startswith(prefix.lower() + " "):
            return unit.name[len(prefix) + 1:]
    return unit.name


def in_sentence(name: str) -> str:
    """A unit's name inside a sentence: its kind in lower case ("huyện Bình Liêu"), the proper name kept."""
    return name[:1].lower() + name[1:]


def issuing_body(plan: Plan) -> str:
    """The plan's issuing body, or the People's Committee of its unit: "ỦY BAN NHÂN DÂN HUYỆN BÌNH LIÊU"."""
    default = f"ỦY BAN NHÂN DÂN {plan.unit.name}" if plan.unit else "TOÀN QUỐC"  # a country plan names its body
    return (plan.issuing_body or default).strip().upper()


def body_lines(name: str) -> list[str]:
    """"ỦY BAN NHÂN DÂN HUYỆN BÌNH LIÊU" → ["ỦY BAN NHÂN DÂN", "HUYỆN BÌNH LIÊU"], as the header writes it."""
    for prefix in BODY_PREFIXES:
        if name.startswith(prefix + " "):
            return [prefix, name[len(prefix) + 1:]]
    return [name]


def recipient_lines(text: str) -> list[str]:
    """One line per recipient, each "- X;" and the last "- Lưu: VT…." (added when missing)."""
    names = [line.strip().lstrip("-–•").strip().rstrip(";.,").strip() for line in text.splitlines()]
    names = [n for n in names if n]
    if not any(n.lower().startswith("lưu") for n in names):
        names.append(ARCHIVE_LINE.rstrip("."))
    archive = [n for n in names if n.lower().startswith("lưu")]
    names = [n for n in names if not n.lower().startswith("lưu")] + archive
    return [f"- {n};" for n in names[:-1]] + [f"- {names[-1]}."]


def basis_lines(legal_basis: str) -> list[str]:
    """Each line of the plan's legal basis as "Căn cứ …;"."""
    lines = [line.strip().rstrip(";.").strip() for line in legal_basis.splitlines() if line.strip()]
    return [(line if line.lower().startswith("căn cứ") else f"Căn cứ {line}") + ";" for line in lines]


def build(*, plan: Plan, unit: AdministrativeUnit, year: int, rows: list[dict], issued_on: datetime.date,
          computed_on: datetime.date, demo: bool = False) -> ReportDocument:
    """The report's parts from the dashboard's presented rows (reports.views.common.present,
    computed in Vietnamese). Always Vietnamese, whatever the reader's language."""
    with translation.override("vi"):
        return _build(plan=plan, unit=unit, year=year, rows=rows, issued_on=issued_on, computed_on=computed_on,
                      demo=demo)


def _build(*, plan, unit, year, rows, issued_on, computed_on, demo) -> ReportDocument:
    targeted = [r for r in rows if not r["row"].tracked]
    tracked = [r for r in rows if r["row"].tracked]
    title = plan.title.strip()
    summary = f"Kết quả thực hiện các chỉ tiêu {title}"
    if not re.search(rf"\b{plan.target_year}\b", title):
        summary += f" năm {plan.target_year}"
    if year != plan.target_year:
        summary += f" (số liệu năm {year})"
    if unit is None:
        unit_phrase = "toàn quốc"
    elif unit.pk == plan.unit_id or plan.unit is None:
        unit_phrase = in_sentence(unit.name)
    else:
        unit_phrase = f"{in_sentence(unit.name)} (thuộc {in_sentence(plan.unit.name)})"
    intro = (f"Thực hiện {title}, kết quả thực hiện các chỉ tiêu năm {year} của {unit_phrase}, "
             f"so với năm {plan.baseline_year}, như sau:")
    if year != plan.target_year:
        intro = (f"Các chỉ tiêu được giao cho năm {plan.target_year}; số liệu năm {year} dưới đây chỉ để "
                 f"so sánh với các chỉ tiêu đó. {intro}")

    sections = []
    if targeted:
        sections.append(Section("I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KẾ HOẠCH",
                                [f"{i}. {r['sentence']}" for i, r in enumerate(targeted, start=1)]))
    if tracked:
        sections.append(Section(f"{'II' if targeted else 'I'}. CÁC CHỈ TIÊU THEO DÕI",
                                [f"{i}. {r['sentence']}" for i, r in enumerate(tracked, start=1)]))

    table_rows = []
    for i, r in enumerate(rows, start=1):
        starts_tracked = r["row"].tracked and (i == 1 or not rows[i - 2]["row"].tracked)
        table_rows.append(TableRow(
            number=str(i), name=r["name"], baseline=r["baseline_text"], value=r["value_text"],
            target=r["target_text"] or "–", status=str(r["status_label"]) if r["status"] else "–",
            code=r["code"], group="Chỉ tiêu theo dõi (không giao kế hoạch)" if starts_tracked else ""))

    notes = [f"Số liệu tính ngày {computed_on:%d/%m/%Y} từ sổ đăng ký kinh tế tập thể (Coopreg), theo định "
             f"nghĩa chỉ tiêu thống nhất."]
    missing = sorted({r["gaps"] for r in rows if r["gaps"]})
    if missing:
        notes.append(f"Số liệu chưa đầy đủ ({'; '.join(missing)}): các chỉ tiêu liên quan ghi “Chưa đủ số liệu”, "
                     f"giá trị là tạm tính.")
    if demo:
        notes.append("Dữ liệu minh hoạ (demo).")

    return ReportDocument(
        parent_body=plan.parent_body.strip().upper(),
        issuing_body_lines=body_lines(issuing_body(plan)),
        number_line=f"Số:        /{plan.document_symbol.strip() or 'BC-UBND'}",
        place_date=date_line(plan.place_name.strip() or (unit_place(plan.unit) if plan.unit else "Hà Nội"), issued_on),
        doc_type="BÁO CÁO",
        summary=summary,
        basis=basis_lines(plan.legal_basis),
        intro=intro,
        sections=sections,
        table_title="BIỂU TỔNG HỢP KẾT QUẢ CÁC CHỈ TIÊU",
        table_headers=["TT", "Chỉ tiêu", f"Năm {plan.baseline_year}", f"Năm {year}",
                       "Kế hoạch", "Đánh giá"],
        table_rows=table_rows,
        notes=notes,
        closing=f"Trên đây là báo cáo kết quả thực hiện các chỉ tiêu năm {year}./.",
        signer_authority=plan.signer_authority.strip().upper(),
        signer_position=(plan.signer_position.strip() or "CHỦ TỊCH").upper(),
        signer_name=plan.signer_name.strip(),
        recipients=recipient_lines(plan.recipients),
        filename=f"bao-cao-{plan.code}-{unit.code if unit else 'all'}-{year}",
        title=summary,
    )


# --- PDF ------------------------------------------------------------------------------------


def document_css() -> str:
    """The report's stylesheet (static/css/document.css), which the print view links: one
    source for the page on screen, on paper and in the PDF."""
    found = finders.find("css/document.css")
    if not isinstance(found, str):  # None when missing (a list only with all=True)
        raise FileNotFoundError("static css/document.css")
    return Path(found).read_text(encoding="utf-8")


def font_faces() -> list[dict[str, str]]:
    """The @font-face rules of the PDF: Liberation Serif 2 in its four styles, from
    COOPREG["DOCUMENT_FONT_DIR"] (Debian: /usr/share/fonts/truetype/liberation2)."""
    folder = Path(settings.COOPREG["DOCUMENT_FONT_DIR"])
    styles = [("Regular", "normal", "normal"), ("Bold", "bold", "normal"), ("Italic", "normal", "italic"),
              ("BoldItalic", "bold", "italic")]
    return [{"url": (folder / f"LiberationSerif-{name}.ttf").as_uri(), "weight": weight, "style": style}
            for name, weight, style in styles]


def pdf_bytes(document: ReportDocument) -> bytes:
    with translation.override("vi"):
        html = render_to_string("reports/document_pdf.html", {"doc": document, "font_faces": font_faces(),
                                                               "document_css": document_css()})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


# --- DOCX -----------------------------------------------------------------------------------


def _font(run, *, size: float, bold: bool = False, italic: bool = False) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic


def _paragraph(container, text: str = "", *, size: float = BODY_PT, bold: bool = False, italic: bool = False,
               align=WD_ALIGN_PARAGRAPH.CENTER, before: float = 0, after: float = 0, indent_first: bool = False):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if indent_first:
        fmt.first_line_indent = Cm(1.27)
    if text:
        _font(paragraph.add_run(text), size=size, bold=bold, italic=italic)
    return paragraph


def _rule(container, width_mm: float, cell_mm: float) -> None:
    """A short centred horizontal line (the line under the issuing body, the motto, the summary):
    a tiny paragraph whose top border is narrowed by its indents to `width_mm`."""
    paragraph = _paragraph(container, size=2, before=3)
    side = Mm(max(0.0, (cell_mm - width_mm) / 2))
    paragraph.paragraph_format.left_indent = side
    paragraph.paragraph_format.right_indent = side
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    paragraph._p.get_or_add_pPr().append(borders)
    run = paragraph.add_run()
    _font(run, size=2)


def _text_mm(text: str, size: float, factor: float = 0.5) -> float:
    """About how wide `text` is in Times at `size` points (for the length of a rule)."""
    return len(text) * size * factor * 25.4 / 72


def _widths(table, widths_mm: list[float]) -> None:
    """Column widths that Word (the cells' widths) and LibreOffice (the table grid) both keep."""
    table.autofit = False
    for column, mm in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(mm)
        for cell in column.cells:
            cell.width = Mm(mm)


def _margin(mm: float) -> Twips:
    """Word stores margins in whole twips; rounding up keeps 15 mm at 15.01, inside the decree's range."""
    return Twips(math.ceil(mm * 1440 / 25.4))


def _page_number(section) -> None:
    """PAGE in the header, centred; the first page has its own (empty) header."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    _font(run, size=BODY_PT)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "2"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _base_style(document) -> None:
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for key in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(key), FONT)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "vi-VN")
    normal.element.get_or_add_rPr().append(language)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0


def _no_table_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def docx_bytes(doc: ReportDocument) -> bytes:
    document = Document()
    _base_style(document)
    document.core_properties.title = doc.title
    document.core_properties.language = "vi-VN"
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    top, bottom, left, right = MARGINS_MM
    section.top_margin, section.bottom_margin = _margin(top), _margin(bottom)
    section.left_margin, section.right_margin = _margin(left), _margin(right)
    section.header_distance = Mm(10)
    _page_number(section)
    text_mm = PAGE_MM[0] - left - right
    left_mm, right_mm = 62.0, text_mm - 62.0

    # The header: issuing body and number on the left, national name, motto, place and date on the right.
    header = document.add_table(rows=2, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_table_borders(header)
    _widths(header, [left_mm, right_mm])
    body, nation = header.cell(0, 0), header.cell(0, 1)
    number, date = header.cell(1, 0), header.cell(1, 1)
    for cell in (body, number, nation, date):
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    if doc.parent_body:
        _paragraph(body, doc.parent_body, size=13)
    for line in doc.issuing_body_lines:
        _paragraph(body, line, size=13, bold=True)
    _rule(body, _text_mm(doc.issuing_body_lines[-1], 13, 0.7) * 0.4, left_mm)
    _paragraph(nation, doc.national_name, size=13, bold=True)
    _paragraph(nation, doc.motto, size=14, bold=True)
    _rule(nation, _text_mm(doc.motto, 14, 0.42), right_mm)
    _paragraph(number, doc.number_line, size=13, before=6)
    _paragraph(date, doc.place_date, size=14, italic=True, before=6)

    # Type and summary.
    _paragraph(document, doc.doc_type, bold=True, before=18)
    _paragraph(document, doc.summary, bold=True)
    _rule(document, min(_text_mm(doc.summary, BODY_PT), text_mm) / 3, text_mm)

    def body_paragraph(text: str, *, bold: bool = False, italic: bool = False):
        paragraph = _paragraph(document, text, bold=bold, italic=italic, align=WD_ALIGN_PARAGRAPH.JUSTIFY,
                               after=6, indent_first=True)
        paragraph.paragraph_format.line_spacing = 1.15
        return paragraph

    for line in doc.basis:
        body_paragraph(line)
    body_paragraph(doc.intro)
    for part in doc.sections:
        body_paragraph(part.heading, bold=True)
        for text in part.paragraphs:
            body_paragraph(text)

    # The summary table.
    _paragraph(document, doc.table_title, bold=True, before=6, after=6)
    widths = [10.0, 58.0, 21.0, 21.0, 29.0, text_mm - 139.0]
    table = document.add_table(rows=1, cols=len(doc.table_headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, widths)  # before the rows: each new row takes its cells' widths from the grid
    for cell, text in zip(table.rows[0].cells, doc.table_headers, strict=True):
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(cell.paragraphs[0].add_run(text), size=13, bold=True)
    for row in doc.table_rows:
        if row.group:
            merged = table.add_row().cells
            cell = merged[0].merge(merged[-1])
            _font(cell.paragraphs[0].add_run(row.group), size=13, bold=True, italic=True)
        cells = table.add_row().cells
        values = (row.number, row.name, row.baseline, row.value, row.target, row.status)
        for index, (cell, text) in enumerate(zip(cells, values, strict=True)):
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if index == 1 else WD_ALIGN_PARAGRAPH.CENTER
            _font(paragraph.add_run(text), size=13)

    for note in doc.notes:
        paragraph = body_paragraph(note, italic=True)
        paragraph.paragraph_format.space_before = Pt(6)
    body_paragraph(doc.closing)

    # Recipients on the left, the signature on the right.
    signature = document.add_table(rows=1, cols=2)
    signature.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_table_borders(signature)
    _widths(signature, [80.0, text_mm - 80.0])
    recipients, signer = signature.cell(0, 0), signature.cell(0, 1)
    for cell in (recipients, signer):
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    _paragraph(recipients, RECIPIENTS_HEADING, size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT,
               before=6)
    for line in doc.recipients:
        _paragraph(recipients, line, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    if doc.signer_authority:
        _paragraph(signer, doc.signer_authority, bold=True, before=6)
    _paragraph(signer, doc.signer_position, bold=True, before=0 if doc.signer_authority else 6)
    for _blank in range(4):  # room for the signature and the seal
        _paragraph(signer)
    _paragraph(signer, doc.signer_name, bold=True)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
