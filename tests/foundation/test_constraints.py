"""Each integrity rule of the models holds twice: the database refuses a row that breaks it
(bypassing model validation with `.update()` or `bulk_create`), and model validation
(`full_clean`, what every service calls) refuses it with a message on the field.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F

from tests.factories import (
    AnnualReportFactory,
    CollectiveFactory,
    ManagementRoleFactory,
    MembershipFactory,
    OcopProductFactory,
    OcopRatingFactory,
    PersonFactory,
    PlanFactory,
    TargetFactory,
    UnitStatisticFactory,
)
from units.models import UnitSuccession

D = datetime.date


@dataclass
class Case:
    constraint: str
    make: Any  # (units) -> a valid saved instance
    changes: dict | None = None  # what breaks the rule, applied with .update(); None: duplicate the row
    field: str = ""  # the field full_clean must name
    python_changes: dict | None = None  # when the Python-side value differs (F() cannot be set)


def _succession(units):
    return UnitSuccession.objects.get(predecessor=units["06841"], successor=units["N10277"])


CASES = [
    Case("unit_validity_ordered", lambda u: u["N10277"], {"valid_until": D(2020, 1, 1)}, "valid_until"),
    Case("unit_not_own_parent", lambda u: u["06841"], {"parent": F("pk")}, "parent",
         python_changes={"parent_id": "__pk__"}),
    Case("unit_succession_unique", _succession, None, "successor"),
    Case("unit_succession_not_self", _succession, {"successor": F("predecessor")}, "successor",
         python_changes={"successor_id": "__predecessor_id__"}),
    Case("unit_statistic_one_per_year", lambda u: UnitStatisticFactory(), None, "year"),
    Case("unit_statistic_year_range", lambda u: UnitStatisticFactory(), {"year": 1980}, "year"),
    Case("unit_statistic_revenue_not_negative", lambda u: UnitStatisticFactory(),
         {"domestic_budget_revenue": -1}, "domestic_budget_revenue"),
    Case("unit_statistic_product_not_negative", lambda u: UnitStatisticFactory(),
         {"collective_sector_product": -1}, "collective_sector_product"),
    Case("collective_registration_code_unique", lambda u: CollectiveFactory(), None, "registration_code"),
    Case("collective_dissolved_after_established", lambda u: CollectiveFactory(),
         {"dissolved_on": D(2017, 1, 1)}, "dissolved_on"),
    Case("collective_tht_has_no_registration_code", lambda u: CollectiveFactory(kind="tht"),
         {"registration_code": "5701999999"}, "registration_code"),
    Case("collective_charter_capital_not_negative", lambda u: CollectiveFactory(), {"charter_capital": -1},
         "charter_capital"),
    Case("collective_kind_valid", lambda u: CollectiveFactory(), {"kind": "company"}, "kind"),
    Case("suspension_ends_after_start", lambda u: _suspension(), {"ends_on": D(2020, 1, 1)}, "ends_on"),
    Case("annual_report_one_per_year", lambda u: AnnualReportFactory(), None, "year"),
    Case("annual_report_year_range", lambda u: AnnualReportFactory(), {"year": 1980}, "year"),
    Case("annual_report_revenue_not_negative", lambda u: AnnualReportFactory(), {"revenue": -1}, "revenue"),
    Case("annual_report_income_not_negative", lambda u: AnnualReportFactory(), {"average_monthly_income": -1},
         "average_monthly_income"),
    Case("annual_report_capital_not_negative", lambda u: AnnualReportFactory(),
         {"charter_capital_contributed": -1}, "charter_capital_contributed"),
    Case("annual_report_classification_valid", lambda u: AnnualReportFactory(), {"classification": "great"},
         "classification"),
    Case("annual_report_score_range", lambda u: AnnualReportFactory(),
         {"classification": "good", "classification_score": Decimal("150")}, "classification_score"),
    Case("annual_report_class_matches_score", lambda u: AnnualReportFactory(),
         {"classification": "weak", "classification_score": Decimal("90")}, "classification"),
    Case("person_birth_year_range", lambda u: PersonFactory(), {"birth_year": 1800}, "birth_year"),
    Case("person_education_valid", lambda u: PersonFactory(), {"education": "phd"}, "education"),
    Case("membership_ends_after_start", lambda u: MembershipFactory(), {"left_on": D(2018, 1, 1)}, "left_on"),
    Case("membership_capital_not_negative", lambda u: MembershipFactory(), {"capital_contribution": -1},
         "capital_contribution"),
    Case("management_role_ends_after_start", lambda u: ManagementRoleFactory(), {"ended_on": D(2018, 1, 1)},
         "ended_on"),
    Case("management_role_valid", lambda u: ManagementRoleFactory(), {"role": "king"}, "role"),
    Case("ocop_product_has_producer", lambda u: OcopProductFactory(), {"producer": None, "producer_name": ""},
         "producer"),
    Case("ocop_product_withdrawn_after_registered", lambda u: OcopProductFactory(),
         {"withdrawn_on": D(2019, 1, 1)}, "withdrawn_on"),
    Case("ocop_product_group_valid", lambda u: OcopProductFactory(), {"group": "cars"}, "group"),
    Case("ocop_rating_stars_range", lambda u: OcopRatingFactory(), {"stars": 6}, "stars"),
    Case("ocop_rating_score_range", lambda u: OcopRatingFactory(), {"score": Decimal("150")}, "score"),
    Case("ocop_rating_valid_after_decision", lambda u: OcopRatingFactory(), {"valid_until": F("decided_on")},
         "valid_until", python_changes={"valid_until": D(2021, 6, 1)}),
    Case("plan_years_range", lambda u: PlanFactory(), {"baseline_year": 1980}, "baseline_year"),
    Case("plan_target_after_baseline", lambda u: PlanFactory(), {"target_year": 2022}, "target_year"),
    Case("target_one_per_indicator", lambda u: TargetFactory(), None, "indicator"),
    Case("target_bounds_match_comparator", lambda u: TargetFactory(), {"comparator": "between", "high": None},
         "high"),
]


def _approval(units, **extra):
    from cooperatives.models import YearApproval

    return YearApproval.objects.create(unit=units["06841"], year=2022, state="submitted", **extra)


def _approval_event(units):
    from accounts.models import User
    from cooperatives.models import ApprovalEvent

    actor = User.objects.create_user("actor_c", password="pw-actor-2023!", role="officer", scope=units["06841"])
    return ApprovalEvent.objects.create(approval=_approval(units), action="submit", from_state="draft",
                                        to_state="submitted", actor=actor)


def _reminder(units):
    from accounts.models import User
    from cooperatives.models import ApprovalReminder

    user = User.objects.create_user("reminded", password="pw-reminded-2023!", role="officer", scope=units["06841"])
    return ApprovalReminder.objects.create(user=user, sent_on=D(2024, 1, 10))


def _publication(units):
    from accounts.models import User
    from reports.models import Publication

    actor = User.objects.create_user("publisher", password="pw-publisher-2023!", role="admin")
    return Publication.objects.create(plan=PlanFactory(), unit=units["198"], year=2022, published_by=actor,
                                      published_at=datetime.datetime(2023, 1, 20, tzinfo=datetime.UTC))


def _published_result(units):
    from reports.models import PublishedResult

    return PublishedResult.objects.create(publication=_publication(units), position=1, indicator="htx_new",
                                          tracked=False, figures={"value": 1}, records={"numerator": {}})


CASES += [
    Case("year_approval_one_per_unit_year", _approval, None, "year"),
    Case("year_approval_state_valid", _approval, {"state": "lost"}, "state"),
    Case("year_approval_approved_has_approver", _approval, {"state": "approved"}, "approved_by"),
    Case("approval_event_action_valid", _approval_event, {"action": "burn"}, "action"),
    Case("approval_reminder_once_a_day", _reminder, None, "sent_on"),
    Case("publication_one_current", _publication, None, "year"),
    Case("published_result_one_per_indicator", _published_result, None, "indicator"),
]


def _suspension():
    from cooperatives.models import Suspension

    return Suspension.objects.create(collective=CollectiveFactory(), starts_on=D(2021, 3, 1), ends_on=D(2021, 9, 1))


def _duplicate(instance: models.Model) -> models.Model:
    copy = type(instance).objects.get(pk=instance.pk)
    copy.pk = None
    copy._state.adding = True
    return copy


def test_every_named_constraint_has_a_case():
    """A new integrity rule must come with its two tests here."""
    named = {
        constraint.name
        for model in apps.get_models()
        if model.__module__.split(".")[0] in {"accounts", "units", "cooperatives", "ocop", "reports", "imports"}
        for constraint in model._meta.constraints
    }
    assert named == {case.constraint for case in CASES}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.constraint)
def test_the_database_refuses_a_row_breaking(case, units):
    instance = case.make(units)
    model = type(instance)
    with pytest.raises(IntegrityError), transaction.atomic():
        if case.changes is None:
            model.objects.bulk_create([_duplicate(instance)])
        else:
            model.objects.filter(pk=instance.pk).update(**case.changes)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.constraint)
def test_model_validation_refuses_and_names_the_field(case, units):
    instance = case.make(units)
    candidate = _duplicate(instance) if case.changes is None else type(instance).objects.get(pk=instance.pk)
    for name, value in (case.python_changes or case.changes or {}).items():
        if isinstance(value, str) and value.startswith("__") and value.endswith("__"):
            value = getattr(candidate, value.strip("_"))
        setattr(candidate, name, value)
    with pytest.raises(ValidationError) as caught:
        candidate.full_clean()
    assert case.field in caught.value.message_dict, caught.value.message_dict
    assert caught.value.message_dict[case.field], caught.value.message_dict


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.constraint)
def test_the_starting_row_is_valid(case, units):
    # The cases above only prove something if the row they start from passes both checks.
    instance = case.make(units)
    type(instance).objects.get(pk=instance.pk).full_clean()
