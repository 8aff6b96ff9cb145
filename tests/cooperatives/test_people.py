"""Memberships and management roles in days (domain.md, decision 13)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cooperatives.models import ManagementRole, Membership, role_held_q
from tests.factories import CollectiveFactory, ManagementRoleFactory, PersonFactory

D = dt.date
DISSOLVED = D(2023, 6, 15)
DAY = dt.timedelta(days=1)


@pytest.mark.parametrize("model, start, extra", [
    (Membership, "joined_on", {"member_type": "official"}),
    (ManagementRole, "started_on", {"role": "director"}),
])
def test_neither_starts_on_the_dissolution_day(units, model, start, extra):
    collective = CollectiveFactory(unit=units["06841"], established_on=D(2018, 3, 1), dissolved_on=DISSOLVED)
    person = PersonFactory()
    model(person=person, collective=collective, **{start: DISSOLVED - DAY}, **extra).full_clean()
    with pytest.raises(ValidationError) as refused:
        model(person=person, collective=collective, **{start: DISSOLVED}, **extra).full_clean()
    assert refused.value.message_dict[start] == ["Tổ chức đã giải thể ngày 15/06/2023."]


def test_a_role_is_held_through_its_end_day(units):
    role = ManagementRoleFactory(started_on=D(2020, 1, 1), ended_on=D(2022, 12, 31))
    for day, held in ((D(2019, 12, 31), False), (D(2020, 1, 1), True), (D(2022, 12, 31), True),
                      (D(2023, 1, 1), False)):
        assert ManagementRole.objects.active_on(day).filter(pk=role.pk).exists() is held, day
        assert ManagementRole.objects.filter(role_held_q(day), pk=role.pk).exists() is held, day
