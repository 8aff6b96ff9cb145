"""Reading one spreadsheet cell: Vietnamese numbers and dates, codes or labels.

Officers type what they see on paper: "1.234.567" for a sum, "05/03/2021" for a date,
"Hợp tác xã" rather than `htx`. Excel hands us numbers and datetimes already typed.
Numbers and dates are read by core.parsing, the reading the page forms share, so a file
accepts what a page accepts; each parser returns a Python value, or raises CellError with
the message the officer will read next to the cell (the preview names its column).
"""

import datetime
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from core import parsing
from core.text import fold
from core.validation import EARLIEST_DATE, LATEST_DATE


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
        return parsing.format_date(value)
    return " ".join(str(value).split())


def _read(read: Callable, value):
    try:
        return read(value)
    except parsing.ParseError as exc:
        text = parse_text(value)
        # A number is never longer than the parser reads (core.parsing): quote no more than that.
        shown = text if len(text) <= parsing.LONGEST else text[:parsing.LONGEST] + "…"
        raise CellError(_("“%(v)s”: %(reason)s") % {"v": shown, "reason": exc.reason}) from None


def parse_int(value) -> int:
    return _read(parsing.parse_integer, value)


def parse_decimal(value) -> Decimal:
    """A score such as 85, 85,5 (Vietnamese decimal comma) or 85.5."""
    return _read(parsing.parse_decimal, value)


def parse_year(value) -> int:
    """Four digits: a year of figures (the model checks core.validation.year_range) or a birth year."""
    try:
        year = parsing.parse_integer(value)
    except parsing.ParseError:
        year = None
    if year is None or not EARLIEST_DATE.year <= year <= LATEST_DATE.year:
        raise CellError(_("“%(v)s” không phải là năm; hãy ghi 4 chữ số, ví dụ 2023.") % {"v": parse_text(value)})
    return year


def parse_date(value) -> datetime.date:
    return _read(parsing.parse_date, value)


def parse_bool(value) -> bool:
    """A yes/no cell: the words of core.parsing.parse_yes_no (the page forms' tick boxes), or
    the number 0 or 1 that Excel hands back for a cell typed 0 or 1."""
    if isinstance(value, int | float) and not isinstance(value, bool) and value in (0, 1):
        return bool(value)
    return _read(parsing.parse_yes_no, value)


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
        # The labels only: the codes behind them are the program's, not the officer's.
        return "; ".join(self.labels())

    def labels(self) -> Iterable[str]:
        return (str(label) for _code, label in self.choices)
