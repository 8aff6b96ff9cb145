"""Published results, and the one selector every reader of a plan's results goes through.

Publishing a plan's results for a unit and year freezes them: every row as reports.engine
computed it (values, numerators, denominators, statuses) and the ids of the records
behind each number, with who published and when. A publication is never edited; a new
one supersedes it and both are kept.

`plan_view` is what the dashboard, the print view, the export and the API read: the
published version by default once there is one (with the live rows beside it), the live
figures (`live`), or the live computation over approved unit-years only (`approved`).
The computation itself is the engine's, unchanged; `changes_since` compares a
publication with the live figures, indicator by indicator, naming the records added,
removed or edited since.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.scope import ensure_can_write
from cooperatives.approval import covering_approval, local_time, person_name
from core.validation import today
from reports.completeness import judge
from reports.engine import UNIT_SCOPE, IndicatorResult, ResultRow, TargetSpec, plan_results
from reports.models import Plan, Publication, PublishedResult
from reports.registry import Records
from units.models import AdministrativeUnit

PUBLISHED, LIVE, APPROVED = "published", "live", "approved"
BASIS_LABELS = {
    PUBLISHED: gettext_lazy("Số liệu đã công bố"),
    LIVE: gettext_lazy("Số liệu trực tiếp (đang cập nhật)"),
    APPROVED: gettext_lazy("Số liệu trực tiếp, chỉ các năm đã duyệt"),
}
NUMBERS = ("baseline", "value", "change", "change_relative", "numerator", "denominator")


def basis_from(params) -> str | None:
    """The basis a request asks for: `?approved=1`, `?live=1`, else None (published if any)."""
    if params.get("approved") in ("1", "true"):
        return APPROVED
    if params.get("live") in ("1", "true"):
        return LIVE
    return None


def _dump(value):
    if value is None or isinstance(value, int):
        return value
    return str(value)  # a Decimal's exact digits


def _load(value):
    return Decimal(value) if isinstance(value, str) else value


def _record_ids(result: IndicatorResult) -> dict[str, dict[str, Any]]:
    return {name: {"model": qs.model._meta.label_lower, "ids": sorted(set(qs.values_list("pk", flat=True)))}
            for name, qs in result.records.items()}


# --- Publishing ----------------------------------------------------------------------------


def current_publication(plan: Plan, unit: AdministrativeUnit | None, year: int) -> Publication | None:
    return (Publication.objects.filter(plan=plan, unit=unit, year=year, superseded_at__isnull=True)
            .select_related("published_by", "supersedes").first())


def publications_of(plan: Plan, unit: AdministrativeUnit, year: int) -> models.QuerySet[Publication]:
    """Every version, newest first (the one in force, then those it superseded)."""
    return (Publication.objects.filter(plan=plan, unit=unit, year=year)
            .select_related("published_by").order_by("-published_at", "-pk"))


def publish(plan: Plan, *, unit: AdministrativeUnit | None, year: int, actor: User, note: str = "") -> Publication:
    """Freeze the plan's results for `unit` and `year`: allowed to whoever may write the
    unit's records, once its year is approved (the official record); supersedes the version
    in force, which is kept."""
    ensure_can_write(actor, unit)
    if unit is None or covering_approval(unit, year) is None:
        raise ValidationError({"year": _("Số liệu năm %(year)s của %(unit)s chưa được duyệt: chỉ công bố được "
                                         "kết quả của năm đã duyệt.") % {"year": year, "unit": unit}})
    rows = judged_results(plan, unit=unit, year=year)
    frozen = []
    for position, row in enumerate(rows, start=1):
        target = row.target
        frozen.append(PublishedResult(
            position=position, indicator=row.indicator, tracked=row.tracked, status=row.status or "",
            figures={**{name: _dump(getattr(row, name)) for name in NUMBERS},
                     "baseline_year": row.result.baseline_year,
                     "name_vi": row.name_vi, "name_en": row.name_en, "unit": row.unit},
            target=None if target is None else {"comparator": target.comparator, "low": _dump(target.low),
                                                "high": _dump(target.high)},
            no_data_reason=row.no_data_reason or "", records=_record_ids(row.result),
        ))
    now = timezone.now()
    try:
        with transaction.atomic():
            previous = (Publication.objects.select_for_update()
                        .filter(plan=plan, unit=unit, year=year, superseded_at__isnull=True).first())
            if previous is not None:
                previous.superseded_at = now
                previous.save(update_fields=["superseded_at"])
            publication = Publication.objects.create(plan=plan, unit=unit, year=year, published_by=actor,
                                                     published_at=now, note=(note or "").strip(),
                                                     supersedes=previous)
            for result in frozen:
                result.publication = publication
            PublishedResult.objects.bulk_create(frozen)
    except IntegrityError:
        # Someone published the same results at the same moment: theirs is in force.
        raise ValidationError(_("Vừa có người khác công bố kết quả này; hãy tải lại trang.")) from None
    return publication


# --- Reading: published or live -------------------------------------------------------------


def _records_from(stored: dict[str, dict[str, Any]]) -> Records:
    def builder(entry):
        model = apps.get_model(entry["model"])
        return lambda: model.objects.filter(pk__in=entry["ids"])

    return Records(**{name: builder(entry) for name, entry in stored.items()})


def frozen_rows(publication: Publication) -> list[ResultRow]:
    """The rows of a publication as ResultRows, so the pages present them like live ones."""
    rows = []
    for r in publication.results.order_by("position"):
        f = r.figures
        numbers = {name: _load(f.get(name)) for name in NUMBERS}
        target = None if r.target is None else TargetSpec(
            comparator=r.target["comparator"], low=_load(r.target["low"]), high=_load(r.target["high"]))
        result = IndicatorResult(
            code=r.indicator, year=publication.year, unit_id=publication.unit_id, value=numbers["value"],
            numerator=numbers["numerator"], denominator=numbers["denominator"],
            no_data_reason=r.no_data_reason or None, records=_records_from(r.records),
            baseline_year=f.get("baseline_year"),
        )
        rows.append(ResultRow(
            indicator=r.indicator, name_vi=f["name_vi"], name_en=f["name_en"], unit=f["unit"],
            target=target, status=r.status or None, no_data_reason=r.no_data_reason or None, tracked=r.tracked,
            result=result, **numbers,
        ))
    return rows


@dataclass
class PlanView:
    """The rows a page or the API shows, and which figures they are."""

    basis: str
    rows: list[ResultRow]
    publication: Publication | None  # the version shown, or (live views) the one in force
    live: dict[str, ResultRow] = field(default_factory=dict)  # beside a published version

    @property
    def label(self) -> str:
        return str(BASIS_LABELS[self.basis])

    @property
    def description(self) -> str:
        if self.basis == PUBLISHED and self.publication is not None:
            return _("Bản công bố ngày %(when)s của %(who)s; số liệu trực tiếp hiện bên cạnh nếu đã thay đổi.") % {
                "when": local_time(self.publication.published_at), "who": person_name(self.publication.published_by)}
        if self.basis == APPROVED:
            return _("Chỉ tính báo cáo năm và số liệu thống kê của các đơn vị, năm đã được duyệt.")
        return _("Tính từ sổ đăng ký tại thời điểm xem; chưa công bố, có thể còn thay đổi.")

    def difference(self, row: ResultRow):
        """Live value − published value of an indicator (None when either is missing)."""
        live = self.live.get(row.indicator)
        if live is None or live.value is None or row.value is None:
            return None
        return live.value - row.value

    def changed(self, row: ResultRow) -> bool:
        live = self.live.get(row.indicator)
        return live is not None and (live.value != row.value or live.status != row.status)


def judged_results(plan: Plan, *, unit: AdministrativeUnit | None, year: int, unit_ids=UNIT_SCOPE,
                   approved_only: bool = False) -> list[ResultRow]:
    """The plan's rows computed over `unit_ids` (the reader's part of `unit`:
    reports.selectors.report_unit), judged on the completeness of their data."""
    ids = AdministrativeUnit.objects.within_ids(unit) if unit_ids is UNIT_SCOPE else unit_ids
    rows = plan_results(plan, unit=unit, year=year, unit_ids=ids, approved_only=approved_only)
    return judge(rows, ids, today())


def plan_view(plan: Plan, *, unit: AdministrativeUnit | None, year: int, basis: str | None = None,
              unit_ids=UNIT_SCOPE) -> PlanView:
    """The plan's results for `unit` and `year` on the basis asked for (None: published when there is a version)."""
    publication = current_publication(plan, unit, year)
    if basis in (None, PUBLISHED) and publication is not None:
        live = {r.indicator: r for r in judged_results(plan, unit=unit, year=year, unit_ids=unit_ids)}
        return PlanView(PUBLISHED, frozen_rows(publication), publication, live)
    if basis == APPROVED:
        return PlanView(APPROVED, judged_results(plan, unit=unit, year=year, unit_ids=unit_ids, approved_only=True),
                        publication)
    return PlanView(LIVE, judged_results(plan, unit=unit, year=year, unit_ids=unit_ids), publication)


# --- What changed since a publication ---------------------------------------------------------

CHANGE_LABELS = {
    "added": gettext_lazy("thêm vào"),
    "removed": gettext_lazy("không còn tính"),
    "edited": gettext_lazy("đã sửa"),
}


@dataclass
class RecordChange:
    kind: str  # added | removed | edited
    model: str  # app_label.model_name
    pk: int
    record: models.Model | None  # None: deleted since

    @property
    def label(self) -> str:
        if self.record is None:
            return _("Bản ghi #%(pk)s (đã xoá)") % {"pk": self.pk}
        return str(self.record)

    @property
    def kind_label(self) -> str:
        return str(CHANGE_LABELS[self.kind])


@dataclass
class IndicatorChange:
    published: ResultRow
    live: ResultRow | None
    difference: Any
    records: list[RecordChange]

    @property
    def changed(self) -> bool:
        return bool(self.records) or self.live is None or self.live.value != self.published.value


def changes_since(publication: Publication) -> list[IndicatorChange]:
    """Each indicator of `publication` beside its live value, with the records behind the
    number added, removed or edited (changed after the publication) since. Queries: the live
    plan, the ids behind each live number, then two per kind of record (edited, names)."""
    published = frozen_rows(publication)
    stored = {r.indicator: r.records for r in publication.results.all()}
    live = {r.indicator: r for r in plan_results(publication.plan, unit=publication.unit, year=publication.year)}
    compared = []  # (published row, live row, [(kind, model, pk)], [(model, ids kept)])
    kept_by_model: dict[str, set[int]] = {}
    involved: dict[str, set[int]] = {}
    for row in published:
        now = live.get(row.indicator)
        then = {name: (e["model"], set(e["ids"])) for name, e in stored.get(row.indicator, {}).items()}
        current = {name: (e["model"], set(e["ids"]))
                   for name, e in (_record_ids(now.result) if now is not None else {}).items()}
        found, kept = [], []
        for name in sorted(set(then) | set(current)):
            model = (then.get(name) or current[name])[0]
            before, after = then.get(name, (model, set()))[1], current.get(name, (model, set()))[1]
            found += [("added", model, pk) for pk in sorted(after - before)]
            found += [("removed", model, pk) for pk in sorted(before - after)]
            kept.append((model, before & after))
            kept_by_model.setdefault(model, set()).update(before & after)
            involved.setdefault(model, set()).update(before ^ after)
        compared.append((row, now, found, kept))
    edited: dict[str, set[int]] = {}
    for label, ids in kept_by_model.items():
        model = apps.get_model(label)
        if ids and hasattr(model, "updated_at"):
            edited[label] = set(model.objects.filter(pk__in=ids, updated_at__gt=publication.published_at)
                                .values_list("pk", flat=True))
            involved[label].update(edited[label])
    names = {label: apps.get_model(label).objects.in_bulk(list(ids)) for label, ids in involved.items() if ids}
    changes = []
    for row, now, found, kept in compared:
        for label, ids in kept:
            found += [("edited", label, pk) for pk in sorted(ids & edited.get(label, set()))]
        unique = list(dict.fromkeys(found))  # a record behind both numerator and denominator once
        records = [RecordChange(kind, label, pk, names.get(label, {}).get(pk)) for kind, label, pk in unique]
        difference = None if now is None or now.value is None or row.value is None else now.value - row.value
        changes.append(IndicatorChange(row, now, difference, records))
    return changes
