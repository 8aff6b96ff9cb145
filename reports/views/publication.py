"""Published results on the leadership pages: which figures a page shows (published, live,
approved only), the live value beside a published one, publishing, and what changed since."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scope import ensure_can_write, visible
from cooperatives.approval import covering_approval
from core.numbers import format_quantity, number
from reports.models import Publication
from reports.publication import (
    APPROVED,
    LIVE,
    PUBLISHED,
    PlanView,
    basis_from,
    changes_since,
    plan_view,
    publications_of,
    publish,
)
from reports.views.common import present, resolve_selection


def selected_view(request, selection) -> PlanView:
    return plan_view(selection.plan, unit=selection.unit, year=selection.year, basis=basis_from(request.GET),
                     unit_ids=selection.unit_ids)


def basis_query(request) -> str:
    """The query-string tail that keeps the chosen basis on the print and export links."""
    basis = basis_from(request.GET)
    return f"&{basis}=1" if basis else ""


def difference_text(difference, unit: str) -> str:
    """Live − published as a reader expects it: ratios in percentage points, others in their unit."""
    if difference is None:
        return ""
    sign = "+" if difference > 0 else ""
    if unit == "ratio":
        return _("%(points)s điểm %%") % {"points": sign + number(difference * 100, 1)}
    return sign + format_quantity(difference, unit)


def presented_rows(selection, view: PlanView) -> list[dict]:
    """The rows of `view` ready for a template; a published row that the live figures no
    longer match carries the live value and the difference beside it."""
    rows = []
    for row in view.rows:
        presented = present(row, plan=selection.plan, unit_id=selection.unit_pk, year=selection.year)
        live = view.live.get(row.indicator)
        if view.basis == PUBLISHED and live is not None and view.changed(row):
            presented["live_text"] = format_quantity(live.value, live.unit)
            presented["difference_text"] = difference_text(view.difference(row), row.unit)
        rows.append(presented)
    return rows


def may_publish(user, selection) -> bool:
    """Whether to offer "publish": the user may write the unit's records and its year is approved
    (the whole country has no approved year: its results are not published)."""
    if selection.unit is None:
        return False
    try:
        ensure_can_write(user, selection.unit)
    except PermissionDenied:
        return False
    return covering_approval(selection.unit, selection.year) is not None


def basis_context(request, selection, view: PlanView) -> dict:
    query = selection.query()
    return {
        "view": view, "basis_query": basis_query(request), "can_publish": may_publish(request.user, selection),
        "basis_links": [
            {"basis": PUBLISHED, "label": _("Đã công bố"), "href": f"?{query}", "available": view.publication},
            {"basis": LIVE, "label": _("Trực tiếp"), "href": f"?{query}&live=1", "available": True},
            {"basis": APPROVED, "label": _("Chỉ năm đã duyệt"), "href": f"?{query}&approved=1", "available": True},
        ],
    }


@require_POST
@login_required
def publish_view(request):
    selection = resolve_selection(request)
    if selection.plan is None:
        raise Http404(_("Không tìm thấy kế hoạch."))
    try:
        plan, year, unit = selection.chosen()
        publication = publish(plan, unit=unit, year=year, actor=request.user,
                              note=request.POST.get("note", "")[:2000])
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Đã công bố kết quả năm %(year)s của %(unit)s (bản số %(n)s).")
                         % {"year": selection.year, "unit": selection.unit, "n": publication.pk})
    return redirect(f"{reverse('reports:dashboard')}?{selection.query()}")


@login_required
def changes_view(request, pk: int):
    """A publication beside the live figures: per indicator the difference and the records
    added, removed or edited since; and every version of the same results."""
    publication = visible(request.user, Publication.objects.select_related("plan", "unit", "published_by")).filter(
        pk=pk).first()
    if publication is None:
        raise Http404(_("Không tìm thấy bản công bố."))
    changes = changes_since(publication)
    for change in changes:
        unit = change.published.unit
        # Read by the template: the change's numbers as the page prints them.
        change.published_text = format_quantity(change.published.value, unit)  # type: ignore[attr-defined]
        change.live_text = format_quantity(change.live.value, unit) if change.live else "–"  # type: ignore[attr-defined]
        change.difference_text = difference_text(change.difference, unit)  # type: ignore[attr-defined]
    params: dict[str, Any] = {"plan": publication.plan.code, "year": publication.year, "unit": publication.unit_id}
    query = urlencode(params)
    return render(request, "reports/publication_changes.html", {
        "publication": publication, "changes": changes, "changed": [c for c in changes if c.changed],
        "versions": list(publications_of(publication.plan, publication.unit, publication.year)),
        "dashboard_query": query,
    })
