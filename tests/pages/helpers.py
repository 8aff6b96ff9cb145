"""What a browser would submit: the fields of a page's <form method="post">, as rendered."""

from html.parser import HTMLParser


class _FormFields(HTMLParser):
    """The name → values of the fields (inputs, selects, textareas) of the page's own POST
    form: the first one posting to the page itself (no `action`; the language switch and the
    log-out button post elsewhere), or the fields tied to `form_id` by the `form` attribute."""

    def __init__(self, form_id: str | None = None):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.done = False
        self.fields: dict[str, list[str]] = {}
        self._select: str | None = None
        self._select_values: list[str] = []
        self._first_option: str | None = None
        self._textarea: str | None = None

    def _counts(self, attrs: dict) -> bool:
        if self.form_id is not None:
            return attrs.get("form") == self.form_id
        return self.in_form and not self.done

    def handle_starttag(self, tag, attrs_list):
        attrs = {k: v if v is not None else "" for k, v in attrs_list}
        if tag == "form" and attrs.get("method", "").lower() == "post" and not attrs.get("action") \
                and not self.done:
            self.in_form = True
        if tag == "input" and self._counts(attrs) and attrs.get("name"):
            kind = attrs.get("type", "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind in ("submit", "button", "file", "image"):
                return
            self.fields.setdefault(attrs["name"], []).append(attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select" and self._counts(attrs) and attrs.get("name"):
            self._select, self._select_values, self._first_option = attrs["name"], [], None
            self._multiple = "multiple" in attrs
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in attrs:
                self._select_values.append(value)
        elif tag == "textarea" and self._counts(attrs) and attrs.get("name"):
            self._textarea = attrs["name"]
            self.fields[self._textarea] = [""]

    def handle_data(self, data):
        if self._textarea is not None:
            self.fields[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            values = self._select_values
            if not values and not self._multiple and self._first_option is not None:
                values = [self._first_option]  # a browser sends the first option of a single select
            if values:
                self.fields[self._select] = values
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form" and self.in_form:
            self.in_form, self.done = False, True


def form_fields(html: str, *, form_id: str | None = None) -> dict[str, list[str]]:
    parser = _FormFields(form_id)
    parser.feed(html)
    parser.fields.pop("csrfmiddlewaretoken", None)
    return parser.fields
