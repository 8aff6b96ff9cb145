"""Figures: a name a group does not compute raises; a figure with no records reads 0."""

import pytest

from reports.figures import Figures


def test_an_unknown_figure_raises_instead_of_reading_as_zero(units):
    figures = Figures(unit=units["198"], ids={units["06841"].pk}, years=[2022], report_years=[2021])
    assert figures.get("collectives", "htx_active", 2022) == 0  # no records: a real zero
    assert figures.get("ocop", "ocop_3_star", 2022) == 0
    assert figures.get("managers", "managers_college", 2022) == 0
    assert figures.get("reports", "htx_profit", 2021) == 0
    for group, name in (("collectives", "htx_actve"), ("ocop", "ocop_6_star"), ("managers", "manager"),
                        ("reports", "htx_profits"), ("statistic", "own_product")):
        with pytest.raises(KeyError):
            figures.get(group, name, 2022)
    with pytest.raises(ValueError):
        figures.get("collectives", "htx_active", 2023)  # a year not asked for
