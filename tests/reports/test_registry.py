"""An indicator's metadata lives on its IndicatorSpec: the pages read it from there."""

import datetime as dt

from django.urls import reverse

from reports.engine import INDICATORS
from tests.factories import AnnualReportFactory, CollectiveFactory


def test_each_spec_says_what_its_numerator_and_denominator_are_counted_in():
    money = {code for code, spec in INDICATORS.items() if spec.part_unit == "vnd"}
    # The yearly sums of the money growths, and both parts of collective_gdp_share.
    assert money == {"htx_income_growth", "avg_income_growth", "htx_revenue_growth", "collective_gdp_share"}
    assert {spec.part_unit for spec in INDICATORS.values()} == {"count", "vnd"}


def test_the_indicator_page_shows_the_parts_in_the_specs_unit(client, admin_user, units):
    htx = CollectiveFactory(unit=units["06841"], established_on=dt.date(2018, 1, 1))
    AnnualReportFactory(collective=htx, year=2022, revenue=1_500_000, members=10, regular_workers=2)
    AnnualReportFactory(collective=htx, year=2021, revenue=1_000_000, members=8, regular_workers=2)
    client.force_login(admin_user)

    def page(code):
        return client.get(reverse("reports:indicator", args=[code]), {"year": 2022, "unit": units["198"].pk}).context

    revenue = page("htx_revenue_growth")
    assert (revenue["numerator_text"], revenue["denominator_text"]) == ("1.500.000 đ", "1.000.000 đ")
    heads = page("members_workers_growth")
    assert (heads["numerator_text"], heads["denominator_text"]) == ("12", "10")
