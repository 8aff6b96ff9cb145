"""The English catalogue: complete, compiled, and really used when a user switches to English.

Vietnamese is the source language (LANGUAGE_CODE "vi"); English comes from locale/en. These tests
read the committed .po/.mo (so a string added without a translation fails here) and render a few
pages in both languages.
"""

import ast
import datetime
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from cooperatives.models import Classification
from imports.services.cells import ChoiceReader
from tests.factories import AnnualReportFactory, CollectiveFactory, PlanFactory, TargetFactory

LC_MESSAGES = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%%")


def po_entries(path: Path) -> list[dict]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural, msgstr[...] and flags (no polib)."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry: dict = {"flags": set(), "msgstr": {}, "msgctxt": None, "msgid_plural": None}
        current = None
        obsolete = False
        for line in block.splitlines():
            if line.startswith("#~"):
                obsolete = True
            elif line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#") or not line.strip():
                continue
            elif line.startswith('"'):
                value = ast.literal_eval(line)
                if isinstance(current, tuple):
                    entry["msgstr"][current[1]] += value
                else:
                    entry[current] += value
            else:
                keyword, _space, literal = line.partition(" ")
                value = ast.literal_eval(literal)
                if keyword.startswith("msgstr"):
                    index = int(keyword[7:-1]) if "[" in keyword else 0
                    current = ("msgstr", index)
                    entry["msgstr"][index] = value
                else:
                    current = keyword
                    entry[keyword] = value
        if "msgid" in entry and not obsolete:
            entries.append(entry)
    return entries


@pytest.fixture(scope="module")
def catalogue() -> list[dict]:
    entries = po_entries(LC_MESSAGES / "django.po")
    assert entries and entries[0]["msgid"] == "", "the .po starts with its header"
    return entries[1:]


def test_catalogue_has_hundreds_of_entries(catalogue):
    # Guards the parser below as much as the file: an empty list would make the checks vacuous.
    assert len(catalogue) > 500


def test_every_entry_is_translated_and_none_is_fuzzy(catalogue):
    untranslated = [e["msgid"] for e in catalogue if not e["msgstr"] or any(not s for s in e["msgstr"].values())]
    fuzzy = [e["msgid"] for e in catalogue if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []


def test_plural_entries_have_both_english_forms(catalogue):
    plurals = [e for e in catalogue if e["msgid_plural"] is not None]
    assert plurals
    for entry in plurals:
        assert set(entry["msgstr"]) == {0, 1}, entry["msgid"]


def test_translations_keep_every_placeholder(catalogue):
    for entry in catalogue:
        if "python-format" not in entry["flags"]:
            continue
        wanted = {m for m in PLACEHOLDER.findall(entry["msgid"]) if m}
        for text in entry["msgstr"].values():
            assert {m for m in PLACEHOLDER.findall(text) if m} == wanted, entry["msgid"]


def test_translations_are_english_not_copies_of_the_vietnamese(catalogue):
    vietnamese = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)
    # Some English strings legitimately keep Vietnamese: the language's own name, quoted
    # sheet names or values, place names and local products.
    allowed = {"Tiếng Việt"}
    leftovers = []
    for entry in catalogue:
        for text in entry["msgstr"].values():
            stripped = re.sub(r"“[^”]*”|Bình Liêu|Sán Chỉ|Sán Chay|sở oil", "", text)
            if text not in allowed and vietnamese.search(stripped):
                leftovers.append(text)
    assert leftovers == []


def test_compiled_catalogue_matches_the_po(catalogue):
    """The committed .mo is compiled from the current .po (nobody needs gettext tools to run)."""
    with open(LC_MESSAGES / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in catalogue:
        if entry["msgid_plural"] is not None:
            assert compiled.ngettext(entry["msgid"], entry["msgid_plural"], 1) == entry["msgstr"][0]
            assert compiled.ngettext(entry["msgid"], entry["msgid_plural"], 5) == entry["msgstr"][1]
        elif entry["msgctxt"] is not None:
            assert compiled.pgettext(entry["msgctxt"], entry["msgid"]) == entry["msgstr"][0]
        else:
            assert compiled.gettext(entry["msgid"]) == entry["msgstr"][0], entry["msgid"]


def switch_to_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302


def test_anonymous_home_is_vietnamese_by_default(client):
    html = client.get(reverse("home")).content.decode()
    assert 'lang="vi"' in html
    assert "Đăng nhập" in html


def test_anonymous_home_is_english_after_switching(client):
    switch_to_english(client)
    html = client.get(reverse("home")).content.decode()
    assert 'lang="en"' in html
    assert "Log in" in html
    assert "Collective economy registry" in html
    assert "Đăng nhập" not in html


@pytest.mark.django_db
def test_officer_sees_collective_list_headings_in_english(client, officer):
    CollectiveFactory(name="Hợp tác xã Chè Lục Hồn")
    client.force_login(officer)
    switch_to_english(client)
    html = client.get(reverse("cooperatives:collective_list")).content.decode()
    for heading in ("Cooperative code", "Commune / ward / town", "Date of establishment", "Status",
                    "Charter capital (VND)"):
        assert heading in html
    assert "Cooperative</td>" in html  # the kind column: choice labels are translated too
    assert "Active" in html
    assert "Hợp tác xã Chè Lục Hồn" in html  # data stays as entered
    assert "Ngày thành lập" not in html


@pytest.mark.django_db
def test_officer_sees_collective_list_in_vietnamese_by_default(client, officer):
    CollectiveFactory()
    client.force_login(officer)
    html = client.get(reverse("cooperatives:collective_list")).content.decode()
    assert "Ngày thành lập" in html
    assert "Date of establishment" not in html


@pytest.fixture
def met_plan(district, units):
    """One HTX established in 2023, with its 2023 report (so the year is complete), against a
    target of at least one: status "met"."""
    AnnualReportFactory(collective=CollectiveFactory(unit=units["06841"], established_on=datetime.date(2023, 5, 1)),
                        year=2023)
    plan = PlanFactory(code="i18n-2023", unit=district, baseline_year=2022, target_year=2023)
    TargetFactory(plan=plan, indicator="htx_new", comparator="at_least", low=1, position=1)
    return plan


def test_viewer_dashboard_in_english(client, viewer, met_plan):
    client.force_login(viewer)
    switch_to_english(client)
    html = client.get(reverse("reports:dashboard"), {"plan": met_plan.code, "year": 2023}).content.decode()
    assert 'lang="en"' in html
    assert "New cooperatives" in html  # the indicator's English name
    assert ">Met<" in html
    assert "Plan targets" in html
    assert "at least 1" in html
    assert "Đạt" not in html


def test_viewer_dashboard_in_vietnamese_by_default(client, viewer, met_plan):
    client.force_login(viewer)
    html = client.get(reverse("reports:dashboard"), {"plan": met_plan.code, "year": 2023}).content.decode()
    assert "Số HTX thành lập mới" in html
    assert ">Đạt<" in html
    assert "tối thiểu 1" in html


def test_indicator_definition_is_translated(client, viewer, met_plan):
    client.force_login(viewer)
    switch_to_english(client)
    url = reverse("reports:indicator", args=["htx_new"])
    html = client.get(url, {"plan": met_plan.code, "year": 2023}).content.decode()
    assert "Cooperatives in the area with their date of establishment in the year." in html

    url = reverse("reports:indicator", args=["collective_gdp_share"])
    html = client.get(url, {"plan": met_plan.code, "year": 2023}).content.decode()
    assert "No statistics entered for 2023 yet." in html  # the reason there is no value


def test_import_choices_accept_vietnamese_and_english_labels_whatever_the_language(db):
    reader = ChoiceReader(Classification)
    with translation.override("en"):
        assert reader("Khá") == Classification.FAIR
        assert reader("fair") == Classification.FAIR
    with translation.override("vi"):
        assert reader("Fair") == Classification.FAIR
