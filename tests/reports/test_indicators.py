"""Each indicator of indicators.md against the hand-built world of conftest.py.

Y = 2022, B = 2021, scope = Bình Liêu district unless said. HM = Hoành Mô, LH = Lục Hồn,
TY = Tiên Yên (outside the district). The expected values are worked out by hand in the
comments from the records listed in tests/reports/conftest.py.
"""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from reports.engine import INDICATORS, compute_indicator
from reports.models import INDICATOR_CODES
from tests.factories import AnnualReportFactory, CollectiveFactory, UnitStatisticFactory


def value(code, unit, year=2022, baseline_year=2021):
    return compute_indicator(code, unit=unit, year=year, baseline_year=baseline_year)


def close(a, b, places=20):
    return abs(Decimal(a) - Decimal(b)) < Decimal(10) ** -places


def codes_of_indicators_md() -> list[str]:
    """The codes in the first column of the table "The indicators" of docs/indicators.md."""
    text = (Path(settings.BASE_DIR) / "docs" / "indicators.md").read_text(encoding="utf-8")
    table = text.split("## The indicators", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|")[1] for line in table.splitlines() if line.startswith("| `")]
    return [code for cell in rows for code in re.findall(r"`([a-z0-9_]+)`", cell)]


def test_registry_has_every_code_of_indicators_md_in_order():
    assert list(INDICATORS) == codes_of_indicators_md() == INDICATOR_CODES
    assert len(INDICATORS) == 23
    for code, spec in INDICATORS.items():
        assert spec.code == code and spec.name_vi and spec.name_en and spec.description and spec.seed_sentence
    tracked = {c for c, s in INDICATORS.items() if s.tracked}
    assert tracked == {"htx_dissolved", "htx_active", "tht_active", "htx_high_tech", "ocop_participating",
                       "ocop_rated", "ocop_3_star", "ocop_4_star", "ocop_5_star"}


def test_each_indicator_function_quotes_its_seed_sentence():
    from reports.registry import FUNCTIONS

    for code, function in FUNCTIONS.items():
        assert function.__name__ == code
        doc = " ".join(function.__doc__.split())  # docstrings wrap long sentences
        assert INDICATORS[code].seed_sentence in doc or INDICATORS[code].seed_sentence == "—"


# --- counts of collectives ----------------------------------------------------------------


def test_htx_new_counts_one_established_on_31_december_not_after_the_year(world):
    # B established 31/12/2022 → counted; D established 01/01/2023 → not; H (Tiên Yên) outside.
    # A, C, I, J established years before. → 1
    result = value("htx_new", world.district)
    assert result.value == 1 and result.numerator == 1 and result.denominator is None
    assert list(result.records["numerator"]) == [world.b]
    # D is new in 2023.
    assert value("htx_new", world.district, 2023, 2022).value == 1


def test_tht_new(world):
    # THT E established 01/05/2022 (LH); THT F in 2010. → 1
    assert value("tht_new", world.district).value == 1


def test_htx_dissolved_counts_mid_year_and_31_december(world):
    # C dissolved 15/06/2022, J dissolved 31/12/2022; F dissolved 31/12 too but is a THT. → 2
    result = value("htx_dissolved", world.district)
    assert result.value == 2
    assert set(result.records["numerator"]) == {world.c, world.j}


def test_htx_active_at_end_of_year(world):
    # A (2018) yes; B (est. 31/12/2022) yes; C dissolved mid-year no; D est. 2023 no;
    # I yes; J dissolved 31/12/2022 — "dissolved_on > end of Y" fails — no; H outside. → 3
    result = value("htx_active", world.district)
    assert result.value == 3
    assert set(result.records["numerator"]) == {world.a, world.b, world.i}


def test_tht_active_excludes_one_dissolved_on_31_december(world):
    # E (est. 2022) yes; F dissolved 31/12/2022 no. → 1
    assert value("tht_active", world.district).value == 1


# --- annual-report indicators -------------------------------------------------------------


def test_htx_income_growth(world):
    # Σ profit of HTX reports 2022 in the district: A 150 + B 0 + C 10 + I (−30) + J 70 = 200
    # (H is in Tiên Yên; THT E and F are not HTX). 2021: A 100 + C 50 + I 50 + J 50 = 250.
    # growth = 200 / 250 − 1 = −0.2
    result = value("htx_income_growth", world.district)
    assert result.value == Decimal("-0.2")
    assert (result.numerator, result.denominator, result.baseline_year) == (200, 250, 2021)
    assert result.records["numerator"].count() == 5 and result.records["denominator"].count() == 4


def test_htx_effective_share_leaves_unrated_and_not_active_htx_out(world):
    # Reports 2022 of HTX active at end of 2022: A fair, B unrated, I average.
    # C is unrated and dissolved; J is "good" but dissolved on 31/12/2022 (not active at end).
    # Denominator: A, I = 2 (B unrated left out). Numerator (good/fair): A = 1. → 1/2 = 0.5
    result = value("htx_effective_share", world.district)
    assert (result.value, result.numerator, result.denominator) == (Decimal("0.5"), 1, 2)
    assert {r.collective for r in result.records["denominator"]} == {world.a, world.i}
    assert [r.collective for r in result.records["numerator"]] == [world.a]


def test_htx_average_share(world):
    # Same denominator {A, I}; average: I → 1/2
    result = value("htx_average_share", world.district)
    assert (result.value, result.numerator, result.denominator) == (Decimal("0.5"), 1, 2)


def test_htx_value_chain_effective(world):
    # 2022 HTX reports good/fair with value_chain: A (fair, value chain) → 1; J good without it;
    # H (fair, value chain) is outside the district.
    assert value("htx_value_chain_effective", world.district).value == 1


def test_htx_high_tech(world):
    # A marks high_tech; H too but outside. → 1
    assert value("htx_high_tech", world.district).value == 1


def test_members_workers_growth_counts_htx_and_tht(world):
    # 2022, members + workers of every HTX/THT report in the district:
    # A 18 + B 7 + C 8 + I 30 + J 10 + E 5 + F 4 = 82. 2021: A 15 + C 10 + I 28 + J 10 + F 4 = 67.
    # growth = 82/67 − 1 = 15/67 ≈ 0.2239
    result = value("members_workers_growth", world.district)
    assert (result.numerator, result.denominator) == (82, 67)
    assert close(result.value, Decimal(15) / Decimal(67))


def test_avg_income_growth_is_head_count_weighted_over_reports_stating_an_income(world):
    # 2022 reports with an income (B and F state none):
    #   A 5M×18 = 90M, C 3M×8 = 24M, I 4M×30 = 120M, J 6M×10 = 60M, E 2M×5 = 10M
    #   Σ = 304M over 71 heads → 304M/71 ≈ 4,281,690.14
    # 2021: A 4M×15 = 60M, I 3M×28 = 84M, J 5M×10 = 50M, F 2M×4 = 8M (C none)
    #   Σ = 202M over 57 heads → 202M/57 ≈ 3,543,859.65
    # growth = (304/71)/(202/57) − 1 = 17328/14342 − 1 = 1493/7171 ≈ 0.2082
    result = value("avg_income_growth", world.district)
    assert close(result.numerator, Decimal(304_000_000) / 71, 15)
    assert close(result.denominator, Decimal(202_000_000) / 57, 15)
    assert close(result.value, Decimal(1493) / Decimal(7171))
    assert result.records["numerator"].count() == 5


def test_htx_revenue_growth(world):
    # 2022: A 1200 + B 0 + C 100 + I 2000 + J 700 = 4000; 2021: 1000 + 500 + 1500 + 600 = 3600
    # growth = 4000/3600 − 1 = 1/9
    result = value("htx_revenue_growth", world.district)
    assert (result.numerator, result.denominator) == (4000, 3600)
    assert close(result.value, Decimal(1) / Decimal(9))


def test_growth_with_a_zero_baseline_is_no_data(units):
    htx = CollectiveFactory(unit=units["06847"], established_on="2020-01-01")
    AnnualReportFactory(collective=htx, year=2021, revenue=0, profit=0)
    AnnualReportFactory(collective=htx, year=2022, revenue=1000, profit=10)
    # Đồng Văn: Σ revenue 2021 = 0 → 1000/0 has no value.
    result = value("htx_revenue_growth", units["06847"])
    assert result.value is None
    assert "bằng 0" in result.no_data_reason and "2021" in result.no_data_reason
    assert (result.numerator, result.denominator) == (1000, 0)


def test_growth_without_reports_for_the_baseline_year_is_no_data(world):
    # No report at all for 2020 in the district.
    result = value("htx_revenue_growth", world.district, 2021, 2020)
    assert result.value is None and "năm gốc 2020" in result.no_data_reason


def test_growth_without_reports_for_the_year_is_no_data(world):
    result = value("members_workers_growth", world.district, 2024, 2022)
    assert result.value is None and "2024" in result.no_data_reason


def test_growth_over_a_loss_is_no_data(units):
    htx = CollectiveFactory(unit=units["06847"], established_on="2020-01-01")
    AnnualReportFactory(collective=htx, year=2021, profit=-100)
    AnnualReportFactory(collective=htx, year=2022, profit=50)
    # 50 / −100 − 1 = −1.5 would read as a fall although the HTX recovered.
    result = value("htx_income_growth", units["06847"])
    assert result.value is None and "âm" in result.no_data_reason


def test_growth_baseline_defaults_to_the_year_before(world):
    result = compute_indicator("htx_revenue_growth", unit=world.district, year=2022)
    assert result.baseline_year == 2021 and (result.numerator, result.denominator) == (4000, 3600)


def test_share_without_any_rated_htx_is_no_data(world):
    # Hoành Mô 2022: A fair (rated, active), B unrated, J good but dissolved 31/12 → denominator {A}.
    assert value("htx_effective_share", world.hm).value == 1
    # Lục Hồn 2022: C unrated and dissolved, I average → denominator {I}, effective 0.
    assert value("htx_effective_share", world.lh).value == 0
    # 2023: no reports at all → no HTX rated → no_data, never 0.
    result = value("htx_effective_share", world.district, 2023, 2022)
    assert result.value is None and result.no_data_reason


def test_value_chain_and_high_tech_without_reports_are_no_data(world):
    assert value("htx_value_chain_effective", world.district, 2023, 2022).value is None
    assert value("htx_high_tech", world.district, 2023, 2022).no_data_reason


# --- people, training, events -------------------------------------------------------------


def test_manager_training_turns(world):
    # Courses held in 2022 whose unit is in the district:
    #   K1 (HM): P1, P2 named + 3 unnamed = 5; K2 (LH): P1 again = 1 (a turn, not a person);
    #   K5 (the district itself): 4 unnamed. K3 is 2021; K4 is in Tiên Yên. → 10
    result = value("manager_training_turns", world.district)
    assert result.value == 10
    assert {c.title for c in result.records["numerator"]} == {"K1", "K2", "K5"}
    # Hoành Mô alone: K1 only → 5
    assert value("manager_training_turns", world.hm).value == 5


def test_managers_shares_count_distinct_people_on_31_december(world):
    # Roles held on 31/12/2022 in an HTX of the district active that day:
    #   P1 university — director of A AND chair of I → counted once
    #   P2 college — chair of A
    #   P3 postgraduate — director of I until 30/06/2022 (ended during the year) → out
    #   P4 intermediate — controller of J, dissolved 31/12/2022 (not active at end) → out
    #   P5 none — accountant of I until 31/12/2022 (still held that day) → in
    #   P6 university — leader of THT E (not an HTX) → out
    #   P7 university — director of B from 31/12/2022 → in
    #   P8 (Tiên Yên), P9 (starts 2023) → out
    # Denominator {P1, P2, P5, P7} = 4; university+ {P1, P7} = 2 → 0.5; college/intermediate {P2} → 0.25
    university = value("htx_managers_university_share", world.district)
    assert (university.value, university.numerator, university.denominator) == (Decimal("0.5"), 2, 4)
    assert set(university.records["denominator"]) == {world.p1, world.p2, world.p5, world.p7}
    assert set(university.records["numerator"]) == {world.p1, world.p7}
    college = value("htx_managers_college_share", world.district)
    assert (college.value, college.numerator, college.denominator) == (Decimal("0.25"), 1, 4)
    assert list(college.records["numerator"]) == [world.p2]


def test_trade_events_distinct_with_a_participant_in_scope(world):
    # 2022: T1 (A and E take part: counted once), T2 (only H, outside) no, T3 (nobody) no,
    # T5 (I and H) yes; T4 is 2021. → 2
    result = value("trade_events", world.district)
    assert result.value == 2
    assert {e.name for e in result.records["numerator"]} == {"T1", "T5"}
    # Hoành Mô: T1 (A); Lục Hồn: T1 (E) and T5 (I).
    assert value("trade_events", world.hm).value == 1
    assert value("trade_events", world.lh).value == 2


# --- OCOP ---------------------------------------------------------------------------------


def test_ocop_counts_at_end_of_year(world):
    # Products of the district on 31/12/2022:
    #   O1 (A) 3★ decided 31/12/2019, valid until 31/12/2022 (36 months) → in force on 31/12: 3★
    #   O2 (I) 3★ valid until 30/12/2022 — lapses the day before year end → participating, unrated
    #   O3 (household in HM, no collective) 3★ 2021 then 4★ 2022, both in force → latest: 4★
    #   O4 (A) withdrawn 01/10/2022 → neither participating nor rated
    #   O5 (I) registered and rated 5★ on 31/12/2022 → 5★
    #   O6 (A) 2★ → participating, not rated
    #   O7 (H, Tiên Yên) outside; O8 registered 2023; O9 (A) 4★ but the decision was revoked → unrated
    # participating {O1, O2, O3, O5, O6, O9} = 6; rated {O1, O3, O5} = 3; 3★ 1, 4★ 1, 5★ 1
    assert value("ocop_participating", world.district).value == 6
    rated = value("ocop_rated", world.district)
    assert rated.value == 3
    assert {p.name: p.stars_on for p in rated.records["numerator"]} == {"O1": 3, "O3": 4, "O5": 5}
    assert value("ocop_3_star", world.district).value == 1
    assert value("ocop_4_star", world.district).value == 1
    assert value("ocop_5_star", world.district).value == 1
    # On 31/12/2021 O1 (3★), O2 (3★) and O3 (3★, the 4★ came in 2022) and O4 (3★) are rated;
    # O9's 4★ is revoked. → 4 rated, all 3★; O5, O6 not yet registered → participating 5.
    assert value("ocop_rated", world.district, 2021, 2020).value == 4
    assert value("ocop_3_star", world.district, 2021, 2020).value == 4
    assert value("ocop_participating", world.district, 2021, 2020).value == 5


def test_ocop_products_belong_through_their_commune(world):
    # Hoành Mô: O1, O4 (withdrawn), O6, O9 (producer A) and O3 (household there).
    # participating {O1, O3, O6, O9} = 4, rated {O1, O3} = 2. Lục Hồn: O2, O5 → 2 participating, 1 rated.
    assert value("ocop_participating", world.hm).value == 4
    assert value("ocop_rated", world.hm).value == 2
    assert value("ocop_participating", world.lh).value == 2
    assert value("ocop_rated", world.lh).value == 1


# --- unit statistics ----------------------------------------------------------------------


def test_collective_gdp_share_uses_the_scope_units_own_statistic(world):
    # District 2022: 1,000,000,000 / 100,000,000,000 = 0.01 (its own figure, not the communes').
    result = value("collective_gdp_share", world.district)
    assert (result.value, result.numerator, result.denominator) == (Decimal("0.01"), 1_000_000_000, 100_000_000_000)
    # Hoành Mô 2022: 200,000,000 / 10,000,000,000 = 0.02
    assert value("collective_gdp_share", world.hm).value == Decimal("0.02")


def test_collective_gdp_share_falls_back_to_the_sum_of_the_communes(world):
    # 2023: no district figure; HM 100/1000 and LH 300/1000 → (100 + 300) / (1000 + 1000) = 0.2
    result = value("collective_gdp_share", world.district, 2023, 2022)
    assert (result.value, result.numerator, result.denominator) == (Decimal("0.2"), 400, 2000)
    assert result.records["numerator"].count() == 2


def test_collective_gdp_share_without_statistics_is_no_data(world):
    result = value("collective_gdp_share", world.district, 2021, 2020)
    assert result.value is None and "thống kê" in result.no_data_reason


def test_collective_gdp_share_with_zero_revenue_is_no_data(units):
    UnitStatisticFactory(unit=units["06847"], year=2022, collective_sector_product=5, domestic_budget_revenue=0)
    result = value("collective_gdp_share", units["06847"])
    assert result.value is None and result.no_data_reason


# --- scope -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "district", "hm", "lh"),
    [
        ("htx_new", 1, 1, 0),  # B in HM
        ("htx_dissolved", 2, 1, 1),  # J in HM, C in LH
        ("htx_active", 3, 2, 1),  # A, B in HM; I in LH
        ("tht_active", 1, 0, 1),  # E in LH; F (HM) dissolved 31/12
        ("ocop_participating", 6, 4, 2),
    ],
)
def test_commune_scope_against_district_scope(world, code, district, hm, lh):
    assert value(code, world.district).value == district
    assert value(code, world.hm).value == hm
    assert value(code, world.lh).value == lh


def test_whole_country_counts_what_is_outside_the_district_too(world):
    # unit None: H in Tiên Yên counts as well → htx_new 2022 = B + H = 2
    assert compute_indicator("htx_new", unit=None, year=2022).value == 2


def test_counts_equal_the_count_of_their_records(world):
    """The aggregate queries and the records querysets are written apart: keep them in step."""
    for unit in (world.district, world.hm, world.lh, None):
        for code, spec in INDICATORS.items():
            if code in ("manager_training_turns", "collective_gdp_share"):
                continue  # a sum of attendances / of statistics, not a count of records
            result = value(code, unit)
            if spec.kind == "count" and result.value is not None:
                assert result.records["numerator"].count() == result.value, (code, unit)
            if spec.kind == "share":
                assert result.records["numerator"].count() == result.numerator, (code, unit)
                assert result.records["denominator"].count() == result.denominator, (code, unit)


def test_trade_event_needs_one_participant_that_is_both_a_collective_and_in_scope(units):
    import datetime as dt

    from tests.factories import TradeEventFactory

    union_here = CollectiveFactory(kind="union", unit=units["06847"], established_on="2015-01-01")
    htx_elsewhere = CollectiveFactory(kind="htx", unit=units["N-TIENYEN"], established_on="2015-01-01")
    TradeEventFactory(held_on=dt.date(2022, 4, 1)).participants.set([union_here, htx_elsewhere])
    # A union is not an HTX/THT (domain.md decision 1) and the HTX is outside Đồng Văn: 0.
    result = value("trade_events", units["06847"])
    assert result.value == 0 and result.records["numerator"].count() == 0
    # The whole country counts it through the HTX of Tiên Yên.
    assert compute_indicator("trade_events", unit=None, year=2022).value == 1


def test_ocop_latest_rating_wins_with_ties_broken_by_the_later_record(units):
    import datetime as dt

    from tests.factories import OcopProductFactory, OcopRatingFactory

    producer = CollectiveFactory(unit=units["06847"], established_on="2015-01-01")
    # Same decision date: the rating recorded last (higher id) is the latest → 3★, not 4★.
    tie = OcopProductFactory(producer=producer, registered_on=dt.date(2020, 1, 1))
    OcopRatingFactory(product=tie, stars=4, decided_on=dt.date(2022, 3, 1))
    OcopRatingFactory(product=tie, stars=3, decided_on=dt.date(2022, 3, 1))
    # A later 2★ decision supersedes an earlier 5★ still in force → not rated.
    downgraded = OcopProductFactory(producer=producer, registered_on=dt.date(2020, 1, 1))
    OcopRatingFactory(product=downgraded, stars=5, decided_on=dt.date(2021, 1, 1))
    OcopRatingFactory(product=downgraded, stars=2, decided_on=dt.date(2022, 1, 1))
    commune = units["06847"]
    assert value("ocop_3_star", commune).value == 1
    assert value("ocop_4_star", commune).value == 0
    assert value("ocop_5_star", commune).value == 0
    assert value("ocop_rated", commune).value == 1
    rated = value("ocop_rated", commune).records["numerator"]
    assert [(p.pk, p.stars_on) for p in rated] == [(tie.pk, 3)]
