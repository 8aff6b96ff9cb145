"""Search-box pickers: a choice among thousands (people, collectives, units) typed, not scrolled.

Three pieces, one per side of the wire:
- `PickerView`, an autocomplete endpoint on django-tomselect's `AutocompleteModelView`
  (its protocol: `?q=` the typed text, `?p=` the page; JSON `results`, `has_more`,
  `next_page`). A subclass gives the records the user may choose (`records`, already
  limited to their scope and carrying the joins its labels read) and how one reads
  (`describe`); matching is core.text.search (folded names, no accents), never the
  package's own `icontains`. A page is one query: no COUNT, the page is read one row long
  to know whether more follow.
- `PickerSelect` / `PickerSelectMultiple`, widgets that render only the chosen options
  (the form field keeps its whole scoped queryset for validation, so a value typed past
  the picker is still refused server-side), each with the same description the endpoint
  gives, and the endpoint's address in `data-picker`.
- static/js/pickers.js turns every `select[data-picker]` into a Tom Select (shipped inside
  django-tomselect, served by whitenoise). The package's own widget templates carry inline
  scripts, which the Content-Security-Policy (settings.py) forbids; so the widgets are ours
  and the behaviour is bound from a static file.
"""

import json
from collections.abc import Callable
from typing import Any

from django import forms
from django.db.models import Model, QuerySet
from django.http import HttpRequest, JsonResponse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy
from django_tomselect.autocompletes import AutocompleteModelView

from core.text import search

# What the endpoint says of one record: `id` (the value), `text` (the name, what the box shows
# once chosen) and `detail` (what tells two of the same name apart), plus any extra keys a
# page's script reads (a person's education on the manager form).
Description = dict[str, Any]

PAGE_SIZE = 20


class PickerView(AutocompleteModelView):
    """One picker's endpoint. Subclasses set `model` and define `allowed`, `records`, `describe`."""

    page_size = PAGE_SIZE

    def allowed(self, user) -> bool:
        """Whether this signed-in user may use the picker at all (a role check)."""
        raise NotImplementedError

    def records(self) -> QuerySet:
        """The records the user may choose, in the order to offer them (scope applied)."""
        raise NotImplementedError

    def describe(self, obj: Model) -> Description:
        raise NotImplementedError

    # --- django-tomselect's hooks ---

    def has_permission(self, request: HttpRequest, action: str = "view") -> bool:
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated and user.is_active and self.allowed(user))

    def handle_no_permission(self, request: HttpRequest) -> JsonResponse:
        # An endpoint read by a script: a plain 403 (no redirect to the log-in page), the
        # same for the anonymous visitor and for a role the picker is not for.
        return JsonResponse({"results": [], "has_more": False, "detail": str(NOT_ALLOWED)}, status=403)

    def get_queryset(self) -> QuerySet:
        # In the order of `records`; a search keeps it, sorted as every search is (core.text).
        return search(self.records(), self.query)

    def paginate_queryset(self, queryset: QuerySet) -> dict[str, Any]:  # type: ignore[override]
        try:
            page = max(1, int(self.page))
        except (TypeError, ValueError):
            page = 1
        start = (page - 1) * self.page_size
        rows = list(queryset[start:start + self.page_size + 1])
        has_more = len(rows) > self.page_size
        return {
            "results": [self.describe(obj) for obj in rows[:self.page_size]],
            "page": page,
            "has_more": has_more,
            "next_page": page + 1 if has_more else None,
        }


NOT_ALLOWED = gettext_lazy("Bạn không có quyền dùng danh sách chọn này.")


class _PickerMixin:
    """Renders the chosen options only, described as the endpoint describes them."""

    choices: Any
    attrs: dict[str, Any]

    def __init__(self, url: str | Promise, describe: Callable[[Any], Description], *,
                 placeholder: str | Promise | None = None,
                 params: tuple[str, ...] = (), allow_empty: bool = False, attrs: dict[str, Any] | None = None):
        """`params`: names of other fields of the form whose values go with each request
        (the dashboard's plan and year); `allow_empty`: the empty choice is a choice of its
        own, listed by its label (the dashboard's "Toàn quốc"), not only a cleared box."""
        self.url, self.describe = url, describe
        self.placeholder, self.params, self.allow_empty = placeholder, params, allow_empty
        super().__init__(attrs)  # type: ignore[call-arg]

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)  # type: ignore[misc]
        attrs["data-picker"] = str(self.url)
        attrs["data-no-results"] = str(gettext_lazy("Không tìm thấy. Hãy gõ cách khác."))
        attrs["data-loading"] = str(gettext_lazy("Đang tìm…"))
        attrs["data-more"] = str(gettext_lazy("Còn nữa: cuộn xuống hoặc gõ thêm để thu hẹp."))
        if self.params:
            attrs["data-picker-params"] = " ".join(self.params)
        if self.allow_empty:
            attrs["data-allow-empty"] = "true"
        return attrs

    def _empty_label(self) -> str:
        empty = getattr(getattr(self.choices, "field", None), "empty_label", None)
        return "" if not empty or empty == "---------" else str(empty)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)  # type: ignore[misc]
        # The field's own empty choice ("— tất cả —" in a filter) is what an empty box says;
        # Django's "---------" is not worth saying.
        context["widget"]["attrs"]["data-placeholder"] = str(
            self.placeholder or self._empty_label() or gettext_lazy("Gõ tên để tìm, có dấu hay không đều được"))
        return context

    def optgroups(self, name, value, attrs=None):
        chosen = [v for v in value if v not in (None, "")]
        groups = []
        if not getattr(self, "allow_multiple_selected", False):
            # A single choice may be empty: the box then shows its placeholder.
            blank = self.create_option(name, "", self._empty_label(), not chosen, 0)  # type: ignore[attr-defined]
            groups.append((None, [blank], 0))
        queryset = getattr(self.choices, "queryset", None)
        if chosen and queryset is not None:
            try:
                records = list(queryset.filter(pk__in=chosen))
            except (ValueError, TypeError):  # a value that is no id: nothing to show as chosen
                records = []
            for index, obj in enumerate(records, start=1):
                data = self.describe(obj)
                option = self.create_option(name, obj.pk, data["text"], True, index)  # type: ignore[attr-defined]
                # Tom Select reads the option's data (its description) from this attribute.
                option["attrs"]["data-data"] = json.dumps(data, ensure_ascii=False)
                groups.append((None, [option], index))
        return groups


class PickerSelect(_PickerMixin, forms.Select):
    def use_required_attribute(self, initial) -> bool:
        # Select looks whether the first of all its choices is the empty one, which reads
        # the whole queryset (every unit of the country) to learn; a picker's first option
        # is always its blank one (optgroups).
        return forms.Widget.use_required_attribute(self, initial)


class PickerSelectMultiple(_PickerMixin, forms.SelectMultiple):
    pass
