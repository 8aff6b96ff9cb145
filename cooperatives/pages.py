"""Sections that apps above the registry add to a collective's page.

The registry sits below OCOP (cooperatives → ocop), so it cannot ask for a collective's
OCOP products itself: an app above registers a section here in its AppConfig.ready(),
and the collective's page shows every registered section, each from its own template.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cooperatives.models import Collective


@dataclass(frozen=True)
class CollectiveSection:
    key: str
    template: str
    # One query at most: the page's query count is pinned by its tests.
    load: Callable[[Collective], Any]


@dataclass(frozen=True)
class LoadedSection:
    template: str
    items: Any


_SECTIONS: dict[str, CollectiveSection] = {}


def add_collective_section(section: CollectiveSection) -> None:
    _SECTIONS[section.key] = section  # keyed, so a second ready() does not add it twice


def collective_sections(collective: Collective) -> list[LoadedSection]:
    return [LoadedSection(s.template, s.load(collective)) for s in _SECTIONS.values()]
