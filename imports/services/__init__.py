"""Spreadsheet import: templates, preview and confirmation (see engine.run_import; the
pages go through pending.py, which reads a file once and confirms it once)."""

from accounts.models import User
from imports.services.annual_reports import AnnualReportImporter
from imports.services.base import Importer
from imports.services.collectives import CollectiveImporter
from imports.services.engine import ImportResult, Issue, run_import
from imports.services.ocop import OcopImporter
from imports.services.people import PeopleImporter
from imports.services.reader import ImportFileError, Layout, read_table

IMPORTERS: dict[str, type[Importer]] = {
    importer.kind: importer
    for importer in (CollectiveImporter, AnnualReportImporter, PeopleImporter, OcopImporter)
}


def layout_for(kind: str) -> Layout:
    """Where the reader looks for a file of `kind`, told apart from the other kinds' files."""
    return IMPORTERS[kind].layout(IMPORTERS.values())


def import_file(kind: str, *, actor: User, content: bytes, filename: str, commit: bool) -> ImportResult:
    """Read a file and preview (`commit=False`) or import (`commit=True`) it as `actor`."""
    try:
        table = read_table(content, filename, layout=layout_for(kind))
    except ImportFileError as exc:
        return ImportResult.refused(kind, exc)
    return run_import(IMPORTERS[kind](actor), table, commit=commit)


__all__ = ["IMPORTERS", "ImportResult", "Issue", "import_file", "layout_for"]
