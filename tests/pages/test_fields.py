"""Vietnamese number and date inputs (core.forms)."""

import datetime
from decimal import Decimal

import pytest
from django import forms

from core.forms import VNDateField, VNDecimalField, VNIntegerField, VNNumberInput
from core.parsing import parse_integer


class MoneyForm(forms.Form):
    revenue = VNIntegerField(label="Doanh thu", min_value=0)
    profit = VNIntegerField(label="Lợi nhuận", required=False)
    score = VNDecimalField(label="Điểm", required=False, max_digits=5, decimal_places=2)
    day = VNDateField(label="Ngày thành lập", required=False)


@pytest.mark.parametrize("text, expected", [
    ("1.234.567", 1234567), ("1 234 567", 1234567), ("1234567", 1234567), (" 12.000 ", 12000),
    ("-15.000", -15000), ("1\u00a0234\u202f567", 1234567), ("0", 0), ("999", 999),
])
def test_it_reads_numbers_the_way_officers_write_them(text, expected):
    assert parse_integer(text) == expected


@pytest.mark.parametrize("text", ["abc", "1.5", "1,5", "12.34.567", "1.2345", "12a", "--1", "1.234,5"])
def test_it_refuses_what_is_not_a_whole_number(text):
    with pytest.raises(ValueError):
        parse_integer(text)


def test_a_text_in_a_number_field_is_refused_with_a_message_naming_the_field():
    form = MoneyForm({"revenue": "một triệu"})
    assert not form.is_valid()
    assert form.errors["revenue"] == ["Doanh thu: hãy nhập một số nguyên, ví dụ 1.234.567 (không nhập chữ)."]


def test_a_negative_amount_is_refused_where_the_field_has_no_negatives():
    form = MoneyForm({"revenue": "-5.000", "profit": "-5.000"})
    assert not form.is_valid()
    assert form.errors["revenue"] == ["Doanh thu không được âm."]
    assert "profit" not in form.errors  # a loss is a negative profit


def test_a_missing_required_value_names_the_field():
    form = MoneyForm({})
    assert form.errors["revenue"] == ["Hãy nhập “Doanh thu”."]


def test_a_decimal_score_accepts_a_comma():
    form = MoneyForm({"revenue": "1", "score": "85,5"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["score"] == Decimal("85.5")
    assert not MoneyForm({"revenue": "1", "score": "tám lăm"}).is_valid()


def test_numbers_are_shown_back_grouped():
    assert VNNumberInput().format_value(1234567) == "1.234.567"
    assert VNNumberInput(grouping=False).format_value(2023) == "2023"
    assert 'value="1.234.567"' in str(MoneyForm(initial={"revenue": 1234567})["revenue"])


@pytest.mark.parametrize("text", ["31/12/2023", "31-12-2023", "2023-12-31"])
def test_it_reads_dates_as_dd_mm_yyyy(text):
    form = MoneyForm({"revenue": "1", "day": text})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == datetime.date(2023, 12, 31)


@pytest.mark.parametrize("text", ["hôm qua", "2023/12/31", "31/12/23"])
def test_it_refuses_a_bad_date_with_the_expected_form(text):
    form = MoneyForm({"revenue": "1", "day": text})
    assert not form.is_valid()
    assert form.errors["day"] == [
        "Ngày thành lập: ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy (ví dụ 31/12/2023)."]


@pytest.mark.parametrize("text", ["12/31/2023", "31/02/2023"])
def test_it_refuses_a_day_that_is_not_on_the_calendar(text):
    form = MoneyForm({"revenue": "1", "day": text})
    assert not form.is_valid()
    assert form.errors["day"] == [f"Ngày thành lập: ngày {text} không có trên lịch."]


def test_a_date_is_shown_back_as_dd_mm_yyyy_with_a_placeholder():
    html = str(MoneyForm(initial={"day": datetime.date(2023, 1, 5)})["day"])
    assert 'value="05/01/2023"' in html
    assert 'placeholder="dd/mm/yyyy"' in html
    assert 'type="text"' in html
