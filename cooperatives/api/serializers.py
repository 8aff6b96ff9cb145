from rest_framework import serializers

from cooperatives.models import (
    AnnualReport,
    Collective,
    ManagementRole,
    Membership,
    Person,
    TradeEvent,
    TrainingCourse,
)
from core.api.serializers import VersionedSerializer
from units.api.serializers import UnitCodeField


class CollectiveSerializer(VersionedSerializer):
    unit = UnitCodeField(help_text="Code of the commune.")
    status = serializers.ChoiceField(
        choices=[("active", "active"), ("suspended", "suspended"), ("dissolved", "dissolved")], read_only=True,
        help_text="Today: dissolved from `dissolved_on` on, suspended during a suspension, else active.",
    )

    class Meta:
        model = Collective
        fields = ["id", "version", "kind", "registration_code", "name", "unit", "sector", "address",
                  "legal_representative", "phone", "established_on", "dissolved_on", "dissolution_decision",
                  "dissolution_kind", "status", "charter_capital", "main_products", "created_at", "updated_at"]


class AnnualReportSerializer(VersionedSerializer):
    class Meta:
        model = AnnualReport
        fields = ["id", "version", "collective", "year", "members", "regular_workers", "revenue", "profit",
                  "average_monthly_income", "charter_capital_contributed", "classification",
                  "classification_score", "value_chain", "high_tech", "source"]


class PersonSerializer(VersionedSerializer):
    unit = UnitCodeField(help_text="Code of the commune where the person lives.")
    ethnicity_name = serializers.CharField(source="get_ethnicity_display", read_only=True,
                                           help_text="The group's name for `ethnicity` (its GSO code).")

    class Meta:
        model = Person
        fields = ["id", "version", "full_name", "kind", "gender", "ethnicity", "ethnicity_name", "ethnic_subgroup",
                  "birth_year", "education", "unit", "phone"]
        extra_kwargs = {"ethnicity": {"help_text": "GSO code of one of the 54 ethnic groups: \"01\" Kinh, "
                                                   "\"02\" Tày, \"09\" Dao, \"15\" Sán Chay … (docs/api.md)."}}


class MembershipSerializer(VersionedSerializer):

    class Meta:
        model = Membership
        fields = ["id", "version", "person", "collective", "member_type", "joined_on", "left_on",
                  "capital_contribution"]


class ManagementRoleSerializer(VersionedSerializer):

    class Meta:
        model = ManagementRole
        fields = ["id", "version", "person", "collective", "role", "started_on", "ended_on"]


class TrainingCourseSerializer(VersionedSerializer):
    unit = UnitCodeField(help_text="Code of the unit that held the course.")

    class Meta:
        model = TrainingCourse
        fields = ["id", "version", "title", "held_on", "organizer", "unit", "attendees", "extra_attendees"]
        extra_kwargs = {"attendees": {"help_text": "Ids of the people who attended."}}


class TradeEventSerializer(VersionedSerializer):
    unit = UnitCodeField(required=False, allow_null=True, help_text="Code of the unit that records the event.")

    class Meta:
        model = TradeEvent
        fields = ["id", "version", "name", "held_on", "location", "kind", "unit", "participants"]
        extra_kwargs = {"participants": {"help_text": "Ids of the collectives that took part."}}
