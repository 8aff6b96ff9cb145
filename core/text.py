"""Accent- and case-insensitive matching of Vietnamese names, the same on every database.

Each searchable model keeps `search_text`, its names folded (no accents, lower case,
đ → d) and written on save, so "hop tac xa mien dong" finds "Hợp tác xã Miến dong"
with a plain LIKE on PostgreSQL and SQLite alike, with no database extension.
"""

import unicodedata

from django.db.models import Q, QuerySet


def fold(text: str | None) -> str:
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def search(queryset: QuerySet, query: str | None) -> QuerySet:
    """Rows whose folded names contain every word of `query` (in any order)."""
    condition = Q()
    for word in fold(query).split():
        condition &= Q(search_text__contains=word)
    return queryset.filter(condition) if condition else queryset
