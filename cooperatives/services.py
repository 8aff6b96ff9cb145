"""Writes with a domain rule: the life cycle of a collective, yearly figures, unit statistics.

Plain creates and edits go through accounts.services.scoped_create / scoped_update; these
functions add what a plain edit cannot say. The pages, the API, the importer and the
admin call them.
"""

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.services import scoped_create, scoped_update
from cooperatives.models import AnnualReport, Collective, Suspension
from core.services import update_record
from units.models import UnitStatistic

DISSOLUTION_FIELDS = ("dissolved_on", "dissolution_decision", "dissolution_kind")


def dissolves(collective: Collective, changes: Mapping[str, Any]) -> bool:
    """Whether an edit with `changes` dissolves `collective`: it gives a date of giải thể
    to a collective that has none (collective_update then records it as a dissolution)."""
    return collective.dissolved_on is None and changes.get("dissolved_on") is not None


def collective_update(
    collective: Collective, *, actor, changes: Mapping[str, Any], expected_version: int | None,
    m2m: Mapping | None = None,
) -> Collective:
    """Edit a collective, whichever door the edit comes by (page, API, importer, admin).

    An edit that dissolves it (`dissolves`) is a dissolution: collective_dissolve records it
    with the other changes (decision number and kind required, an open suspension ended).
    On a collective already dissolved the dissolution is corrected like any other field;
    the model keeps it consistent (not before the establishment, not in the future, no
    decision without a date).
    """
    if not dissolves(collective, changes):
        return scoped_update(collective, actor=actor, changes=changes, expected_version=expected_version, m2m=m2m)
    others = {name: value for name, value in changes.items() if name not in DISSOLUTION_FIELDS}
    return collective_dissolve(
        collective, actor=actor, dissolved_on=changes["dissolved_on"],
        decision=changes.get("dissolution_decision") or "", kind=changes.get("dissolution_kind") or "",
        expected_version=expected_version, changes=others, m2m=m2m,
    )


def dissolution_errors(collective: Collective, *, decision: str | None, kind: str | None) -> dict[str, str]:
    """Why `collective` cannot be dissolved with this decision (empty: it can)."""
    errors = {}
    if collective.dissolved_on:
        errors["dissolved_on"] = _("Tổ chức đã giải thể ngày %(d)s.") % {"d": f"{collective.dissolved_on:%d/%m/%Y}"}
    if not decision or not decision.strip():
        errors["dissolution_decision"] = _("Hãy nhập số quyết định giải thể.")
    if not kind:
        errors["dissolution_kind"] = _("Hãy chọn hình thức giải thể.")
    return errors


def collective_dissolve(
    collective: Collective,
    *,
    actor,
    dissolved_on: datetime.date,
    decision: str,
    kind: str,
    expected_version: int | None,
    changes: Mapping[str, Any] | None = None,
    m2m: Mapping | None = None,
) -> Collective:
    """Record a giải thể with its decision (and any other `changes` made with it, in the
    same version); the collective's history stays intact."""
    errors = dissolution_errors(collective, decision=decision, kind=kind)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        collective = scoped_update(
            collective, actor=actor, expected_version=expected_version, m2m=m2m,
            changes={**(changes or {}), "dissolved_on": dissolved_on, "dissolution_decision": decision.strip(),
                     "dissolution_kind": kind},
        )
        # An open suspension ends with the dissolution.
        for suspension in collective.suspensions.filter(ends_on__isnull=True):
            update_record(suspension, changes={"ends_on": max(dissolved_on, suspension.starts_on)},
                          expected_version=None, actor=actor)
    return collective


def collective_suspend(
    collective: Collective, *, actor, starts_on: datetime.date, decision_number: str = "", reason: str = ""
) -> Suspension:
    if collective.dissolved_on:
        raise ValidationError({"starts_on": _("Tổ chức đã giải thể, không thể tạm ngừng.")})
    if collective.suspensions.filter(ends_on__isnull=True).exists():
        raise ValidationError({"starts_on": _("Tổ chức đang tạm ngừng hoạt động.")})
    return scoped_create(
        Suspension, actor=actor,
        data={"collective": collective, "starts_on": starts_on, "decision_number": decision_number,
              "reason": reason},
    )


def open_suspension(collective: Collective) -> Suspension | None:
    return collective.suspensions.filter(ends_on__isnull=True).first()


def collective_resume(
    collective: Collective, *, actor, resumed_on: datetime.date, expected_version: int | None
) -> Suspension:
    """End the open suspension; `expected_version` is the suspension's, as the caller read it."""
    suspension = open_suspension(collective)
    if suspension is None:
        raise ValidationError({"ends_on": _("Tổ chức không ở trạng thái tạm ngừng.")})
    if resumed_on < suspension.starts_on:
        raise ValidationError({"ends_on": _("Ngày hoạt động trở lại không được trước ngày tạm ngừng.")})
    return scoped_update(suspension, actor=actor, changes={"ends_on": resumed_on}, expected_version=expected_version)


REPORT_FIELDS = (
    "members", "regular_workers", "revenue", "profit", "average_monthly_income", "charter_capital_contributed",
    "classification", "classification_score", "value_chain", "high_tech", "source",
)


def annual_report_save(
    *, actor, collective: Collective, year: int, values: dict[str, Any], expected_version: int | None
) -> tuple[AnnualReport, bool]:
    """Create the report of (collective, year) or update it; returns (report, created).

    Used by the yearly entry sheet and the importer: both match a row by collective and
    year. `expected_version` None on an existing report means "overwrite" (the importer
    after its preview); the sheet always sends the version it displayed.
    """
    values = {k: v for k, v in values.items() if k in REPORT_FIELDS}
    existing = AnnualReport.objects.filter(collective=collective, year=year).first()
    if existing is None:
        try:
            report = scoped_create(AnnualReport, actor=actor, data={"collective": collective, "year": year, **values})
            return report, True
        except ValidationError:
            # Another writer may have created it since the look-up above (the INSERT broke
            # the one-per-year constraint): then this is an edit of their report, which
            # the version check turns into a conflict for the sheet (it saw none).
            existing = AnnualReport.objects.filter(collective=collective, year=year).first()
            if existing is None:
                raise
    return scoped_update(existing, actor=actor, changes=values, expected_version=expected_version), False


# --- Unit statistics: who entered the figures (docs/domain.md, decision 8). ---


def statistic_create(*, actor, data: Mapping[str, Any]) -> UnitStatistic:
    """Figures of a unit and year, entered by `actor` (whatever `data` says of `entered_by`)."""
    return scoped_create(UnitStatistic, actor=actor, data={**data, "entered_by": actor})


def statistic_update(
    statistic: UnitStatistic, *, actor, changes: Mapping[str, Any], expected_version: int | None
) -> UnitStatistic:
    """An edit of the figures: `entered_by` becomes `actor`, the last one who entered them."""
    return scoped_update(statistic, actor=actor, changes={**changes, "entered_by": actor},
                         expected_version=expected_version)
