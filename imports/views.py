"""Pages of the import: choose a kind, download its template, upload, preview, confirm.

The uploaded bytes wait in a PendingImport row between the preview and the confirmation;
both run the same import (engine.run_import), the preview rolling it back.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.views_access import write_required
from core.tabular import XLSX_MIME
from imports.forms import UploadForm
from imports.models import PendingImport
from imports.services import IMPORTERS, import_file
from imports.services.workbook import template_bytes

MAX_ISSUES_SHOWN = 500


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
        PendingImport.purge_stale()
        # One file waits per officer and kind: a new upload replaces the previous one.
        PendingImport.objects.filter(user=request.user, kind=kind).delete()
        upload = form.cleaned_data["file"]
        pending = PendingImport.objects.create(user=request.user, kind=kind, filename=upload.name[:255],
                                               content=upload.read())
        return redirect("imports:preview", token=pending.token)
    return render(request, "imports/upload.html", {"importer": importer, "form": form})


@write_required
@require_http_methods(["GET", "POST"])
def preview(request, token):
    pending = get_object_or_404(PendingImport, token=token, user=request.user)
    importer_class = _importer_class(pending.kind)
    commit = request.method == "POST"
    result = import_file(pending.kind, actor=request.user, content=bytes(pending.content),
                         filename=pending.filename, commit=commit)
    if result.committed:
        pending.delete()
        messages.success(request, _("Đã nhập tệp “%(file)s”: %(created)s dòng thêm mới, %(updated)s dòng cập nhật, "
                                    "%(unchanged)s dòng không đổi.")
                         % {"file": pending.filename, "created": result.created, "updated": result.updated,
                            "unchanged": result.unchanged})
        return redirect("imports:done", kind=pending.kind)
    return render(request, "imports/preview.html", {
        "importer": importer_class(request.user), "pending": pending, "result": result, "confirming": commit,
        "issues": result.issues[:MAX_ISSUES_SHOWN], "more_issues": max(0, len(result.issues) - MAX_ISSUES_SHOWN),
        "details": sorted((name, action, n) for (name, action), n in result.details.items()),
    }, status=200 if result.ok or not commit else 422)


@write_required
def done(request, kind: str):
    importer = _importer_class(kind)(request.user)
    return render(request, "imports/done.html", {"importer": importer})
