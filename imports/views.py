"""Pages of the import: choose a kind, download its template, upload, preview, confirm.

The upload is read once into a PendingImport (services.pending); the preview runs the
import rolled back, once, and the confirmation claims the file and runs it for good. A
file with errors comes back as an Excel file with a "Lỗi" column (error_file); the done
page lists the records written, each linked to its page.
"""

from urllib.parse import quote

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.views_access import write_required
from core.tabular import XLSX_MIME
from imports.forms import UploadForm
from imports.models import PendingImport, PendingState
from imports.services import IMPORTERS
from imports.services import pending as pending_files
from imports.services.engine import ImportResult
from imports.services.error_file import error_file_bytes
from imports.services.reader import Table
from imports.services.workbook import template_bytes

MAX_ISSUES_SHOWN = 500
ROWS_PER_PAGE = 100  # of the rows a file adds or changes, in the preview and the done page


def _importer_class(kind: str):
    try:
        return IMPORTERS[kind]
    except KeyError:
        raise Http404(_("Không có loại dữ liệu này.")) from None


@write_required
def index(request):
    kinds = [cls(request.user) for cls in IMPORTERS.values()]
    return render(request, "imports/index.html", {"kinds": kinds, "form": UploadForm()})


@write_required
def template_download(request, kind: str):
    importer = _importer_class(kind)(request.user)
    response = HttpResponse(template_bytes(importer), content_type=XLSX_MIME)
    response["Content-Disposition"] = f'attachment; filename="mau-nhap-{kind.replace("_", "-")}.xlsx"'
    return response


@write_required
@require_http_methods(["GET", "POST"])
def upload(request, kind: str):
    importer = _importer_class(kind)(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        pending = pending_files.stage(kind, actor=request.user, content=upload.read(), filename=upload.name)
        return redirect("imports:preview", token=pending.token)
    return render(request, "imports/upload.html", {"importer": importer, "form": form})


def _already_imported(request, pending: PendingImport):
    messages.info(request, _("Tệp “%(file)s” đã được nhập rồi; lần xác nhận này không nhập lại.")
                  % {"file": pending.filename})
    return redirect("imports:done", token=pending.token)


@write_required
@require_http_methods(["GET", "POST"])
def preview(request, token):
    """GET: the kept preview. POST "again": preview anew. POST: confirm."""
    # The table (megabytes) is loaded only to run the import, not to show a kept preview.
    pending = get_object_or_404(
        PendingImport.objects.defer("table").annotate(
            readable=ExpressionWrapper(Q(table__isnull=False), output_field=BooleanField())),
        token=token, user=request.user)
    importer_class = _importer_class(pending.kind)
    if pending.state == PendingState.IMPORTED:
        return _already_imported(request, pending)
    confirming = request.method == "POST" and "again" not in request.POST
    previewed_again = False
    if confirming:
        confirmation = pending_files.confirm(pending)
        if confirmation.already_imported:
            return _already_imported(request, pending)
        result, previewed_again = confirmation.result, confirmation.previewed_again
        confirming = not previewed_again
    else:
        result = pending_files.preview(pending, again=request.method == "POST")
    if result.committed:
        messages.success(request, _("Đã nhập tệp “%(file)s”: %(created)s dòng thêm mới, %(updated)s dòng cập nhật, "
                                    "%(unchanged)s dòng không đổi.")
                         % {"file": pending.filename, "created": result.created, "updated": result.updated,
                            "unchanged": result.unchanged})
        return redirect("imports:done", token=pending.token)
    return render(request, "imports/preview.html", {
        "importer": importer_class(request.user), "pending": pending, "result": result, "confirming": confirming,
        "previewed_again": previewed_again,
        "issues": result.issues[:MAX_ISSUES_SHOWN], "more_issues": max(0, len(result.issues) - MAX_ISSUES_SHOWN),
        "details": sorted((name, action, n) for (name, action), n in result.details.items()),
        "planned": Paginator(result.planned, ROWS_PER_PAGE).get_page(request.GET.get("page")),
        # Only the officer's own rows come back with their errors (not a file that could not be read).
        "error_file": pending.readable and any(issue.row is not None for issue in result.issues),
    }, status=422 if confirming and not result.ok else 200)


@write_required
def error_file(request, token):
    """The officer's file back with a "Lỗi" column and its bad cells marked, to fix in Excel."""
    pending = get_object_or_404(PendingImport, token=token, user=request.user, state=PendingState.WAITING)
    if pending.table is None or pending.result is None:
        raise Http404(_("Tệp này không còn để tải lại."))
    importer = _importer_class(pending.kind)(request.user)
    content = error_file_bytes(importer, Table.from_bytes(pending.table), ImportResult.from_bytes(pending.result))
    stem = pending.filename.rsplit(".", 1)[0] or "tep"
    response = HttpResponse(content, content_type=XLSX_MIME)
    response["Content-Disposition"] = _attachment(f"{stem}-loi.xlsx")
    return response


def _attachment(filename: str) -> str:
    """A download named as the officer's file (Vietnamese letters kept: RFC 6266)."""
    plain = "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in filename)
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(filename)}"


@write_required
def done(request, token):
    """What an import wrote: its counts and each row's record, linked to its page."""
    pending = get_object_or_404(PendingImport.objects.defer("table"), token=token, user=request.user,
                                state=PendingState.IMPORTED)
    if pending.result is None:
        raise Http404(_("Không có kết quả nhập của tệp này."))
    result = ImportResult.from_bytes(pending.result)
    return render(request, "imports/done.html", {
        "importer": _importer_class(pending.kind)(request.user), "pending": pending, "result": result,
        "planned": Paginator(result.planned, ROWS_PER_PAGE).get_page(request.GET.get("page")),
    })
