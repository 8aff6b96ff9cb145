"""Hostile .xlsx files, written part by part with zipfile: a few kilobytes in the tests,
full size in bench/import_bombs.py (parts given as iterables of chunks are streamed, so a
part of a gigabyte never sits in memory)."""

import io
import zipfile
from collections.abc import Iterable, Iterator
from xml.sax.saxutils import escape

from imports.services.guard import column_letters

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
CONTENT_TYPES = (
    XML_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '</Types>'
)
PACKAGE_RELS = (
    XML_HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    XML_HEAD + f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>'
    '<sheet name="Dữ liệu" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    XML_HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/>'
    f'<Relationship Id="rId3" Type="{RELS}/styles" Target="styles.xml"/>'
    '</Relationships>'
)
STYLES = (
    XML_HEAD + f'<styleSheet xmlns="{MAIN}"><fonts count="1"><font><sz val="11"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '</styleSheet>'
)
EMPTY_STRINGS = XML_HEAD + f'<sst xmlns="{MAIN}" count="0" uniqueCount="0"></sst>'


def cell(ref: str, value) -> str:
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'


def row(number: int, values: list) -> str:
    cells = "".join(cell(f"{column_letters(index)}{number}", v) for index, v in enumerate(values, start=1)
                    if v is not None)
    return f'<row r="{number}">{cells}</row>'


def sheet(body: Iterable[str] | str, *, dimension: str | None = None, head: str = XML_HEAD) -> Iterator[bytes]:
    """A worksheet part: `body` is the XML inside <sheetData> (a string, or pieces of it)."""
    yield (head + f'<worksheet xmlns="{MAIN}" xmlns:r="{RELS}">').encode()
    if dimension:
        yield f'<dimension ref="{dimension}"/>'.encode()
    yield b"<sheetData>"
    for piece in [body] if isinstance(body, str) else body:
        yield piece.encode()
    yield b"</sheetData></worksheet>"


def shared_strings(strings: Iterable[str], count: int) -> Iterator[bytes]:
    yield (XML_HEAD + f'<sst xmlns="{MAIN}" count="{count}" uniqueCount="{count}">').encode()
    for text in strings:
        yield f"<si><t>{escape(text)}</t></si>".encode()
    yield b"</sst>"


def xlsx(sheet_part: Iterable[bytes] | bytes, *, strings: Iterable[bytes] | bytes = EMPTY_STRINGS.encode(),
         styles: Iterable[bytes] | bytes = STYLES.encode(), extra: dict | None = None, target=None):
    """A complete workbook of one sheet; returns its bytes, or writes it to `target` (a path)."""
    parts = {"[Content_Types].xml": CONTENT_TYPES.encode(), "_rels/.rels": PACKAGE_RELS.encode(),
             "xl/workbook.xml": WORKBOOK.encode(), "xl/_rels/workbook.xml.rels": WORKBOOK_RELS.encode(),
             "xl/styles.xml": styles, "xl/sharedStrings.xml": strings, "xl/worksheets/sheet1.xml": sheet_part,
             **(extra or {})}
    buffer = io.BytesIO() if target is None else target
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            with archive.open(name, "w", force_zip64=True) as stream:
                for chunk in [data] if isinstance(data, bytes) else data:
                    stream.write(chunk)
    return buffer.getvalue() if target is None else None


def headers_row(headers: list[str]) -> str:
    return row(1, headers)


def with_dtd(root: str, entities: str) -> str:
    """An XML head declaring `entities` (<!ENTITY …> lines) for a document whose root is `root`."""
    return XML_HEAD + f"<!DOCTYPE {root} [{entities}]>\n"


BILLION_LAUGHS = "".join(
    ['<!ENTITY lol0 "lol">']
    + [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)]
)
EXTERNAL_ENTITY = '<!ENTITY xxe SYSTEM "file:///etc/passwd">'
