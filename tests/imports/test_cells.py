import datetime
from decimal import Decimal

import pytest

from cooperatives.models import CollectiveKind
from core.parsing import ParseError, parse_yes_no
from imports.services.cells import CellError, ChoiceReader, parse_bool, parse_date, parse_decimal, parse_int


@pytest.mark.parametrize(("value", "expected"), [
    ("1.234.567", 1234567), ("1 234 567", 1234567), ("1,234,567", 1234567), ("-15.000", -15000),
    ("2500000", 2500000), (2500000, 2500000), (2500000.0, 2500000), ("1.500.000 đ", 1500000), ("12,00", 12),
])
def test_it_reads_vietnamese_and_excel_numbers(value, expected):
    assert parse_int(value) == expected


@pytest.mark.parametrize("value", ["abc", "1.5", "12.34.567", "1,5", 2.5, True])
def test_it_refuses_what_is_not_a_whole_number(value):
    with pytest.raises(CellError):
        parse_int(value)


def test_it_reads_a_decimal_comma():
    assert parse_decimal("72,5") == Decimal("72.5")
    assert parse_decimal(72.5) == Decimal("72.5")


@pytest.mark.parametrize(("value", "expected"), [
    ("05/03/2021", datetime.date(2021, 3, 5)), ("5/3/2021", datetime.date(2021, 3, 5)),
    ("05-03-2021", datetime.date(2021, 3, 5)), ("2021-03-05", datetime.date(2021, 3, 5)),
    (datetime.datetime(2021, 3, 5), datetime.date(2021, 3, 5)),  # noqa: DTZ001 (Excel cells are naive)
])
def test_it_reads_day_month_year_dates(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["31/02/2021", "March 5", "2021"])
def test_it_refuses_bad_dates_with_a_vietnamese_message(value):
    with pytest.raises(CellError) as exc:
        parse_date(value)
    assert "ngày" in exc.value.message.lower()


def test_it_accepts_codes_labels_and_aliases_without_accents():
    kind = ChoiceReader(CollectiveKind, {"HTX": "htx"})
    assert kind("htx") == kind("Hợp tác xã") == kind("hop tac xa") == kind("HTX") == "htx"
    with pytest.raises(CellError) as exc:
        kind("Công ty")
    # The message lists the labels an officer reads, not the codes behind them.
    assert "Tổ hợp tác" in exc.value.message
    assert "(tht)" not in exc.value.message


def test_it_reads_yes_and_no():
    assert parse_bool("Có") is True
    assert parse_bool("x") is True
    assert parse_bool("Không") is False
    assert parse_bool(0) is False
    assert parse_bool(1.0) is True  # a cell typed 1, as Excel hands it back
    with pytest.raises(CellError) as caught:
        parse_bool("có lẽ")
    # The page forms' message (core.parsing), quoting the cell as every other cell does.
    assert caught.value.message == "“có lẽ”: hãy ghi “Có” hoặc “Không” (để trống là Không)."


@pytest.mark.parametrize("text", ["Có", "co", "c", "x", "1", "Đúng", "true", "yes", "on",
                                  "Không", "khong", "k", "0", "sai", "false", "no", "có lẽ", "2"])
def test_a_cell_reads_yes_and_no_as_a_page_tick_box_does(text):
    # One set of words (core.parsing.parse_yes_no): a word a page accepts, a file accepts too.
    try:
        expected = parse_yes_no(text)
    except ParseError:
        with pytest.raises(CellError):
            parse_bool(text)
    else:
        assert parse_bool(text) is expected
