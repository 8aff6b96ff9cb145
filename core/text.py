"""Accent- and case-insensitive matching of Vietnamese names, the same on every database.

Each searchable model keeps `search_text`, its names folded (no accents, lower case,
đ → d) and written on save (core.models.search_text_of), so "hop tac xa mien dong" finds
"Hợp tác xã Miến dong" with a plain LIKE on PostgreSQL and SQLite alike. Every word must
be found, in any order; a collective's text starts with its kind ("htx hop tac xa"), so
"htx mien dong" finds it too (docs/domain.md, decision 27). On PostgreSQL a GIN trigram
index (pg_trgm) on each `search_text` serves the LIKEs; SQLite scans.

It also says which characters no stored text may hold (TrackedModel.clean_fields refuses
them at every door; core.tabular drops them from older records on export).
"""

import re
import unicodedata
from typing import TypeVar

from django.db.models import Q, QuerySet

from core.collation import unindexed_ordering


def fold(text: str | None) -> str:
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


QS = TypeVar("QS", bound=QuerySet)


def search_q(query: str | None, path: str = "search_text", also: tuple[str, ...] = ()) -> Q:
    """The condition "every word of `query`, folded, is in `path`" (empty: no condition).
    `also`: other fields a word may be found in instead, as typed (the admin's phone)."""
    condition = Q()
    for typed in (query or "").split():
        word = fold(typed)
        if not word:
            continue
        found = Q(**{f"{path}__contains": word})
        for other in also:
            found |= Q(**{f"{other}__icontains": typed})
        condition &= found
    return condition


def search(queryset: QS, query: str | None, path: str = "search_text", *, also: tuple[str, ...] = ()) -> QS:
    """Rows whose folded names (`path`) contain every word of `query` (in any order): the
    search of every page, picker, the API's `search=` and the admin (whose other search
    fields, `also`, may hold a word instead). Its rows keep the queryset's order (else the
    model's), sorted without the index of names (core.collation.unindexed_ordering, decision
    28), so no caller sorts a search again."""
    condition = search_q(query, path, also)
    if not condition:
        return queryset
    found = queryset.filter(condition)
    return found.order_by(*unindexed_ordering(found))


# Characters no stored text may hold: the C0 controls, DEL and the C1 controls (Unicode
# category Cc), which no keyboard types but copy-paste and old files bring, and which
# openpyxl refuses to write (an export would answer 500); and lone surrogates, which no
# database can encode. A multi-line text keeps its tab, line feed and carriage return.
_UNSTORABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
LINE_CONTROLS = frozenset("\t\n\r")


def unstorable_characters(text: str, *, multiline: bool = False) -> list[str]:
    """The characters of `text` that it may not hold, each once, in order of appearance."""
    found = dict.fromkeys(ch for ch in _UNSTORABLE.findall(text) if not (multiline and ch in LINE_CONTROLS))
    return list(found)


def without_unstorable_characters(text: str) -> str:
    """`text` less what `unstorable_characters` refuses, tab and line breaks kept: for
    records stored before the rule, on their way out."""
    return _UNSTORABLE.sub(lambda m: m.group() if m.group() in LINE_CONTROLS else "", text)
