"""The official record of a unit's year: submit, review, approve and lock (docs/domain.md,
"Approval of a unit's year").

For each unit and year, the annual reports of the collectives the unit answers for and
its unit statistics of that year move draft → submitted → approved, or back to returned
with a comment. Rules, each written once here:

- **Who.** Submitting is for whoever may write the unit's records (an officer of the unit,
  or of a unit above it acting for it). Approving, returning and unapproving are for the
  reviewing level: whoever may write the records of the unit's parent (the district for a
  commune, the province for a district and, after 1/7/2025, for a commune; a national
  admin for a province); an admin may review any unit in their scope. Nobody approves
  their own submission. All through accounts.scope, the one scope mechanism.
- **When.** A year is submitted (and approved) once every collective it answers for has
  its report and every unit under it that has figures is approved. An approved year is
  unapproved (with a reason) only while the unit above has not submitted its own year:
  locks open from the top down.
- **Lock.** A record is locked while the year of the unit it reports through, or of a
  unit above that, is approved (`covering_approval`): `annual_report_lock` and
  `statistic_lock` are registered with core.locks in CooperativesConfig.ready(), and
  every write door (scoped services, admin) asks core.locks before writing.
- **Each transition** runs in one transaction with the row locked (select_for_update) and
  the version the actor read checked (VersionConflict, 409 in the API), and writes an
  ApprovalEvent with who, when and the comment.

A record reports through its unit while the unit exists at the end of the year; a unit
abolished during the year (the communes merged on 1/7/2025) reports through the unit
that wholly succeeded it (`reporting_unit`), like the scope rule of accounts.scope.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.scope import ensure_can_write, unit_in_scope
from cooperatives.models import (
    AnnualReport,
    ApprovalAction,
    ApprovalEvent,
    ApprovalState,
    Classification,
    Collective,
    CollectiveKind,
    YearApproval,
)
from core.collation import collated, sort_key
from core.services import VersionConflict
from core.validation import year_end, year_start
from units.models import AdministrativeUnit, UnitLevel, UnitStatistic, UnitSuccession

OPEN_STATES = (ApprovalState.DRAFT, ApprovalState.RETURNED)
SENT_STATES = (ApprovalState.SUBMITTED, ApprovalState.APPROVED)


def person_name(user: User | None) -> str:
    """"Full Name (username)", so a message names the account that acted."""
    if user is None:
        return _("không rõ")
    full = user.get_full_name()
    return f"{full} ({user.username})" if full else user.username


def local_time(moment: datetime.datetime | None) -> str:
    return f"{timezone.localtime(moment):%H:%M %d/%m/%Y}" if moment else ""


# --- Which unit a record reports through --------------------------------------------------


def _valid_at_end(unit: AdministrativeUnit, year: int) -> bool:
    end = year_end(year)
    return (unit.valid_from is None or unit.valid_from <= end) and (unit.valid_until is None or unit.valid_until >= end)


def reporting_unit(unit: AdministrativeUnit, year: int) -> AdministrativeUnit:
    """The unit that answers for `unit`'s records of `year`: itself while it exists at the end
    of the year, else the unit that wholly succeeded it (Hoành Mô and Đồng Văn answer through
    xã Hoành Mô (mới) from 2025). A unit split in parts (Vô Ngại) keeps answering itself."""
    current, seen = unit, {unit.pk}
    while not _valid_at_end(current, year):
        following = current.whole_successor
        if following is None or following.pk in seen:
            break
        seen.add(following.pk)
        current = following
    return current


# --- The lock -----------------------------------------------------------------------------


def covering_approval(unit: AdministrativeUnit, year: int) -> YearApproval | None:
    """The approved year that locks `unit`'s records of `year`: that of the unit it reports
    through, or of its parent or grandparent (a district's approval covers its communes).
    One query while the unit exists at the end of the year."""
    unit = reporting_unit(unit, year)
    found = list(
        YearApproval.objects.filter(year=year, state=ApprovalState.APPROVED)
        .filter(Q(unit=unit) | Q(unit_id=unit.parent_id) | Q(unit__children__children=unit))
        .select_related("unit", "approved_by")
    )
    # The unit's own approval names who locked it most directly.
    found.sort(key=lambda a: (a.unit_id != unit.pk, a.unit_id != unit.parent_id))
    return found[0] if found else None


def lock_message(approval: YearApproval) -> str:
    return _(
        "Số liệu năm %(year)s của %(unit)s đã được %(who)s duyệt lúc %(when)s nên đã khoá, không sửa được. "
        "Muốn sửa, hãy đề nghị cấp duyệt bỏ duyệt (kèm lý do)."
    ) % {"year": approval.year, "unit": approval.unit, "who": person_name(approval.approved_by),
         "when": local_time(approval.approved_at)}


def year_lock_message(unit: AdministrativeUnit | None, year) -> str | None:
    """The one lock rule: why `unit`'s figures of `year` may not change (who approved them
    and when), or None. The doors reach it through core.locks (annual_report_lock,
    statistic_lock), which raises RecordLocked with this message."""
    try:
        year = int(year)
    except (TypeError, ValueError):
        return None  # not a year: the record's own validation says so
    if unit is None:
        return None
    approval = covering_approval(unit, year)
    return lock_message(approval) if approval else None


def annual_report_lock(report: AnnualReport) -> str | None:
    """core.locks check of an annual report (registered in CooperativesConfig.ready)."""
    if not report.collective_id:
        return None
    return year_lock_message(report.collective.unit, report.year)


def annual_report_lock_key(report: AnnualReport):
    """What annual_report_lock depends on (core.locks.remembered): the unit and the year."""
    return report.collective.unit_id if report.collective_id else None, report.year


def statistic_lock_key(statistic: UnitStatistic):
    return statistic.unit_id, statistic.year


def statistic_lock(statistic: UnitStatistic) -> str | None:
    """core.locks check of a unit statistic (registered in CooperativesConfig.ready)."""
    if not statistic.unit_id:
        return None
    return year_lock_message(statistic.unit, statistic.year)


def approved_unit_ids(years: Iterable[int]) -> dict[int, set[int]]:
    """For each year, the ids of the units whose records of that year are approved (the rule
    of `covering_approval`, for many records at once): the approved units, the units under
    them, and the units that report through those (abolished, wholly succeeded). A few
    queries, whatever the number of records; none more when no year is approved."""
    years = sorted(set(years))
    approved: dict[int, set[int]] = {}
    for unit_id, year in YearApproval.objects.filter(year__in=years, state=ApprovalState.APPROVED).values_list(
            "unit_id", "year"):
        approved.setdefault(year, set()).add(unit_id)
    if not approved:
        return {}
    every = set().union(*approved.values())
    below = list(AdministrativeUnit.objects.filter(
        Q(pk__in=every) | Q(parent__in=every) | Q(parent__parent__in=every)
    ).values_list("pk", "parent_id", "parent__parent_id"))
    covered = {year: {pk for pk, parent, grandparent in below if {pk, parent, grandparent} & ids}
               for year, ids in approved.items()}
    # Units that report through a covered one: abolished before the year's end, wholly succeeded.
    frontier = set().union(*covered.values())
    while frontier:
        links = list(UnitSuccession.objects.filter(whole=True, successor__in=frontier)
                     .values_list("predecessor_id", "successor_id", "predecessor__valid_until"))
        frontier = set()
        for year, ids in covered.items():
            for old, new, ended in links:
                if new in ids and old not in ids and ended is not None and ended < year_end(year):
                    ids.add(old)
                    frontier.add(old)
    return covered


QS = TypeVar("QS", bound=QuerySet)


def in_approved_years(queryset: QS, unit_path: str, years: Iterable[int]) -> QS:
    """`queryset` (records with a `year`) limited to the records of approved unit-years among
    `years`: the figures of the official record (`?approved=1`)."""
    covered = approved_unit_ids(years)
    if not covered:
        return queryset.none()
    condition = Q()
    for year, ids in covered.items():
        condition |= Q(year=year, **{f"{unit_path}__in": ids})
    return queryset.filter(condition)


# --- Deadlines ----------------------------------------------------------------------------


def _on(setting: str, year: int, *, next_year: bool = False) -> datetime.date:
    month, day = settings.COOPREG[setting]
    return datetime.date(year + 1 if next_year else year, month, day)


def report_deadline(year: int) -> datetime.date:
    """The collectives' yearly figures of `year` (15 January of the year after)."""
    return _on("ANNUAL_REPORT_DEADLINE", year, next_year=True)


def classification_deadline(year: int) -> datetime.date:
    """The HTX self-scoring of `year` (15 December of the year itself)."""
    return _on("SELF_SCORING_DEADLINE", year)


def level_deadline(level: str, year: int) -> datetime.date:
    """When a unit of `level` must have sent its year up: a commune with its collectives'
    reports, a district and a province by their roll-up dates (domain.md, "Approval")."""
    if level == UnitLevel.DISTRICT:
        return _on("DISTRICT_ROLLUP_DEADLINE", year)
    if level == UnitLevel.PROVINCE:
        return _on("PROVINCE_ROLLUP_DEADLINE", year)
    return report_deadline(year)


def submission_deadline(unit: AdministrativeUnit, year: int) -> datetime.date:
    return level_deadline(unit.level, year)


# --- Completeness of a scope's year ---------------------------------------------------------


@dataclass
class UnitYear:
    """One unit's year as the completeness page and the transitions see it. `own_*` counts
    are of the collectives it answers for itself; the others include the units under it."""

    unit: AdministrativeUnit
    year: int
    approval: YearApproval
    record_unit_ids: set[int]
    own_expected: int = 0
    own_received: int = 0
    own_htx_due: int = 0
    own_htx_classified: int = 0
    own_statistics: bool = False
    children: list["UnitYear"] = field(default_factory=list)
    depth: int = 0
    today: datetime.date | None = None

    @property
    def state(self) -> str:
        return self.approval.state

    def _total(self, name: str) -> int:
        return getattr(self, f"own_{name}") + sum(c._total(name) for c in self.children)

    @property
    def expected(self) -> int:
        return self._total("expected")

    @property
    def received(self) -> int:
        return self._total("received")

    @property
    def missing(self) -> int:
        return self.expected - self.received

    @property
    def submitted(self) -> int:
        """Reports sent up: those of the unit-years submitted or approved."""
        own = self.own_received if self.state in SENT_STATES else 0
        return own + sum(c.submitted for c in self.children)

    @property
    def approved(self) -> int:
        own = self.own_received if self.state == ApprovalState.APPROVED else 0
        return own + sum(c.approved for c in self.children)

    @property
    def htx_due(self) -> int:
        return self._total("htx_due")

    @property
    def htx_classified(self) -> int:
        return self._total("htx_classified")

    @property
    def has_figures(self) -> bool:
        return self.own_expected > 0 or self.own_statistics or any(c.has_figures for c in self.children)

    @property
    def pending_children(self) -> list["UnitYear"]:
        """Units right under this one with figures and not yet approved: they block its submission."""
        return [c for c in self.children if c.has_figures and c.state != ApprovalState.APPROVED]

    @property
    def due_on(self) -> datetime.date:
        return submission_deadline(self.unit, self.year)

    @property
    def report_due_on(self) -> datetime.date:
        return report_deadline(self.year)

    @property
    def classification_due_on(self) -> datetime.date:
        return classification_deadline(self.year)

    @property
    def classification_late(self) -> bool:
        return bool(self.today and self.today > self.classification_due_on and self.htx_classified < self.htx_due)

    @property
    def reports_late(self) -> bool:
        return bool(self.today and self.today > self.report_due_on and self.missing > 0)

    @property
    def overdue(self) -> bool:
        """Not sent up yet, and past its date or with reports or classification late. Once
        submitted the unit has done its part: the review is the level above's."""
        if not self.has_figures or self.today is None or self.state not in OPEN_STATES:
            return False
        return self.today > self.due_on or self.reports_late or self.classification_late

    @property
    def days_left(self) -> int | None:
        return (self.due_on - self.today).days if self.today else None

    @property
    def due_soon(self) -> bool:
        days = settings.COOPREG["REMINDER_DAYS"]
        return (self.has_figures and self.state in OPEN_STATES and self.today is not None
                and 0 <= (self.due_on - self.today).days <= days)

    def walk(self) -> Iterable["UnitYear"]:
        yield self
        for child in self.children:
            yield from child.walk()


LEVEL_ORDER: dict[str, int] = {UnitLevel.PROVINCE: 0, UnitLevel.DISTRICT: 1, UnitLevel.COMMUNE: 2}


def completeness(scope: AdministrativeUnit | None, year: int, *,
                 today: datetime.date | None = None) -> list[UnitYear]:
    """The year of `scope` and of every unit under it (existing at the end of the year), as
    trees of UnitYear (roots first). None: the whole country. A fixed number of queries:
    the scope's ids, the units, their successions, one aggregate over the collectives and
    their reports, the statistics, the approvals."""
    ids = AdministrativeUnit.objects.within_ids(scope)
    units = AdministrativeUnit.objects.all() if ids is None else AdministrativeUnit.objects.filter(pk__in=ids)
    by_id = {u.pk: u for u in units}
    # Abolished units answer through their whole successor (reporting_unit, for many at once).
    links = UnitSuccession.objects.filter(whole=True)
    if ids is not None:
        links = links.filter(predecessor__in=ids)
    successor = dict(links.values_list("predecessor_id", "successor_id"))

    def reporting_id(pk: int) -> int:
        seen = {pk}
        while pk in by_id and not _valid_at_end(by_id[pk], year) and successor.get(pk) in by_id:
            if successor[pk] in seen:
                break
            pk = successor[pk]
            seen.add(pk)
        return pk

    report = AnnualReport.objects.filter(collective=OuterRef("pk"), year=year)
    full_year = Q(established_on__lte=year_start(year)) & (Q(dissolved_on__isnull=True)
                                                           | Q(dissolved_on__gte=year_end(year)))
    collectives = (
        Collective.objects.collectives().active_at_end_of(year).in_units(ids)
        .annotate(has_report=Exists(report),
                  classified=Exists(report.exclude(classification=Classification.UNRATED)))
        .order_by().values("unit")
        .annotate(expected=Count("pk"), received=Count("pk", filter=Q(has_report=True)),
                  htx_due=Count("pk", filter=Q(kind=CollectiveKind.HTX) & full_year),
                  htx_classified=Count("pk", filter=Q(kind=CollectiveKind.HTX, classified=True) & full_year))
    )
    statistics = UnitStatistic.objects.filter(year=year)
    if ids is not None:
        statistics = statistics.filter(unit__in=ids)
    shown = {pk for pk, u in by_id.items() if _valid_at_end(u, year)}
    if scope is not None:
        shown.add(scope.pk)
    figures: dict[int, dict] = {}
    for row in collectives:
        target = reporting_id(row["unit"])
        shown.add(target)
        into = figures.setdefault(target, {})
        for name in ("expected", "received", "htx_due", "htx_classified"):
            into[name] = into.get(name, 0) + row[name]
    with_statistics = {reporting_id(pk) for pk in statistics.values_list("unit_id", flat=True)}
    shown |= with_statistics
    approvals = {a.unit_id: a for a in YearApproval.objects.filter(year=year, unit__in=shown)
                 .select_related("submitted_by", "approved_by")}
    # Units a record reports through, for the list of missing reports: the unit and the
    # abolished units that answer through it.
    answering: dict[int, set[int]] = {}
    for pk in by_id:
        answering.setdefault(reporting_id(pk), set()).add(pk)
    rows: dict[int, UnitYear] = {}
    for pk in shown:
        unit = by_id.get(pk) or scope
        if unit is None:  # every shown id is a unit in scope, or the scope itself
            raise LookupError(f"unit {pk} is not in the scope")
        got = figures.get(pk, {})
        rows[pk] = UnitYear(
            unit=unit, year=year, today=today,
            approval=approvals.get(pk) or YearApproval(unit=unit, year=year, state=ApprovalState.DRAFT, version=0),
            record_unit_ids=answering.get(pk, {pk}),
            own_expected=got.get("expected", 0), own_received=got.get("received", 0),
            own_htx_due=got.get("htx_due", 0), own_htx_classified=got.get("htx_classified", 0),
            own_statistics=pk in with_statistics,
        )
    roots: list[UnitYear] = []
    for row in rows.values():
        parent = rows.get(row.unit.parent_id) if row.unit.parent_id is not None else None
        (parent.children if parent is not None and row.unit.pk != (scope.pk if scope else None) else roots).append(row)

    def order(r: UnitYear):
        return LEVEL_ORDER.get(r.unit.level, 3), sort_key(r.unit.name)

    def place(row: UnitYear, depth: int) -> None:
        row.depth = depth
        row.children.sort(key=order)
        for child in row.children:
            place(child, depth + 1)

    roots.sort(key=order)
    for root in roots:
        place(root, 0)
    return roots


def unit_year(unit: AdministrativeUnit, year: int, *, today: datetime.date | None = None) -> UnitYear:
    """The year of one unit, with the units under it."""
    return next(r for r in completeness(unit, year, today=today) if r.unit.pk == unit.pk)


def overdue_first(roots: list[UnitYear]) -> list[UnitYear]:
    """Every unit of the trees, overdue ones first, then due soon, then the rest in tree order."""
    flat = [row for root in roots for row in root.walk()]
    return sorted(flat, key=lambda r: (not r.overdue, not r.due_soon))


def missing_reports(row: UnitYear) -> QuerySet[Collective]:
    """The collectives `row`'s unit answers for itself that have no report of the year."""
    report = AnnualReport.objects.filter(collective=OuterRef("pk"), year=row.year)
    return (Collective.objects.collectives().active_at_end_of(row.year).filter(unit__in=row.record_unit_ids)
            .filter(~Exists(report)).select_related("unit").order_by(collated("name"), "pk"))


def blockers(row: UnitYear) -> list[str]:
    """Why `row`'s year cannot be sent up yet (empty: it can)."""
    found = []
    missing = list(missing_reports(row)[:6])
    if missing:
        names = ", ".join(c.name for c in missing[:5]) + ("…" if len(missing) > 5 else "")
        found.append(_("Còn %(n)s tổ chức chưa có báo cáo năm %(year)s: %(names)s.")
                     % {"n": row.own_expected - row.own_received, "year": row.year, "names": names})
    pending = row.pending_children
    if pending:
        found.append(_("Các đơn vị cấp dưới chưa được duyệt: %(units)s.") % {
            "units": ", ".join(f"{c.unit} ({c.approval.get_state_display().lower()})" for c in pending)})
    return found


# --- Who may act ---------------------------------------------------------------------------


def ensure_may_submit(actor: User, unit: AdministrativeUnit) -> None:
    ensure_can_write(actor, unit)


def ensure_may_review(actor: User, unit: AdministrativeUnit) -> None:
    """The reviewing level: whoever may write the records of the unit above (an admin: of the
    unit itself, at any level of their scope)."""
    if not getattr(actor, "can_write", False):
        raise PermissionDenied(_("Tài khoản của bạn chỉ có quyền xem."))
    if actor.is_admin:
        ensure_can_write(actor, unit)
        return
    if not unit_in_scope(actor, unit.parent):
        above = unit.parent.name if unit.parent is not None else _("cấp trung ương")
        raise PermissionDenied(_("Chỉ cán bộ của %(above)s hoặc quản trị viên được duyệt số liệu của %(unit)s.")
                               % {"above": above, "unit": unit})


# --- The transitions -------------------------------------------------------------------------

STATE_REFUSALS: dict[str, Promise] = {
    ApprovalAction.SUBMIT: gettext_lazy("chỉ gửi duyệt được khi đang nhập hoặc bị trả lại"),
    ApprovalAction.APPROVE: gettext_lazy("chỉ duyệt được khi đã gửi duyệt"),
    ApprovalAction.RETURN: gettext_lazy("chỉ trả lại được khi đã gửi duyệt"),
    ApprovalAction.UNAPPROVE: gettext_lazy("chỉ bỏ duyệt được khi đã duyệt"),
}


def _refuse_state(approval: YearApproval, action: str) -> ValidationError:
    return ValidationError(
        _("Năm %(year)s của %(unit)s đang ở trạng thái “%(state)s”: %(rule)s.")
        % {"year": approval.year, "unit": approval.unit, "state": approval.get_state_display(),
           "rule": STATE_REFUSALS[action]},
        code="state",
    )


def _transition(unit: AdministrativeUnit, year: int, *, actor: User, expected_version: int | None, action: str,
                allowed_from: tuple[str, ...], to_state: str, comment: str, check) -> YearApproval:
    with transaction.atomic():
        # Locks the approval row only (the joined people may be null: outer joins).
        approval = (YearApproval.objects.select_for_update(of=("self",)).filter(unit=unit, year=year)
                    .select_related("unit", "submitted_by", "approved_by").first())
        if approval is None:
            approval = YearApproval(unit=unit, year=year, state=ApprovalState.DRAFT, version=0)
        if expected_version is not None and approval.version != int(expected_version):
            raise VersionConflict(approval)
        if approval.state not in allowed_from:
            raise _refuse_state(approval, action)
        check(approval)
        now = timezone.now()
        from_state = approval.state
        approval.state = to_state
        if action == ApprovalAction.SUBMIT:
            approval.submitted_by, approval.submitted_at = actor, now
        if action == ApprovalAction.APPROVE:
            approval.approved_by, approval.approved_at = actor, now
        if action == ApprovalAction.UNAPPROVE:
            approval.approved_by, approval.approved_at = None, None
        if approval.pk is None:
            approval.version = 1
            try:
                with transaction.atomic():
                    approval.save()
            except IntegrityError:
                # Someone submitted the same unit-year at the same moment: theirs stands.
                raise VersionConflict(YearApproval.objects.get(unit=unit, year=year)) from None
        else:
            approval.save()
        ApprovalEvent.objects.create(approval=approval, action=action, from_state=from_state, to_state=to_state,
                                     actor=actor, at=now, comment=comment)
    return approval


def _required(text: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"comment": _("Hãy ghi %(what)s.") % {"what": what}})
    return text


def _ensure_complete(unit: AdministrativeUnit, year: int) -> None:
    found = blockers(unit_year(unit, year))
    if found:
        raise ValidationError(found, code="incomplete")


def submit(unit: AdministrativeUnit, year: int, *, actor: User, expected_version: int | None,
           comment: str = "") -> YearApproval:
    """Send the unit's year up for review, once its reports are complete and the units under it approved."""
    ensure_may_submit(actor, unit)
    return _transition(unit, year, actor=actor, expected_version=expected_version, action=ApprovalAction.SUBMIT,
                       allowed_from=OPEN_STATES, to_state=ApprovalState.SUBMITTED, comment=(comment or "").strip(),
                       check=lambda approval: _ensure_complete(unit, year))


def approve(unit: AdministrativeUnit, year: int, *, actor: User, expected_version: int | None,
            comment: str = "") -> YearApproval:
    """Approve a submitted year (the reviewing level, not the submitter): its figures are locked."""
    ensure_may_review(actor, unit)

    def check(approval: YearApproval) -> None:
        if approval.submitted_by_id == actor.pk:
            raise PermissionDenied(_("Bạn đã gửi duyệt năm này nên không tự duyệt được; người khác ở cấp duyệt "
                                     "phải duyệt."))
        _ensure_complete(unit, year)

    return _transition(unit, year, actor=actor, expected_version=expected_version, action=ApprovalAction.APPROVE,
                       allowed_from=(ApprovalState.SUBMITTED,), to_state=ApprovalState.APPROVED,
                       comment=(comment or "").strip(), check=check)


def return_year(unit: AdministrativeUnit, year: int, *, actor: User, expected_version: int | None,
                comment: str) -> YearApproval:
    """Send a submitted year back to the unit with what to correct (a comment is required)."""
    ensure_may_review(actor, unit)
    comment = _required(comment, _("lý do trả lại"))
    return _transition(unit, year, actor=actor, expected_version=expected_version, action=ApprovalAction.RETURN,
                       allowed_from=(ApprovalState.SUBMITTED,), to_state=ApprovalState.RETURNED, comment=comment,
                       check=lambda approval: None)


def unapprove(unit: AdministrativeUnit, year: int, *, actor: User, expected_version: int | None,
              comment: str) -> YearApproval:
    """Reopen an approved year (the reviewing level, with a reason): it goes back to the unit
    as returned, its figures editable again. Refused while the unit above has sent its own
    year up: that one must be reopened first."""
    ensure_may_review(actor, unit)
    comment = _required(comment, _("lý do bỏ duyệt"))

    def check(approval: YearApproval) -> None:
        if unit.parent_id is None:
            return
        above = YearApproval.objects.filter(unit_id=unit.parent_id, year=year, state__in=SENT_STATES).first()
        if above is not None:
            raise ValidationError(
                _("Năm %(year)s của %(above)s đang ở trạng thái “%(state)s”: phải trả lại hoặc bỏ duyệt cấp "
                  "trên trước.") % {"year": year, "above": unit.parent, "state": above.get_state_display()},
                code="above")

    return _transition(unit, year, actor=actor, expected_version=expected_version, action=ApprovalAction.UNAPPROVE,
                       allowed_from=(ApprovalState.APPROVED,), to_state=ApprovalState.RETURNED, comment=comment,
                       check=check)


TRANSITIONS = {
    ApprovalAction.SUBMIT: submit,
    ApprovalAction.APPROVE: approve,
    ApprovalAction.RETURN: return_year,
    ApprovalAction.UNAPPROVE: unapprove,
}


def allowed_actions(user: User, row: UnitYear) -> list[ApprovalAction]:
    """The transitions `user` may try on `row` now (what a page offers): the same checks as the
    services, without the completeness (the page lists what is missing instead)."""
    state, actions = row.state, []
    if state in OPEN_STATES:
        try:
            ensure_may_submit(user, row.unit)
            actions.append(ApprovalAction.SUBMIT)
        except PermissionDenied:
            pass
    if state in (ApprovalState.SUBMITTED, ApprovalState.APPROVED):
        try:
            ensure_may_review(user, row.unit)
        except PermissionDenied:
            return actions
        if state == ApprovalState.SUBMITTED:
            if row.approval.submitted_by_id != user.pk:
                actions.append(ApprovalAction.APPROVE)
            actions.append(ApprovalAction.RETURN)
        else:
            actions.append(ApprovalAction.UNAPPROVE)
    return actions


def events_of(unit: AdministrativeUnit, year: int) -> QuerySet[ApprovalEvent]:
    """Every step of the unit-year, oldest first."""
    return (ApprovalEvent.objects.filter(approval__unit=unit, approval__year=year)
            .select_related("actor").order_by("at", "pk"))
