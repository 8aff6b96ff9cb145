"""factory_boy factories for registry records. Units come from the `units` fixture
(Bình Liêu); factories default to Hoành Mô (06841) when no unit is given."""

import datetime

import factory

from cooperatives.models import (
    AnnualReport,
    Collective,
    ManagementRole,
    Membership,
    Person,
    TradeEvent,
    TrainingCourse,
)
from ocop.models import OcopProduct, OcopRating
from reports.models import Plan, Target
from units.models import AdministrativeUnit, UnitStatistic


def default_commune():
    return AdministrativeUnit.objects.get(code="06841")


class CollectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Collective

    kind = "htx"
    registration_code = factory.LazyAttributeSequence(lambda o, n: None if o.kind == "tht" else f"5701{n:06d}")
    name = factory.Sequence(lambda n: f"Hợp tác xã Thử nghiệm {n}")
    unit = factory.LazyFunction(default_commune)
    sector = "agriculture"
    established_on = datetime.date(2018, 3, 1)


class AnnualReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualReport

    collective = factory.SubFactory(CollectiveFactory)
    year = 2022
    members = 10
    regular_workers = 5
    revenue = 1_000_000_000
    profit = 100_000_000
    average_monthly_income = 5_000_000


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Hoàng Văn Thử {n}")
    gender = "male"
    ethnicity = "02"
    birth_year = 1980
    education = "university"
    unit = factory.LazyFunction(default_commune)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    collective = factory.SubFactory(CollectiveFactory)
    member_type = "official"
    joined_on = datetime.date(2019, 1, 1)
    capital_contribution = 10_000_000


class ManagementRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ManagementRole

    person = factory.SubFactory(PersonFactory)
    collective = factory.SubFactory(CollectiveFactory)
    role = "director"
    started_on = datetime.date(2019, 1, 1)


class TrainingCourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingCourse

    title = factory.Sequence(lambda n: f"Lớp tập huấn quản lý HTX {n}")
    held_on = datetime.date(2022, 6, 1)
    organizer = "Liên minh HTX tỉnh"
    unit = factory.LazyFunction(default_commune)
    extra_attendees = 0


class TradeEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TradeEvent

    name = factory.Sequence(lambda n: f"Hội chợ OCOP {n}")
    held_on = datetime.date(2022, 9, 1)
    location = "Hạ Long"
    kind = "ocop_fair"


class OcopProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OcopProduct

    name = factory.Sequence(lambda n: f"Miến dong Bình Liêu {n}")
    group = "food"
    producer = factory.SubFactory(CollectiveFactory)
    unit = factory.LazyAttribute(lambda o: o.producer.unit if o.producer else default_commune())
    registered_on = datetime.date(2020, 1, 1)


class OcopRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OcopRating

    product = factory.SubFactory(OcopProductFactory)
    stars = 3
    score = 60
    decision_number = factory.Sequence(lambda n: f"{n}/QĐ-UBND")
    decided_on = datetime.date(2021, 6, 1)


class UnitStatisticFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitStatistic

    unit = factory.LazyFunction(lambda: AdministrativeUnit.objects.get(code="198"))
    year = 2022
    domestic_budget_revenue = 100_000_000_000
    collective_sector_product = 1_000_000_000


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    code = factory.Sequence(lambda n: f"plan-{n}")
    title = "Kế hoạch thử nghiệm"
    unit = factory.LazyFunction(lambda: AdministrativeUnit.objects.get(code="198"))
    baseline_year = 2022
    target_year = 2023


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    plan = factory.SubFactory(PlanFactory)
    indicator = "htx_new"
    comparator = "at_least"
    low = 3
