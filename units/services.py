"""Writes on administrative units (admins only): a unit and its whole successor together.

The successor of a unit is the `UnitSuccession` with `whole=True` going out of it; setting
it here creates, moves or removes that link in the same transaction as the unit itself,
so a unit is never saved with half of a merger recorded.
"""

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.scope import ensure_admin, ensure_can_write
from coopreg.services import create_record, delete_record, update_record
from coopreg.validation import today
from units.models import AdministrativeUnit, UnitSuccession

UNCHANGED: Any = object()


def _succession_day(unit: AdministrativeUnit, successor: AdministrativeUnit) -> datetime.date:
    """The day after the unit ends, else the day its successor starts, else today."""
    if unit.valid_until and unit.valid_until < datetime.date.max:
        return unit.valid_until + datetime.timedelta(days=1)
    return successor.valid_from or today()


def _set_whole_successor(unit: AdministrativeUnit, successor: AdministrativeUnit | None, *, actor) -> None:
    if successor is not None and successor.pk == unit.pk:
        raise ValidationError({"successor": [_("Đơn vị không thể kế thừa chính nó.")]})
    links = list(UnitSuccession.objects.filter(predecessor=unit, whole=True))
    for link in links:
        if successor is None or link.successor_id != successor.pk:
            delete_record(link, actor=actor)
    if successor is None or any(link.successor_id == successor.pk for link in links):
        return
    partial = UnitSuccession.objects.filter(predecessor=unit, successor=successor).first()
    if partial is not None:
        update_record(partial, changes={"whole": True}, expected_version=None, actor=actor)
        return
    create_record(
        UnitSuccession, actor=actor,
        data={"predecessor": unit, "successor": successor, "whole": True,
              "effective_on": _succession_day(unit, successor)},
    )


def unit_create(*, actor, data: Mapping[str, Any], successor: AdministrativeUnit | None = None) -> AdministrativeUnit:
    ensure_admin(actor)
    ensure_can_write(actor, data.get("parent"))
    with transaction.atomic():
        unit = create_record(AdministrativeUnit, actor=actor, data=data)
        if successor is not None:
            _set_whole_successor(unit, successor, actor=actor)
    return unit


def unit_update(
    unit: AdministrativeUnit, *, actor, changes: Mapping[str, Any], expected_version: int | None,
    successor: AdministrativeUnit | None = UNCHANGED,
) -> AdministrativeUnit:
    ensure_admin(actor)
    ensure_can_write(actor, unit)
    if "parent" in changes:
        ensure_can_write(actor, changes["parent"])
    with transaction.atomic():
        unit = update_record(unit, changes=changes, expected_version=expected_version, actor=actor)
        if successor is not UNCHANGED:
            _set_whole_successor(unit, successor, actor=actor)
    return unit


def unit_delete(unit: AdministrativeUnit, *, actor) -> None:
    ensure_admin(actor)
    ensure_can_write(actor, unit)
    delete_record(unit, actor=actor)
