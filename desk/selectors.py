"""What waits for an officer on their home page, each read through the selector that owns
its rule: missing annual reports (reports.completeness, reports.selectors: the dashboard's
"missing"), OCOP ratings lapsing soon (OcopRating.objects.lapsing, through the OCOP lapsing
page's selector) and their own imports waiting for confirmation (imports.selectors).

Five queries whatever the size of the scope: the counts in the database, a few rows each.
"""

import datetime
from dataclasses import dataclass

from accounts.models import User
from accounts.scope import scope_unit_ids
from cooperatives.models import Collective
from imports.models import PendingImport
from imports.selectors import waiting_imports
from ocop.models import OcopRating, lapsing_days
from ocop.selectors import lapsing_ratings
from reports.completeness import Coverage, report_counts
from reports.selectors import annual_report_deadline, collectives_without_report

SAMPLE = 5  # rows of each list shown on the home page; the rest is one link away


def collection_year(day: datetime.date) -> int:
    """The year whose annual reports are being collected: last year (they are due by
    15 January of this one and filled in the yearly sheet in January), as the sheet opens."""
    return day.year - 1


@dataclass(frozen=True)
class Desk:
    year: int
    reports: Coverage
    report_deadline: datetime.date
    missing: list[Collective]
    lapsing_days: int
    lapsing_count: int
    lapsing: list[OcopRating]
    imports: list[PendingImport]


def officer_desk(user: User, day: datetime.date) -> Desk:
    """The work in `user`'s scope on `day`. Queries: report counts (1), the first reports
    missing (1), the lapsing count and first rows (2), the waiting imports (1)."""
    year = collection_year(day)
    unit_ids = scope_unit_ids(user)
    expected, missing = report_counts(unit_ids, [year])[year]
    lapsing = lapsing_ratings(user).order_by("valid_until", "product__name", "pk")
    return Desk(
        year=year,
        reports=Coverage(year=year, year_over=day > datetime.date(year, 12, 31), reports_expected=expected,
                         reports_missing=missing),
        report_deadline=annual_report_deadline(year),
        missing=list(collectives_without_report(unit_ids, year)[:SAMPLE]),
        lapsing_days=lapsing_days(),
        lapsing_count=lapsing.count(),
        lapsing=list(lapsing[:SAMPLE]),
        imports=list(waiting_imports(user)[:SAMPLE]),
    )
