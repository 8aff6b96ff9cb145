"""Reading one spreadsheet cell: Vietnamese numbers and dates, codes or labels.

Officers type what they see on paper: "1.234.567" for a sum, "05/03/2021" for a date,
"Hợp tác xã" rather than `htx`. Excel hands us numbers and datetimes already typed. Each
parser takes either and returns a Python value, or raises CellError with the message the
officer will read next to the cell.
"""

import datetime
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext as _

from core.text import fold


class CellError(ValueError):
    """A cell that cannot be read; `message` is shown next to the cell."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        # A phone number or code typed into Excel comes back as 912345678.0.
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return f"{value:%d/%m/%Y}"
    return " ".join(str(value).split())


# "1.234.567" (Vietnamese grouping), "1 234 567", "1,234,567" (a US-formatted sheet).
_GROUPED = [re.compile(r"^\d{1,3}(\.\d{3})+$"), re.compile(r"^\d{1,3}( \d{3})+$"), re.compile(r"^\d{1,3}(,\d{3})+$")]
_CURRENCY = re.compile(r"\s*(đồng|đ|vnđ|vnd)\s*$", re.IGNORECASE)


def parse_int(value) -> int:
    if isinstance(value, bool):
        raise CellError(_("Ô này phải là một số."))
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError(_("Ô này phải là số nguyên (không có phần lẻ)."))
        return int(value)
    if isinstance(value, Decimal):
        if value != value.to_integral_value():
            raise CellError(_("Ô này phải là số nguyên (không có phần lẻ)."))
        return int(value)
    text = _CURRENCY.sub("", str(value).strip().replace("\u00a0", " "))
    negative = text.startswith("-")
    digits = text[1:].strip() if negative else text
    if digits.isdigit():
        number = int(digits)
    elif any(p.match(digits) for p in _GROUPED):
        number = int(re.sub(r"[., ]", "", digits))
    elif re.match(r"^\d+[.,]0+$", digits):
        number = int(re.split(r"[.,]", digits)[0])
    else:
        raise CellError(_("“%(v)s” không phải là số; hãy ghi số, ví dụ 1.234.567.") % {"v": value})
    return -number if negative else number


def parse_decimal(value) -> Decimal:
    """A score such as 85, 85,5 (Vietnamese decimal comma) or 85.5."""
    if isinstance(value, bool):
        raise CellError(_("Ô này phải là một số."))
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    text = str(value).strip().replace(" ", "")
    if re.match(r"^-?\d+,\d+$", text):
        text = text.replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        raise CellError(_("“%(v)s” không phải là số; ví dụ 85 hoặc 85,5.") % {"v": value}) from None


def parse_year(value) -> int:
    try:
        year = parse_int(value)
    except CellError:
        raise CellError(_("“%(v)s” không phải là năm; hãy ghi 4 chữ số, ví dụ 2023.") % {"v": value}) from None
    if not 1000 <= year <= 9999:
        raise CellError(_("“%(v)s” không phải là năm; hãy ghi 4 chữ số, ví dụ 2023.") % {"v": value})
    return year


_DATE_TEXT = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    if " " in text:  # "05/03/2021 00:00:00" from some exports
        text = text.split(" ", 1)[0]
    match = _DATE_TEXT.match(text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return datetime.date(year, month, day)
        match = _ISO_DATE.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            return datetime.date(year, month, day)
    except ValueError:
        raise CellError(_("Ngày “%(v)s” không tồn tại.") % {"v": value}) from None
    raise CellError(_("“%(v)s” không phải là ngày; hãy ghi theo dạng ngày/tháng/năm, ví dụ 05/03/2021.")
                    % {"v": value})


_TRUE = {"co", "x", "1", "true", "yes", "dung", "c"}
_FALSE = {"khong", "0", "false", "no", "sai", "k"}


def parse_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    folded = fold(str(value))
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise CellError(_("Hãy ghi “Có” hoặc “Không” (để trống là Không)."))


class ChoiceReader:
    """Accepts a code (`htx`), its Vietnamese label (“Hợp tác xã”) or an alias (“HTX”)."""

    def __init__(self, choices, aliases: dict[str, str] | None = None):
        self.choices = list(choices.choices) if hasattr(choices, "choices") else list(choices)
        self.aliases = aliases or {}
        self._lookup: dict[str, str] | None = None

    @property
    def lookup(self) -> dict[str, str]:
        # Built on first use (not at import) and from the labels in both interface languages:
        # a file filled in Vietnamese imports the same when the page is shown in English.
        if self._lookup is None:
            lookup: dict[str, str] = {}
            for code, label in self.choices:
                lookup[fold(code)] = code
                for language in ("vi", "en"):
                    with translation.override(language):
                        lookup[fold(str(label))] = code
            for alias, code in self.aliases.items():
                lookup[fold(alias)] = code
            self._lookup = lookup
        return self._lookup

    def __call__(self, value) -> str:
        code = self.lookup.get(fold(parse_text(value)))
        if code is None:
            raise CellError(_("“%(v)s” không có trong danh mục; hãy ghi một trong: %(allowed)s.")
                            % {"v": value, "allowed": self.allowed_text()})
        return code

    def allowed_text(self) -> str:
        return "; ".join(f"{label} ({code})" for code, label in self.choices)

    def labels(self) -> Iterable[str]:
        return (str(label) for _code, label in self.choices)
