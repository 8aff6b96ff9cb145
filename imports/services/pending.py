"""A file between upload and confirmation: read once, previewed once, confirmed once.

stage() reads the upload (reader.read_table, within the limits) and keeps its table in a
PendingImport; preview() runs the import rolled back and keeps the result, so reloading
the page costs one query; confirm() claims the file before importing it, so that two
confirmations (a double click, two tabs) cannot import it twice.
"""

from dataclasses import dataclass

from django.db import transaction

from accounts.models import User
from imports.models import PendingImport, PendingState
from imports.services import IMPORTERS, layout_for
from imports.services.engine import ImportResult, run_import
from imports.services.reader import ImportFileError, Table, read_table


def stage(kind: str, *, actor: User, content: bytes, filename: str) -> PendingImport:
    """Read an upload once and keep its table; a file that cannot be read keeps why."""
    PendingImport.purge_stale()
    # One file waits per officer and kind: a new upload replaces the previous one.
    PendingImport.objects.filter(user=actor, kind=kind).delete()
    pending = PendingImport(user=actor, kind=kind, filename=filename[:255])
    try:
        pending.table = read_table(content, filename, layout=layout_for(kind)).to_bytes()
    except ImportFileError as exc:
        pending.result = ImportResult.refused(kind, exc).to_bytes()
    pending.save()
    return pending


def _stored(data: bytes | memoryview | None) -> bytes | memoryview:
    """A table or result the import's state says is there (a claimed file has its table,
    a previewed one its result)."""
    if data is None:
        raise ValueError("the waiting import has no stored table or result to read")
    return data


def preview(pending: PendingImport, *, again: bool = False) -> ImportResult:
    """The preview of a waiting file: the import run once and rolled back, then kept.
    `again` runs it anew against the data as it is now."""
    if pending.result is not None and (not again or pending.table is None):
        return ImportResult.from_bytes(pending.result)
    importer = IMPORTERS[pending.kind](pending.user)
    result = run_import(importer, Table.from_bytes(_stored(pending.table)), commit=False)
    pending.result = result.to_bytes()
    pending.save(update_fields=["result"])
    return result


@dataclass(frozen=True)
class Confirmation:
    result: ImportResult
    # Another confirmation of the same file ran first; `result` is what it imported.
    already_imported: bool = False
    # Records changed since the preview: nothing imported, `result` is a new preview.
    previewed_again: bool = False


def confirm(pending: PendingImport) -> Confirmation:
    """Import a waiting file for good, all or nothing, once."""
    with transaction.atomic():
        # The claim, in the import's transaction: a second confirmation waits on this row's
        # lock until the first commits (then finds the file imported) or rolls back (then
        # runs itself). A file that could not be read has no table and cannot be claimed.
        claimed = PendingImport.objects.filter(pk=pending.pk, state=PendingState.WAITING,
                                               table__isnull=False).update(state=PendingState.IMPORTED)
        current = PendingImport.objects.get(pk=pending.pk)
        if not claimed:
            return Confirmation(ImportResult.from_bytes(_stored(current.result)),
                                already_imported=current.state == PendingState.IMPORTED)
        seen = ImportResult.from_bytes(current.result).versions if current.result is not None else {}
        importer = IMPORTERS[current.kind](current.user)
        result = run_import(importer, Table.from_bytes(_stored(current.table)), commit=True, preview_versions=seen)
        if result.committed:
            current.table, current.result = None, result.to_bytes()
            current.save(update_fields=["table", "result"])
            return Confirmation(result)
        transaction.set_rollback(True)  # and with it the claim: the file waits again
    if result.moved:
        return Confirmation(preview(current, again=True), previewed_again=True)
    # What the confirmation found is the preview now.
    current.result = result.to_bytes()
    current.save(update_fields=["result"])
    return Confirmation(result)
