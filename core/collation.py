"""Vietnamese alphabetical order, the same on PostgreSQL and SQLite.

Names sort as a Vietnamese reader expects: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s
t u ư v x y (f j w z, found in foreign names, in their Latin places), so "Chăn nuôi" comes
before "Chè" and "Chè Đồng Tâm" before "Chè vối". A tone matters only between names equal
letter for letter (huyền, hỏi, ngã, sắc, nặng after the level tone), case after that
(lower first); blanks and punctuation come before digits, digits before letters.

That is the order of ICU's Vietnamese collation (CLDR's `vi` tailoring), which PostgreSQL
uses through the collation "vi" made by core's migration 0001. SQLite has no ICU: each of
its connections gets a collation of the same name whose order is `sort_key`, so one
expression, `Collate("name", "vi")` (or `collated("name")`), sorts on both databases, and
Python sorts lists that never reach the database with the same key.
"""

import functools
import unicodedata
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import F, Value
from django.db.models.expressions import OrderBy
from django.db.models.functions import Collate, Concat

COLLATION = "vi"

# The letters in their order; each a primary weight (a letter with its breve, circumflex or
# horn, and đ, is a letter of its own, not a variant).
ALPHABET = ["a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z"]
_LETTER = {letter: index for index, letter in enumerate(ALPHABET)}
# Base letter + combining mark → the letter it makes (after NFD, which keeps đ whole).
_LETTER_MARKS = {("a", "\u0306"): "ă", ("a", "\u0302"): "â", ("e", "\u0302"): "ê", ("o", "\u0302"): "ô",
                 ("o", "\u031b"): "ơ", ("u", "\u031b"): "ư"}
# The five tones (secondary weights, CLDR's order): huyền, hỏi, ngã, sắc, nặng.
_TONE = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_OTHER_MARK = 6  # a mark Vietnamese does not use (ü, ç…): after the tones

# Primary groups, as in ICU: blanks < punctuation and symbols < digits < letters < other scripts.
_GROUP = 1 << 21
_BLANK, _PUNCTUATION, _DIGIT, _LATIN, _OTHER = (n * _GROUP for n in range(5))

SortKey = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], str]


def _primary(base: str) -> int:
    letter = base.lower()
    if letter in _LETTER:
        return _LATIN + _LETTER[letter]
    if base.isspace():
        return _BLANK + ord(base)
    if base.isdigit():
        return _DIGIT + unicodedata.digit(base, 0)
    if base.isalpha():
        return _OTHER + ord(letter)
    return _PUNCTUATION + ord(base)


@functools.lru_cache(maxsize=65_536)
def sort_key(text: str) -> SortKey:
    """The key that puts `text` in Vietnamese alphabetical order: letters first, then
    tones, then case, then the text itself (as PostgreSQL breaks ties)."""
    primary: list[int] = []
    secondary: list[int] = []
    tertiary: list[int] = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch):
            if not primary:
                continue  # a mark with no letter before it
            base = ALPHABET[primary[-1] - _LATIN] if _LATIN <= primary[-1] < _OTHER else None
            made = _LETTER_MARKS.get((base, ch)) if base and secondary[-1] == 0 else None
            if made:
                primary[-1] = _LATIN + _LETTER[made]
            elif secondary[-1] == 0:
                secondary[-1] = _TONE.get(ch, _OTHER_MARK)
            continue
        primary.append(_primary(ch))
        secondary.append(0)
        tertiary.append(1 if ch.isupper() else 0)
    return tuple(primary), tuple(secondary), tuple(tertiary), text


def compare(a: str, b: str) -> int:
    """-1, 0 or 1 as `a` sorts before, with or after `b` (SQLite's collation callback)."""
    key_a, key_b = sort_key(a), sort_key(b)
    return (key_a > key_b) - (key_a < key_b)


def collated(field: str, *, indexed: bool = True) -> OrderBy:
    """`order_by(collated("name"))`: by `field` in Vietnamese order; "-name" descending.

    `indexed=False` sorts the same by an expression no index holds (`name || ''`): for a
    search, whose matches PostgreSQL must then collect and sort. Walking the index of
    names instead, hoping to meet 50 matches soon, is a trap where names cluster: every
    "nguyen" sits under N, so the walk reads half the country's people first (measured:
    7.8 s for "nguyen" in a province, against 0.47 s collected and sorted; bench/search.py).
    """
    name = field.removeprefix("-")
    expression = Collate(name if indexed else Concat(name, Value("")), COLLATION)
    return expression.desc() if field.startswith("-") else expression.asc()


def _mentions(node, column: str) -> bool:
    target = getattr(getattr(node, "lhs", None), "target", None)
    return getattr(target, "name", None) == column or any(_mentions(c, column) for c in getattr(node, "children", ()))


def is_searched(queryset: models.QuerySet) -> bool:
    """Whether `queryset` is filtered on a `search_text` (core.text.search, the API's
    `search=`, the admin's search): its order then should not walk an index of names."""
    return _mentions(queryset.query.where, "search_text")


def _unindexed(term):
    """A Meta.ordering term (Collate("name", "vi"), maybe in an OrderBy) as collated(…, indexed=False)."""
    descending = isinstance(term, OrderBy) and term.descending
    inner = term.expression if isinstance(term, OrderBy) else term
    source = inner.get_source_expressions()[0] if isinstance(inner, Collate) else None
    if isinstance(source, F):
        name = source.name  # type: ignore[attr-defined]  # an F has its name (absent from django-stubs)
        return collated(("-" if descending else "") + name, indexed=False)
    return term


def is_text(queryset: models.QuerySet, path: str) -> bool:
    """Whether `path` (a field, a lookup across relations, or an annotation of `queryset`)
    is text, which sorts by the collation (a number or a date does not take one)."""
    annotation = queryset.query.annotations.get(path)
    if annotation is not None:
        output = annotation.output_field
        return isinstance(output, models.CharField | models.TextField) and not output.choices
    model = queryset.model
    field: Any = None
    for part in path.split("__"):
        if model is None:
            return False
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:  # a transform ("held_on__year"): sorted as given
            return False
        model = field.related_model
    return isinstance(field, models.CharField | models.TextField) and not field.choices


def ordering(queryset: models.QuerySet, fields, *, indexed: bool | None = None) -> list:
    """`fields` (names of fields, or terms such as Meta.ordering's) as order_by terms: the
    text ones (names) in Vietnamese order, by an unindexed expression when `queryset` is a
    search (collated says why) or when `indexed` is False."""
    if indexed is None:
        indexed = not is_searched(queryset)
    terms = []
    for f in fields:
        if isinstance(f, str):
            terms.append(collated(f, indexed=indexed) if is_text(queryset, f.removeprefix("-")) else f)
        else:
            terms.append(f if indexed else _unindexed(f))
    return terms


def unindexed_ordering(queryset: models.QuerySet) -> list:
    """`queryset`'s order (its own, else its model's default) with the names sorted by an
    expression no index holds: a search's rows (core.text.search; collated says why), and a
    list whose few matches are cheaper to sort than to meet walking the names' index
    (core.paging)."""
    terms = queryset.query.order_by or (queryset.model._meta.ordering if queryset.query.default_ordering else ())
    return ordering(queryset, terms, indexed=False)


def register_sqlite_collation(sender, connection, **kwargs) -> None:
    """connection_created: give a SQLite connection the collation PostgreSQL has from ICU."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, compare)


def sorted_by_name(items, name=str) -> list:
    """`items` sorted in Vietnamese order of `name(item)` (lists built in Python)."""
    return sorted(items, key=lambda item: sort_key(name(item)))

