"""What keeps the country's pages in seconds, not tens of seconds (issue 11): the
previous year's report joined once for the figure-jump check, and by-commune values that
spell out only the units not their own column."""

import datetime
import re

from cooperatives.models import AnnualReport, Collective, active_q
from ocop.models import OcopProduct, OcopRating
from reports.figures import _Source
from reports.selectors import figure_jumps, jumped_fields
from tests.factories import AnnualReportFactory, CollectiveFactory, OcopProductFactory, OcopRatingFactory


def test_figure_jumps_reads_the_previous_report_through_one_join(units):
    typo = CollectiveFactory(unit=units["06841"])
    AnnualReportFactory(collective=typo, year=2022, revenue=1_000_000_000)
    AnnualReportFactory(collective=typo, year=2023, revenue=12_000_000_000)  # an extra zero
    steady = CollectiveFactory(unit=units["06841"])
    AnnualReportFactory(collective=steady, year=2022)
    AnnualReportFactory(collective=steady, year=2023)
    AnnualReportFactory(collective=CollectiveFactory(unit=units["06856"]), year=2023)  # no 2022 report
    # A tenfold revenue elsewhere in 2022 is another collective's: it is not compared with.
    AnnualReportFactory(collective=CollectiveFactory(unit=units["06856"]), year=2022, revenue=50_000_000_000)

    rows = list(figure_jumps(None, 2023))
    assert [r.collective for r in rows] == [typo]
    assert [(j["field"], j["previous"], j["current"]) for j in jumped_fields(rows[0])] == [
        ("revenue", 1_000_000_000, 12_000_000_000)]
    assert figure_jumps(None, 2023).count() == 1
    # One statement: no subquery per figure (each carried the model's ordering, a sort per row).
    assert len(re.findall(r"\bSELECT\b", str(figure_jumps(None, 2023).query))) == 1


def test_commune_columns_spell_out_only_the_units_that_are_not_their_own_column(db):
    # Columns 101 and 103 are communes on their own; 102 also takes 105 (merged into it).
    source = _Source(unit=None, ids=None, years=[2023], columns={101: {101}, 102: {102, 105}, 103: {103}})
    sql = str(Collective.objects.annotate(column=source._column_case("unit")).values("column").query)
    listed = {int(n) for group in re.findall(r"IN \(([\d, ]+)\)", sql) for n in group.split(",")}
    assert listed == {105}
    # Nothing moved: the unit is its own column, no CASE branch at all.
    plain = _Source(unit=None, ids=None, years=[2023], columns={101: {101}, 103: {103}})
    assert "WHEN" not in str(Collective.objects.annotate(column=plain._column_case("unit")).values("column").query)


def test_suspended_is_read_once_not_per_row():
    # An uncorrelated IN (the collectives suspended that day): PostgreSQL hashes it once,
    # where a correlated EXISTS inside the engine's FILTERs ran once per report.
    sql = str(AnnualReport.objects.filter(active_q(datetime.date(2023, 12, 31), "collective__")).values("pk").query)
    assert "EXISTS" not in sql
    assert re.search(r'"collective_id" IN \(SELECT U0\."collective_id"', sql)


def test_the_latest_decision_in_force_gives_the_stars(units):
    product = OcopProductFactory()
    day = datetime.date(2023, 12, 31)
    OcopRatingFactory(product=product, stars=3, decided_on=datetime.date(2021, 6, 1))
    first_of_day = OcopRatingFactory(product=product, stars=4, decided_on=datetime.date(2022, 6, 1))
    last_of_day = OcopRatingFactory(product=product, stars=5, decided_on=datetime.date(2022, 6, 1))  # recorded last
    OcopRatingFactory(product=product, stars=2, decided_on=datetime.date(2023, 3, 1), revoked=True)  # not in force
    OcopRatingFactory(product=product, stars=1, decided_on=datetime.date(2024, 3, 1))  # after the day
    assert list(OcopRating.objects.giving_stars_on(day)) == [last_of_day]
    assert OcopProduct.objects.with_stars_on(day).get().stars_on == 5
    last_of_day.delete()
    assert list(OcopRating.objects.giving_stars_on(day)) == [first_of_day]
    assert "EXISTS" in str(OcopRating.objects.giving_stars_on(day).query)  # an anti-join, no LIMIT per row


def test_with_report_of_joins_one_report_per_collective(units):
    reported = CollectiveFactory(unit=units["06841"])
    AnnualReportFactory(collective=reported, year=2022)
    AnnualReportFactory(collective=reported, year=2023)
    silent = CollectiveFactory(unit=units["06841"])
    AnnualReportFactory(collective=silent, year=2022)
    rows = Collective.objects.with_report_of(2023).filter(pk__in=[reported.pk, silent.pk])
    assert rows.count() == 2
    assert list(rows.filter(report_of_year__isnull=True)) == [silent]
