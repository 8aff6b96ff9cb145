"""core.parsing: the one reading of numbers and dates (docs/domain.md, decision 10)."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.parsing import (
    ParseError,
    format_date,
    format_decimal,
    format_integer,
    format_percent,
    parse_date,
    parse_decimal,
    parse_integer,
    parse_percent,
    parse_yes_no,
)
from core.validation import EARLIEST_DATE, LATEST_DATE

SPACES = [" ", "\u00a0", "\u202f", "\u2009"]  # ordinary, no-break, narrow no-break, thin


def grouped(number: int, separator: str) -> str:
    return format_integer(number).replace(".", separator)


@given(st.integers(min_value=-(10**18), max_value=10**18))
def test_a_whole_number_reads_back_as_written(number):
    assert parse_integer(format_integer(number)) == number
    assert parse_integer(str(number)) == number
    assert parse_integer(str(number).replace("-", "\u2212")) == number  # the minus sign of Word and Excel


@given(st.integers(min_value=-(10**18), max_value=10**18), st.sampled_from(SPACES))
def test_a_whole_number_grouped_by_any_space_reads_back(number, space):
    assert parse_integer(grouped(number, space)) == number


@given(st.integers(min_value=1_000_000, max_value=10**18))
def test_a_us_grouped_number_with_two_commas_reads_back(number):
    assert parse_integer(grouped(number, ",")) == number


@given(st.integers(min_value=1000, max_value=999_999))
def test_a_lone_comma_before_three_digits_is_refused_as_ambiguous(number):
    text = grouped(number, ",")  # 12,000: twelve (Vietnamese) or twelve thousand (US)?
    for parse in (parse_integer, parse_decimal):
        with pytest.raises(ParseError) as refused:
            parse(text)
        assert refused.value.code == "ambiguous"
        assert text in refused.value.reason


@given(st.decimals(min_value=-(10**12), max_value=10**12, allow_nan=False, allow_infinity=False, places=6))
def test_a_decimal_reads_back_as_formatted(number):
    assert parse_decimal(format_decimal(number)) == number


@given(st.dates(min_value=EARLIEST_DATE, max_value=LATEST_DATE),
       st.sampled_from(["{d:02d}/{m:02d}/{y}", "{d}/{m}/{y}", "{d}.{m}.{y}", "{d:02d}-{m:02d}-{y}",
                        "{y}-{m:02d}-{d:02d}", "{d:02d}/{m:02d}/{y} 00:00:00"]))
def test_a_date_reads_back_in_every_accepted_form(day, form):
    assert parse_date(form.format(d=day.day, m=day.month, y=day.year)) == day
    assert parse_date(format_date(day)) == day


@given(st.one_of(st.dates(max_value=EARLIEST_DATE - datetime.timedelta(days=1)),
                 st.dates(min_value=LATEST_DATE + datetime.timedelta(days=1))))
def test_a_date_outside_the_bounds_is_refused_in_any_form(day):
    for value in (format_date(day), day, datetime.datetime.combine(day, datetime.time())):  # noqa: DTZ001 (Excel cells are naive)
        with pytest.raises(ParseError) as refused:
            parse_date(value)
        assert refused.value.reason == "ngày phải trong khoảng 01/01/1900–31/12/2100."


@pytest.mark.parametrize(("text", "expected"), [
    ("1.234.567", 1234567), ("1 234 567", 1234567), ("1,234,567", 1234567), ("−15.000", -15000),
    ("- 15.000", -15000), ("1.500.000 đ", 1500000), ("2.500.000 VND", 2500000), ("12,00", 12),
    ("1.234.567,00", 1234567), ("007", 7), (2500000.0, 2500000), (Decimal("12.0"), 12),
])
def test_whole_numbers_as_officers_and_excel_write_them(text, expected):
    assert parse_integer(text) == expected


@pytest.mark.parametrize("text", ["abc", "1.5", "1,5", "12.34.567", "1.2345", "12a", "--1", "1.234,5", "1 234.5",
                                  "1.234 567", "+5", "1e5", "١٢٣", "9" * 41, 2.5, True, ""])
def test_what_is_not_a_whole_number_is_refused(text):
    with pytest.raises(ParseError):
        parse_integer(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("85,5", "85.5"), ("85.5", "85.5"), ("0,05", "0.05"), ("1.234,5", "1234.5"), ("1 234,5", "1234.5"),
    ("1,234.5", "1234.5"), ("0.500", "0.5"), ("0,500", "0.5"), ("−0,25", "-0.25"), ("1.500", "1500"),
    (72.5, "72.5"),
])
def test_decimals_take_the_comma_and_a_dot_that_cannot_group(text, expected):
    assert parse_decimal(text) == Decimal(expected)


@pytest.mark.parametrize("value", ["85,5,5", "NaN", "Infinity", "1 234.5", float("nan"), True])
def test_what_is_not_a_decimal_is_refused(value):
    with pytest.raises(ParseError):
        parse_decimal(value)


@pytest.mark.parametrize("text", ["5/3-2021", "2021/03/05", "05/03/21", "March 5", "2021", "00/00/0000"])
def test_other_date_forms_are_refused_with_the_form_to_use(text):
    with pytest.raises(ParseError) as refused:
        parse_date(text)
    assert refused.value.reason == "ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy (ví dụ 31/12/2023)."


def test_a_day_not_on_the_calendar_is_named():
    with pytest.raises(ParseError) as refused:
        parse_date("29/02/2023")
    assert refused.value.for_field("Ngày thành lập") == "Ngày thành lập: ngày 29/02/2023 không có trên lịch."


def test_a_decimal_with_three_decimals_is_formatted_unambiguously():
    assert format_decimal(Decimal("12.345")) == "12,3450"
    assert format_decimal(Decimal("1234.5")) == "1.234,5"
    assert format_integer(-1234567) == "-1.234.567"


@pytest.mark.parametrize(("text", "fraction"), [
    ("55 %", Decimal("0.55")), ("55%", Decimal("0.55")), ("0,55", Decimal("0.55")), ("55\u00a0%", Decimal("0.55")),
    ("5,5 %", Decimal("0.055")), ("−5 %", Decimal("-0.05")), ("0.05", Decimal("0.05")), (Decimal("0.3"), Decimal("0.3")),
])
def test_a_percentage_is_the_fraction_it_means(text, fraction):
    assert parse_percent(text) == fraction
    assert parse_percent(format_percent(fraction)) == fraction


def test_a_percentage_that_is_no_number_says_what_to_type():
    with pytest.raises(ParseError):
        parse_percent("năm mươi %")
@pytest.mark.parametrize(("text", "expected"), [
    ("Có", True), ("có", True), ("co", True), ("x", True), ("X", True), ("1", True), ("Đúng", True), ("on", True),
    ("Không", False), ("khong", False), ("0", False), ("sai", False), ("", False), ("  ", False),
    (True, True), (False, False),
])
def test_yes_no_as_a_tick_box_is_written(text, expected):
    assert parse_yes_no(text) is expected


@pytest.mark.parametrize("text", ["có lẽ", "2", "yes please", "v"])
def test_anything_else_is_not_a_tick_box(text):
    with pytest.raises(ParseError) as caught:
        parse_yes_no(text)
    assert caught.value.reason == "hãy ghi “Có” hoặc “Không” (để trống là Không)."
