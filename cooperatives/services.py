"""Writes with a domain rule: the life cycle of a collective and yearly figures.

Plain creates and edits go through core.services.scoped_create / scoped_update; these
functions add what a plain edit cannot say. The pages, the API and the importer call them.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.services import scoped_create, scoped_update
from cooperatives.models import AnnualReport, Collective, Suspension
from core.services import update_record


def collective_dissolve(
    collective: Collective,
    *,
    actor,
    dissolved_on: datetime.date,
    decision: str,
    kind: str,
    expected_version: int | None,
) -> Collective:
    """Record a giải thể with its decision; the collective's history stays intact."""
    errors = {}
    if collective.dissolved_on:
        errors["dissolved_on"] = _("Tổ chức đã giải thể ngày %(d)s.") % {"d": f"{collective.dissolved_on:%d/%m/%Y}"}
    if not decision or not decision.strip():
        errors["dissolution_decision"] = _("Hãy nhập số quyết định giải thể.")
    if not kind:
        errors["dissolution_kind"] = _("Hãy chọn hình thức giải thể.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        collective = scoped_update(
            collective, actor=actor, expected_version=expected_version,
            changes={"dissolved_on": dissolved_on, "dissolution_decision": decision.strip(),
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
        report = scoped_create(AnnualReport, actor=actor, data={"collective": collective, "year": year, **values})
        return report, True
    return scoped_update(existing, actor=actor, changes=values, expected_version=expected_version), False
