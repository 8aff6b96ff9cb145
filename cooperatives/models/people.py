"""People (members and managers), their dated memberships and management roles."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Collate
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cooperatives.ethnicity import Ethnicity
from core.collation import COLLATION
from core.models import TrackedModel
from core.validation import today


class Gender(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class PersonKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Cá nhân")
    HOUSEHOLD = "household", _("Hộ gia đình")
    ORGANISATION = "organisation", _("Tổ chức")


class Education(models.TextChoices):
    POSTGRADUATE = "postgraduate", _("Sau đại học")
    UNIVERSITY = "university", _("Đại học")
    COLLEGE = "college", _("Cao đẳng")
    INTERMEDIATE = "intermediate", _("Trung cấp")
    ELEMENTARY = "elementary", _("Sơ cấp")
    NONE = "none", _("Chưa qua đào tạo")


# The four bands of the official report form (Phụ lục I-19) that the six levels fold into.
EDUCATION_BANDS = {
    Education.POSTGRADUATE: "university_plus",
    Education.UNIVERSITY: "university_plus",
    Education.COLLEGE: "intermediate_college",
    Education.INTERMEDIATE: "intermediate_college",
    Education.ELEMENTARY: "elementary_vocational",
    Education.NONE: "untrained",
}



class MemberType(models.TextChoices):
    OFFICIAL = "official", _("Thành viên chính thức")
    ASSOCIATE = "associate", _("Thành viên liên kết")


class RoleKind(models.TextChoices):
    CHAIR = "chair", _("Chủ tịch HĐQT")
    DIRECTOR = "director", _("Giám đốc")
    DEPUTY_DIRECTOR = "deputy_director", _("Phó giám đốc")
    CHIEF_ACCOUNTANT = "chief_accountant", _("Kế toán trưởng")
    CONTROLLER = "controller", _("Kiểm soát viên / Trưởng ban kiểm soát")
    GROUP_LEADER = "group_leader", _("Tổ trưởng tổ hợp tác")


class Person(TrackedModel):
    full_name = models.CharField(_("họ và tên"), max_length=200)
    kind = models.CharField(_("loại thành viên"), max_length=12, choices=PersonKind.choices,
                            default=PersonKind.INDIVIDUAL,
                            help_text=_("Thành viên có thể là cá nhân, hộ gia đình hoặc tổ chức."))
    gender = models.CharField(_("giới tính"), max_length=6, choices=Gender.choices, blank=True)
    # One of the 54 groups, by its GSO code (cooperatives.ethnicity; domain.md, decision 26).
    ethnicity = models.CharField(_("dân tộc"), max_length=2, choices=Ethnicity.choices, blank=True)
    ethnic_subgroup = models.CharField(_("nhóm địa phương"), max_length=50, blank=True,
                                       help_text=_("Ví dụ: Sán Chỉ (thuộc dân tộc Sán Chay)."))
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    education = models.CharField(_("trình độ chuyên môn"), max_length=12, choices=Education.choices,
                                 default=Education.NONE)
    unit = models.ForeignKey("units.AdministrativeUnit", verbose_name=_("xã / phường / thị trấn"),
                             on_delete=models.PROTECT, related_name="people")
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    search_text = models.CharField(max_length=600, editable=False, default="", db_index=False)

    search_fields = ("full_name",)
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("người")
        verbose_name_plural = _("thành viên, cán bộ")
        ordering = [Collate("full_name", COLLATION)]  # Vietnamese alphabetical order (core.collation)
        indexes = [
            # Managers by education (reports.figures): the roles' persons read from the
            # index alone, not 80,000 lookups into the 1.9 M rows of the country.
            models.Index(fields=["id", "education"], name="person_id_education"),
        ]
        constraints = [
            models.CheckConstraint(
                name="person_birth_year_range",
                condition=Q(birth_year__isnull=True) | (Q(birth_year__gte=1900) & Q(birth_year__lte=2100)),
                violation_error_message=_("Năm sinh không hợp lệ."),
            ),
            models.CheckConstraint(name="person_education_valid", condition=Q(education__in=Education.values)),
        ]

    def __str__(self) -> str:
        return self.full_name

    def clean(self):
        if self.birth_year is not None and not 1900 <= self.birth_year <= today().year:
            raise ValidationError({"birth_year": _("Năm sinh phải từ 1900 đến năm nay.")})
        if self.unit_id and self.unit.level != "commune":
            raise ValidationError({"unit": _("Hãy chọn một xã, phường hoặc thị trấn.")})


# --- Dated records (memberships, management roles): the one place for their day rules ---
# A record runs from its start day through its end day (the end day is its last day).


def dated_q(first: datetime.date, last: datetime.date, start: str, end: str, prefix: str = "") -> Q:
    """Records running on at least one day from `first` through `last`."""
    return Q(**{f"{prefix}{start}__lte": last}) & (
        Q(**{f"{prefix}{end}__isnull": True}) | Q(**{f"{prefix}{end}__gte": first}))


def role_held_q(day: datetime.date, prefix: str = "") -> Q:
    """A management role held on `day` (a role ending that very day still counts)."""
    return dated_q(day, day, "started_on", "ended_on", prefix)


def roles_held_between_q(first: datetime.date, last: datetime.date, prefix: str = "") -> Q:
    """Management roles held on at least one day from `first` through `last`."""
    return dated_q(first, last, "started_on", "ended_on", prefix)


class DatedQuerySet(models.QuerySet):
    """Memberships and roles: records with a start and an optional end."""

    start_field = "started_on"
    end_field = "ended_on"

    def active_on(self, day: datetime.date):
        return self.filter(dated_q(day, day, self.start_field, self.end_field))


class MembershipQuerySet(DatedQuerySet):
    start_field = "joined_on"
    end_field = "left_on"


def _check_dated(instance, start: str, end: str, same_kind: Q) -> dict:
    """Rules shared by memberships and roles: order of dates, collective alive, no overlap."""
    errors: dict[str, Any] = {}  # field → message(s), as ValidationError takes them
    starts, ends = getattr(instance, start), getattr(instance, end)
    if starts and ends and ends < starts:
        errors[end] = _("Ngày kết thúc không được trước ngày bắt đầu.")
    if starts and starts > today():
        errors[start] = _("Ngày không được ở tương lai.")
    if instance.collective_id and starts and not errors:
        collective = instance.collective
        if collective.is_dissolved_by(starts):
            errors[start] = _("Tổ chức đã giải thể ngày %(d)s.") % {"d": f"{collective.dissolved_on:%d/%m/%Y}"}
        if instance.person_id:
            overlap = type(instance).objects.filter(same_kind).exclude(pk=instance.pk).filter(
                dated_q(starts, ends or datetime.date.max, start, end))
            if overlap.exists():
                errors[start] = _("Trùng thời gian với một bản ghi khác của cùng người ở cùng tổ chức.")
    return errors


class Membership(TrackedModel):
    person = models.ForeignKey(Person, verbose_name=_("thành viên"), on_delete=models.PROTECT,
                               related_name="memberships")
    collective = models.ForeignKey("cooperatives.Collective", verbose_name=_("tổ chức"), on_delete=models.PROTECT,
                                   related_name="memberships")
    member_type = models.CharField(_("loại thành viên"), max_length=10, choices=MemberType.choices,
                                   default=MemberType.OFFICIAL)
    joined_on = models.DateField(_("ngày gia nhập"))
    left_on = models.DateField(_("ngày ra khỏi"), null=True, blank=True)
    capital_contribution = models.BigIntegerField(_("vốn góp (đồng)"), default=0)

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()
    scope_field = "collective__unit"

    class Meta:
        verbose_name = _("tư cách thành viên")
        verbose_name_plural = _("tư cách thành viên")
        ordering = [Collate("collective__name", COLLATION), Collate("person__full_name", COLLATION)]
        constraints = [
            models.CheckConstraint(name="membership_ends_after_start",
                                   condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                                   violation_error_message=_("Ngày ra khỏi không được trước ngày gia nhập.")),
            models.CheckConstraint(name="membership_capital_not_negative", condition=Q(capital_contribution__gte=0),
                                   violation_error_message=_("Vốn góp không được âm.")),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.collective}"

    def clean(self):
        errors = _check_dated(self, "joined_on", "left_on",
                              Q(person_id=self.person_id, collective_id=self.collective_id))
        if self.capital_contribution is not None and self.capital_contribution < 0:
            errors["capital_contribution"] = _("Vốn góp không được âm.")
        if errors:
            raise ValidationError(errors)


class ManagementRole(TrackedModel):
    person = models.ForeignKey(Person, verbose_name=_("cán bộ"), on_delete=models.PROTECT,
                               related_name="management_roles")
    collective = models.ForeignKey("cooperatives.Collective", verbose_name=_("tổ chức"), on_delete=models.PROTECT,
                                   related_name="management_roles")
    role = models.CharField(_("chức danh"), max_length=20, choices=RoleKind.choices)
    started_on = models.DateField(_("ngày bắt đầu"))
    ended_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)

    objects = DatedQuerySet.as_manager()
    history = HistoricalRecords()
    scope_field = "collective__unit"

    class Meta:
        verbose_name = _("chức danh quản lý")
        verbose_name_plural = _("cán bộ quản lý")
        ordering = [Collate("collective__name", COLLATION), "role"]
        constraints = [
            models.CheckConstraint(name="management_role_ends_after_start",
                                   condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                                   violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu.")),
            models.CheckConstraint(name="management_role_valid", condition=Q(role__in=RoleKind.values)),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()} – {self.collective}"

    def clean(self):
        errors = _check_dated(self, "started_on", "ended_on",
                              Q(person_id=self.person_id, collective_id=self.collective_id, role=self.role))
        if self.collective_id and self.role:
            is_tht = self.collective.kind == "tht"
            if is_tht != (self.role == RoleKind.GROUP_LEADER) and self.role in (RoleKind.GROUP_LEADER, RoleKind.CHAIR):
                errors["role"] = _("Tổ trưởng chỉ có ở tổ hợp tác; chủ tịch HĐQT chỉ có ở hợp tác xã.")
        if errors:
            raise ValidationError(errors)
