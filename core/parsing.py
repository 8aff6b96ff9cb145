"""The one reading of numbers and dates as officers write them (docs/domain.md, decision 10).

Page forms (core.forms), the yearly entry sheet, the plan editor and the importer
(imports.services.cells) all read through these functions, so a value one door accepts
every door accepts, and means the same.

Numbers
- plain digits: 1234567;
- groups of three separated by dots (the Vietnamese way): 1.234.567; by spaces (ordinary,
  no-break, narrow no-break, thin or figure spaces, as pasted from Word or Excel):
  1 234 567; by commas when there are two commas at least (a US-formatted sheet): 1,234,567;
- a decimal comma (the Vietnamese way): 85,5 and 1.234,5 and 1 234,5; a decimal dot only
  where the dot cannot separate a group: 85.5, 0.25, 1,234.5;
- a lone comma followed by exactly three digits (12,000) is refused: it is twelve written
  the Vietnamese way and twelve thousand in a US sheet, and a factor of 1,000 is never guessed;
- a minus sign, "-" or "−" (U+2212, what Word and Excel put), and a trailing đ / đồng / VND.

Yes / no (a tick box pasted from a workbook): "Có", "x", "1", "đúng" or "on" (what a ticked
box sends) is yes; "Không", "0", "sai" or an empty cell is no; case and accents do not matter.

Dates: dd/mm/yyyy, d/m/yyyy, with "/", "." or "-" between the parts (one kind in a date),
yyyy-mm-dd, an optional time after the date (ignored), and date cells of Excel; always four
digits for the year, and only between EARLIEST_DATE and LATEST_DATE (core.validation).

A value that is none of these raises ParseError, whose `reason` says what to type instead,
in Vietnamese and without the field's name: each door names the field its own way.
"""

import datetime
import re
from decimal import Decimal

from django.utils.translation import gettext as _

from core.text import fold
from core.validation import EARLIEST_DATE, LATEST_DATE


class ParseError(ValueError):
    """Not a number or date of the accepted language; `reason` says what to type instead."""

    def __init__(self, reason: str, code: str = "invalid"):
        self.reason = reason
        self.code = code
        super().__init__(reason)

    def for_field(self, label) -> str:
        """The message shown next to a field: "Doanh thu: hãy nhập một số nguyên…"."""
        return _("%(field)s: %(reason)s") % {"field": label, "reason": self.reason}


# --- Numbers ---------------------------------------------------------------------------

# Every space a pasted number may carry becomes an ordinary one.
_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f]+")
_MINUS = ("-", "\u2212")
_CURRENCY = re.compile(r"\s*(?:đồng|vnđ|vnd|đ)$", re.IGNORECASE)
LONGEST = 40  # characters: more is no number anyone typed (and int() of thousands of digits is slow)
# The accepted forms, tried in this order: (pattern, separator of groups in the whole part).
# [0-9], never \d: \d also matches Arabic-Indic and other digits.
_FORMS = [
    (re.compile(r"(?P<whole>[0-9]+)"), ""),
    (re.compile(r"(?P<whole>[1-9][0-9]{0,2}(?:\.[0-9]{3})+)(?:,(?P<fraction>[0-9]+))?"), "."),
    (re.compile(r"(?P<whole>[1-9][0-9]{0,2}(?: [0-9]{3})+)(?:,(?P<fraction>[0-9]+))?"), " "),
    (re.compile(r"(?P<whole>[1-9][0-9]{0,2}(?:,[0-9]{3}){2,})"), ","),
    (re.compile(r"(?P<whole>[1-9][0-9]{0,2}(?:,[0-9]{3})+)\.(?P<fraction>[0-9]+)"), ","),
    (re.compile(r"(?P<whole>[0-9]+),(?P<fraction>[0-9]+)"), ""),
    (re.compile(r"(?P<whole>[0-9]+)\.(?P<fraction>[0-9]+)"), ""),
]
# Twelve (Vietnamese decimal comma) or twelve thousand (US grouping)?
_AMBIGUOUS = re.compile(r"[1-9][0-9]{0,2},[0-9]{3}")


def _integer_reason() -> str:
    return _("hãy nhập một số nguyên, ví dụ 1.234.567 (không nhập chữ).")


def _decimal_reason() -> str:
    return _("hãy nhập một số, ví dụ 85,5.")


def _read_number(text: str, reason) -> Decimal:
    """The value of a number written as text, or ParseError(reason())."""
    text = _CURRENCY.sub("", _SPACES.sub(" ", text).strip()).strip()
    negative = text[:1] in _MINUS
    if negative:
        text = text[1:].lstrip()
    if len(text) > LONGEST:
        raise ParseError(reason())
    if _AMBIGUOUS.fullmatch(text):
        whole, fraction = text.split(",")
        raise ParseError(
            _("“%(text)s” có hai cách hiểu, %(grouped)s hay %(decimal)s; hãy viết lại theo một trong hai cách đó.")
            % {"text": text, "grouped": f"{whole}.{fraction}",
               "decimal": format_decimal(Decimal(f"{whole}.{fraction}").normalize())},
            code="ambiguous")
    for pattern, separator in _FORMS:
        match = pattern.fullmatch(text)
        if match:
            whole = match["whole"].replace(separator, "") if separator else match["whole"]
            decimals = match.groupdict().get("fraction")
            number = Decimal(f"{whole}.{decimals}" if decimals else whole)
            return -number if negative else number
    raise ParseError(reason())


def parse_decimal(value) -> Decimal:
    """A number with an optional decimal part (a score 85,5; a target ratio 0,05)."""
    if isinstance(value, bool):
        raise ParseError(_decimal_reason())
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float | Decimal):
        # An Excel number cell: take the number the cell shows (repr of the float), not its binary expansion.
        number = Decimal(repr(value)) if isinstance(value, float) else value
        if not number.is_finite():
            raise ParseError(_decimal_reason())
        return number
    return _read_number(str(value), _decimal_reason)


def parse_integer(value) -> int:
    """A whole number: a sum of money in đồng, a count, a number of stars."""
    if isinstance(value, bool):
        raise ParseError(_integer_reason())
    if isinstance(value, int):
        return value
    if isinstance(value, float | Decimal):
        number = parse_decimal(value)
    else:
        number = _read_number(str(value), _integer_reason)
    if number != number.to_integral_value():
        raise ParseError(_("hãy nhập một số nguyên, không có phần lẻ."), code="not_whole")
    return int(number)


def format_integer(value: int) -> str:
    """12345678 → "12.345.678": what officers type back (always Vietnamese grouping)."""
    sign = "-" if value < 0 else ""
    digits = str(abs(int(value)))
    groups: list[str] = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return sign + ".".join(groups)


def format_decimal(value: Decimal) -> str:
    """Decimal("1234.5") → "1.234,5"; read back by parse_decimal to the same number.

    A fraction of exactly three digits after a whole part of one to three digits would
    read as the ambiguous 12,345: it gets a trailing zero (12,3450), the same number.
    """
    sign = "-" if value < 0 else ""
    text = format(abs(value), "f")
    whole, _dot, fraction = text.partition(".")
    grouped = format_integer(int(whole))
    if fraction and len(fraction) == 3 and len(grouped) <= 3 and grouped != "0":
        fraction += "0"
    return sign + grouped + ("," + fraction if fraction else "")


# --- Percentages ----------------------------------------------------------------------

_PERCENT = re.compile(r"^(?P<number>.*?)\s*%$")


def parse_percent(value) -> Decimal:
    """A ratio as officers write it, as the fraction it means: "55 %", "55%" and "0,55" are
    all 0.55 (a number followed by a percent sign is hundredths; a plain number is the
    fraction itself). Whether the value may exceed 100 % is the indicator's rule, not this."""
    if isinstance(value, str):
        match = _PERCENT.match(_SPACES.sub(" ", value).strip())
        if match:
            return parse_decimal(match["number"]) / 100
    return parse_decimal(value)


def is_percent_text(value) -> bool:
    """Whether `value` was written with a percent sign ("55 %")."""
    return isinstance(value, str) and value.strip().endswith("%")


def format_percent(fraction: Decimal) -> str:
    """Decimal("0.55") → "55 %", Decimal("0.055") → "5,5 %": what parse_percent reads back."""
    return f"{format_decimal((Decimal(fraction) * 100).normalize())} %"


# --- Yes / no --------------------------------------------------------------------------

_YES = {"co", "c", "x", "1", "dung", "true", "yes", "on"}
_NO = {"khong", "k", "0", "sai", "false", "no", ""}


def parse_yes_no(value) -> bool:
    """A tick box written as text: "Có" / "Không" and the other forms above."""
    if isinstance(value, bool):
        return value
    folded = fold(str(value))
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    raise ParseError(_("hãy ghi “Có” hoặc “Không” (để trống là Không)."))


# --- Dates -----------------------------------------------------------------------------

_DAY_FIRST = re.compile(r"(?P<day>[0-9]{1,2})(?P<sep>[/.-])(?P<month>[0-9]{1,2})(?P=sep)(?P<year>[0-9]{4})")
_ISO = re.compile(r"(?P<year>[0-9]{4})-(?P<month>[0-9]{1,2})-(?P<day>[0-9]{1,2})")
# "05/03/2021 00:00:00" from some exports, "2021-03-05T08:30" from others.
_TIME = re.compile(r"(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?")


def _date_reason() -> str:
    return _("ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy (ví dụ 31/12/2023).")


def check_date_bounds(day: datetime.date) -> datetime.date:
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ParseError(_("ngày phải trong khoảng %(first)s–%(last)s.")
                         % {"first": format_date(EARLIEST_DATE), "last": format_date(LATEST_DATE)},
                         code="out_of_range")
    return day


def parse_date(value) -> datetime.date:
    """A day as officers write it (dd/mm/yyyy and the other forms above), or a date cell."""
    if isinstance(value, datetime.datetime):
        return check_date_bounds(value.date())
    if isinstance(value, datetime.date):
        return check_date_bounds(value)
    text = _SPACES.sub(" ", str(value)).strip()
    for pattern in (_DAY_FIRST, _ISO):
        match = re.fullmatch(pattern.pattern + _TIME.pattern, text)
        if match:
            try:
                day = datetime.date(int(match["year"]), int(match["month"]), int(match["day"]))
            except ValueError:
                if int(match["year"]) < datetime.MINYEAR:  # 00/00/0000: not a day at all
                    raise ParseError(_date_reason()) from None
                raise ParseError(_("ngày %(text)s không có trên lịch.") % {"text": text},
                                 code="no_such_day") from None
            return check_date_bounds(day)
    raise ParseError(_date_reason())


def format_date(day: datetime.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"
