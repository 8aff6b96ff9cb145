"""Each status rule of indicators.md ("Targets and status") at and just beyond its bounds."""

from decimal import Decimal

import pytest

from reports.engine import TargetSpec, status_for
from tests.factories import TargetFactory

D = Decimal
AT_LEAST = TargetSpec("at_least", D("0.3"), None)
AT_MOST = TargetSpec("at_most", None, D("5"))
BETWEEN = TargetSpec("between", D("0.05"), D("0.07"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("0.3"), "met"),  # at the bound: value ≥ low holds
        (D("0.300000000000000000000000001"), "met"),
        (D("0.299999999999999999999999999"), "not_met"),  # just below
        (D("0.9"), "met"),  # far above: at_least never says "exceeded"
        (0, "not_met"),
        (0.3, "met"),  # a float is read through its shortest repr, not 0.2999999999999999888…
        (None, "no_data"),
    ],
)
def test_at_least(value, expected):
    assert status_for(value, AT_LEAST) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(5, "met"), (D("5.000001"), "not_met"), (D("4.999999"), "met"), (0, "met"), (6, "not_met"), (None, "no_data")],
)
def test_at_most(value, expected):
    assert status_for(value, AT_MOST) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("0.049999"), "not_met"),  # just below low
        (D("0.05"), "met"),  # at low
        (D("0.06"), "met"),
        (D("0.07"), "met"),  # at high
        (D("0.070001"), "exceeded"),  # just above high
        (D("-0.2"), "not_met"),
        (None, "no_data"),
    ],
)
def test_between(value, expected):
    assert status_for(value, BETWEEN) == expected


@pytest.mark.parametrize(("value", "expected"), [(0, "not_met"), (1, "met"), (2, "met"), (3, "exceeded")])
def test_between_on_counts(value, expected):
    # htx_value_chain_effective: "01 - 02 HTX" → between 1 and 2.
    assert status_for(value, TargetSpec("between", D(1), D(2))) == expected


def test_at_least_on_counts_at_and_below_the_bound():
    target = TargetSpec("at_least", D(3), None)  # htx_new: "thành lập mới từ 03 HTX"
    assert [status_for(v, target) for v in (2, 3, 4)] == ["not_met", "met", "met"]


def test_tracked_indicator_has_no_status():
    assert status_for(D("0.5"), None) is None
    assert status_for(None, None) is None


def test_zero_is_a_value_not_no_data():
    assert status_for(0, TargetSpec("at_least", D(1), None)) == "not_met"


def test_target_spec_from_a_stored_target(units):
    target = TargetFactory(indicator="members_workers_growth", comparator="between", low=D("0.05"), high=D("0.07"))
    target.refresh_from_db()
    spec = TargetSpec.from_target(target)
    assert spec == TargetSpec("between", D("0.05"), D("0.07"))
    assert status_for(D("0.07"), spec) == "met"
    assert status_for(D("0.0700001"), spec) == "exceeded"


def test_unknown_comparator_is_an_error():
    with pytest.raises(ValueError, match="unknown comparator 'around'"):
        status_for(1, TargetSpec("around", D(1), None))
