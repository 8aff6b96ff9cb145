"""The registry's pickers (core.pickers): people, collectives and units, each a search box
backed by an endpoint that answers only inside the user's scope (accounts.scope.visible).

Each kind has three things side by side, so the form that renders a chosen record and the
endpoint that offers the others say the same of it:
- a queryset function (`people(user)` …): the user's scope, the joins its description reads;
- a description (`describe_person` …): the name, and what tells two of that name apart;
- an endpoint (`PeoplePicker` …): who may ask, and the queryset searched and paged.

People and collectives are offered to whoever may write (officers, admins): they are
chosen in forms that write. Units are offered to every role: viewers filter lists and the
leadership pages by unit.
"""

from typing import cast

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.scope import visible
from cooperatives.models import Collective, ManagementRole, Membership, Person
from core.collation import collated
from core.pickers import Description, PickerSelect, PickerSelectMultiple, PickerView
from units.models import AdministrativeUnit, UnitLevel, UnitQuerySet

# --- People ---


def people(user: User) -> QuerySet[Person]:
    """People in scope with their commune and a collective they belong to (the latest
    membership, else the latest management role; only collectives the user may see)."""
    member_of = visible(user, Membership.objects.filter(person=OuterRef("pk"))).order_by(
        F("left_on").desc(nulls_first=True), "-joined_on", "-pk").values("collective__name")[:1]
    manager_of = visible(user, ManagementRole.objects.filter(person=OuterRef("pk"))).order_by(
        F("ended_on").desc(nulls_first=True), "-started_on", "-pk").values("collective__name")[:1]
    return (visible(user, Person.objects.all()).select_related("unit")
            .annotate(picker_collective=Coalesce(Subquery(member_of), Subquery(manager_of)))
            .order_by(collated("full_name"), "pk"))


def describe_person(person: Person) -> Description:
    parts = [_("sinh %(year)s") % {"year": person.birth_year} if person.birth_year else _("năm sinh chưa rõ"),
             person.unit.name]
    collective = getattr(person, "picker_collective", None)
    if collective:
        parts.append(collective)
    return {"id": person.pk, "text": person.full_name, "detail": " · ".join(parts),
            "education": person.education}


# --- Collectives ---


def collectives(user: User) -> QuerySet[Collective]:
    return visible(user, Collective.objects.all()).select_related("unit").order_by(collated("name"), "pk")


def describe_collective(collective: Collective) -> Description:
    parts = [collective.get_kind_display(), collective.unit.name]
    if collective.registration_code:
        parts.append(collective.registration_code)
    if collective.dissolved_on:
        parts.append(_("giải thể %(day)s") % {"day": f"{collective.dissolved_on:%d/%m/%Y}"})
    return {"id": collective.pk, "text": collective.name, "detail": " · ".join(parts)}


# --- Units ---

def with_parents(units: QuerySet[AdministrativeUnit]) -> QuerySet[AdministrativeUnit]:
    """Units with the two levels above them, which tell apart the many "Xã Tân Lập"."""
    return units.select_related("parent", "parent__parent")


def communes(user: User) -> QuerySet[AdministrativeUnit]:
    return with_parents(visible(user, AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE))).order_by(
        collated("name"), "pk")


def units(user: User) -> QuerySet[AdministrativeUnit]:
    """Every unit in scope, provinces first, then districts, then communes."""
    return cast(UnitQuerySet, with_parents(visible(user, AdministrativeUnit.objects.all()))).by_level()


def describe_unit(unit: AdministrativeUnit) -> Description:
    parts = [ancestor.name for ancestor in (unit.parent, unit.parent.parent if unit.parent else None) if ancestor]
    if unit.valid_until:
        parts.append(_("đến %(day)s") % {"day": f"{unit.valid_until:%d/%m/%Y}"})
    elif unit.valid_from:
        parts.append(_("từ %(day)s") % {"day": f"{unit.valid_from:%d/%m/%Y}"})
    return {"id": unit.pk, "text": unit.name, "detail": " · ".join(parts)}


# --- Endpoints ---


def reader(view: PickerView) -> User:
    """The signed-in user of a picker's request (has_permission has let no one else in)."""
    return cast(User, view.request.user)


class _WritersPicker(PickerView):
    def allowed(self, user) -> bool:
        return user.can_write


class PeoplePicker(_WritersPicker):
    model = Person

    def records(self):
        return people(reader(self))

    def describe(self, obj):
        return describe_person(obj)


class CollectivesPicker(_WritersPicker):
    model = Collective

    def records(self):
        return collectives(reader(self))

    def describe(self, obj):
        return describe_collective(obj)


class _UnitsPicker(PickerView):
    model = AdministrativeUnit

    def allowed(self, user) -> bool:
        return True  # every role reads by unit; the scope decides which units

    def describe(self, obj):
        return describe_unit(obj)


class CommunesPicker(_UnitsPicker):
    def records(self):
        return communes(reader(self))


class UnitsPicker(_UnitsPicker):
    def records(self):
        return units(reader(self))


# --- Widgets for the forms ---


def person_picker(*, multiple: bool = False):
    widget = PickerSelectMultiple if multiple else PickerSelect
    return widget(reverse_lazy("cooperatives:pick_people"), describe_person)


def collective_picker(*, multiple: bool = False):
    widget = PickerSelectMultiple if multiple else PickerSelect
    return widget(reverse_lazy("cooperatives:pick_collectives"), describe_collective,
                  placeholder=gettext_lazy("Gõ tên hoặc mã số HTX để tìm"))


def commune_picker(placeholder=None):
    return PickerSelect(reverse_lazy("cooperatives:pick_communes"), describe_unit, placeholder=placeholder)


def unit_picker(placeholder=None):
    return PickerSelect(reverse_lazy("cooperatives:pick_units"), describe_unit, placeholder=placeholder)
