"""Spreadsheet renderers: `?format=csv` and `?format=xlsx` on the computed endpoints, both
written by core.tabular (formula-like text stays text, control characters dropped)."""

import json
from collections.abc import Iterable

from rest_framework import renderers

from core.tabular import CSV_MIME, XLSX_MIME, csv_bytes, workbook_bytes


class TableRenderer(renderers.BaseRenderer):
    """Renders a response carrying `table` (headers, rows) for spreadsheets; anything
    else (an error) as a single-column table with its JSON, so a spreadsheet client still
    sees why."""

    def table(self, data) -> tuple[list[str], list[list]]:
        if hasattr(data, "table"):
            return data.table

        return ["error"], [[json.dumps(data, ensure_ascii=False, default=str)]]


class CSVRenderer(TableRenderer):
    media_type = CSV_MIME
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return csv_bytes(*self.table(data))


class XLSXRenderer(TableRenderer):
    media_type = XLSX_MIME
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        headers, rows = self.table(data)
        return workbook_bytes(headers, rows, title=getattr(data, "title", "Sheet1"))


class TableData(dict):
    """A JSON body that also knows its spreadsheet form (for CSVRenderer/XLSXRenderer)."""

    def __init__(self, body: dict, *, headers: list[str], rows: Iterable[Iterable], title: str):
        super().__init__(body)
        self.table = (headers, [list(r) for r in rows])
        self.title = title
