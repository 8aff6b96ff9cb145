"""Spreadsheet import: templates, preview and confirmation (see engine.run_import)."""

from imports.services.annual_reports import AnnualReportImporter
from imports.services.base import Importer
from imports.services.collectives import CollectiveImporter
from imports.services.engine import ImportResult, Issue, run_import
from imports.services.ocop import OcopImporter
from imports.services.people import PeopleImporter

IMPORTERS: dict[str, type[Importer]] = {
    importer.kind: importer
    for importer in (CollectiveImporter, AnnualReportImporter, PeopleImporter, OcopImporter)
}


def import_file(kind: str, *, actor, content: bytes, filename: str, commit: bool) -> ImportResult:
    """Preview (`commit=False`) or import (`commit=True`) a file of `kind` as `actor`."""
    return run_import(IMPORTERS[kind](actor), content=content, filename=filename, commit=commit)


__all__ = ["IMPORTERS", "ImportResult", "Issue", "import_file"]
