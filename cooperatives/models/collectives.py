"""Collectives (HTX, THT, unions), their suspensions and their yearly figures."""

import datetime
import unicodedata
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, FilteredRelation, Q, Value, When
from django.db.models.functions import Collate
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.collation import COLLATION
from core.models import TrackedModel
from core.validation import (
    today,
    validate_not_future,
    validate_year,
    year_end,
    year_range_constraint,
    year_start,
)
from units.models import validate_unit_on


class CollectiveKind(models.TextChoices):
    HTX = "htx", _("Hợp tác xã")
    THT = "tht", _("Tổ hợp tác")
    UNION = "union", _("Liên hiệp hợp tác xã")


class Sector(models.TextChoices):
    AGRICULTURE = "agriculture", _("Nông, lâm, ngư nghiệp")
    INDUSTRY = "industry", _("Công nghiệp, tiểu thủ công nghiệp, xây dựng")
    TRADE_SERVICES = "trade_services", _("Thương mại, dịch vụ")
    TRANSPORT = "transport", _("Vận tải")
    TOURISM = "tourism", _("Du lịch")
    ENVIRONMENT = "environment", _("Môi trường, nước sạch")
    CREDIT = "credit", _("Quỹ tín dụng nhân dân")
    OTHER = "other", _("Khác")


class DissolutionKind(models.TextChoices):
    VOLUNTARY = "voluntary", _("Tự nguyện")
    COMPULSORY = "compulsory", _("Bắt buộc")


class Classification(models.TextChoices):
    GOOD = "good", _("Tốt")
    FAIR = "fair", _("Khá")
    AVERAGE = "average", _("Trung bình")
    WEAK = "weak", _("Yếu")
    UNRATED = "unrated", _("Chưa xếp loại")


# Bands of Circular 01/2020/TT-BKHĐT (domain.md, decision 4): lower bound of each class.
CLASSIFICATION_BANDS: list[tuple[Decimal, str]] = [
    (Decimal(80), Classification.GOOD),
    (Decimal(65), Classification.FAIR),
    (Decimal(50), Classification.AVERAGE),
    (Decimal(0), Classification.WEAK),
]


def classification_for_score(score: Decimal | int | float) -> str:
    score = Decimal(str(score))
    for lower, klass in CLASSIFICATION_BANDS:
        if score >= lower:
            return klass
    return Classification.WEAK


# --- The life cycle in days: the one place for its boundaries (domain.md, decisions 13–14) ---
#
# A collective exists from its establishment day up to the day BEFORE its dissolution day
# (dissolved on D: gone on D). A suspension covers its first day up to the day before
# business resumed. "Active" is existing and not suspended. Each rule is a Q (with a
# `prefix` to reach the collective from another model, as in the engine's aggregates), and
# the QuerySet methods and clean()s below are written with these and nothing else.


def dissolved_q(day: datetime.date, prefix: str = "") -> Q:
    """Dissolved on or before `day`: a collective dissolved on D no longer exists on D."""
    return Q(**{f"{prefix}dissolved_on__lte": day})


def exists_q(day: datetime.date, prefix: str = "") -> Q:
    """Established on or before `day` and not dissolved by then."""
    return Q(**{f"{prefix}established_on__lte": day}) & ~dissolved_q(day, prefix)


def suspended_q(day: datetime.date, prefix: str = "") -> Q:
    """In a suspension on `day` (Suspension.covers_q).

    An uncorrelated `IN (SELECT collective_id …)`: PostgreSQL reads the few hundred
    suspensions once and hashes them. A correlated EXISTS inside the engine's conditional
    aggregates (a CASE, a FILTER) was run per row: ten times slower over the country's reports."""
    return Q(**{f"{prefix}pk__in": Suspension.objects.filter(Suspension.covers_q(day)).values("collective_id")})


def active_q(day: datetime.date, prefix: str = "") -> Q:
    """Active on `day`: it exists and is not suspended. What "HTX đang hoạt động" counts."""
    return exists_q(day, prefix) & ~suspended_q(day, prefix)


def existed_during_q(year: int, prefix: str = "") -> Q:
    """Existed on at least one day of `year` (it can have a report and a row on the sheet)."""
    return Q(**{f"{prefix}established_on__lte": year_end(year)}) & ~dissolved_q(year_start(year), prefix)


def whole_year_q(year: int, prefix: str = "") -> Q:
    """Existed on every day of `year`: the 12 months a class needs (Circular 01/2020)."""
    return Q(**{f"{prefix}established_on__lte": year_start(year)}) & ~dissolved_q(year_end(year), prefix)


class CollectiveQuerySet(models.QuerySet["Collective"]):
    def htx(self):
        return self.filter(kind=CollectiveKind.HTX)

    def tht(self):
        return self.filter(kind=CollectiveKind.THT)

    def collectives(self):
        """HTX and THT: what indicators call "collectives" (unions are counted apart)."""
        return self.filter(kind__in=[CollectiveKind.HTX, CollectiveKind.THT])

    def exists_on(self, day: datetime.date):
        return self.filter(exists_q(day))

    def active_on(self, day: datetime.date):
        return self.filter(active_q(day))

    def active_at_end_of(self, year: int):
        return self.active_on(year_end(year))

    def existed_during(self, year: int):
        return self.filter(existed_during_q(year))

    def operating_whole_year(self, year: int):
        return self.filter(whole_year_q(year))

    def established_in(self, year: int):
        return self.filter(established_on__year=year)

    def dissolved_in(self, year: int):
        return self.filter(dissolved_on__year=year)

    def with_status(self, day: datetime.date):
        """Annotate `status_on`: `dissolved`, `suspended` or `active` on `day` (the registry's
        status; `day` is today or before, when every collective is already established)."""
        return self.annotate(status_on=Case(
            When(dissolved_q(day), then=Value(STATUS_DISSOLVED)),
            When(suspended_q(day), then=Value(STATUS_SUSPENDED)),
            default=Value(STATUS_ACTIVE), output_field=models.CharField(),
        ))

    def in_units(self, unit_ids: set[int] | None):
        return self if unit_ids is None else self.filter(unit__in=unit_ids)

    def with_report_of(self, year: int):
        """Join `report_of_year`: the collective's annual report of `year`, if any (one at
        most: a report is unique per collective and year). `report_of_year__isnull=True`
        is "no report": a hash join, not a lookup per collective."""
        return self.annotate(report_of_year=FilteredRelation("annual_reports",
                                                             condition=Q(annual_reports__year=year)))


# Invisible characters that text pasted from Word, PDFs or chat apps carries inside codes.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063"
                                   "\u2064\ufeff"))


def normalize_registration_code(code: str | None) -> str | None:
    """The form a registration code is stored and compared in: NFKC (fullwidth "５７０１" is
    "5701"), without invisible characters ("57\u200b01"), every decimal digit of any script
    written in ASCII, no surrounding blanks; None when nothing is left. Two codes that look
    the same are then the same code, and the uniqueness rule sees them as one."""
    if code is None:
        return None
    text = unicodedata.normalize("NFKC", code).translate(_INVISIBLE)
    text = "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text).strip()
    return text or None


STATUS_ACTIVE, STATUS_SUSPENDED, STATUS_DISSOLVED = "active", "suspended", "dissolved"


class Collective(TrackedModel):
    kind = models.CharField(_("loại hình"), max_length=10, choices=CollectiveKind.choices)
    registration_code = models.CharField(
        _("mã số HTX / mã số thuế"), max_length=20, null=True, blank=True,
        help_text=_("Để trống với tổ hợp tác (không có tư cách pháp nhân)."),
    )
    name = models.CharField(_("tên"), max_length=255)
    unit = models.ForeignKey("units.AdministrativeUnit", verbose_name=_("xã / phường / thị trấn"),
                             on_delete=models.PROTECT, related_name="collectives")
    sector = models.CharField(_("lĩnh vực"), max_length=20, choices=Sector.choices, default=Sector.AGRICULTURE)
    address = models.CharField(_("địa chỉ trụ sở"), max_length=300, blank=True)
    legal_representative = models.CharField(_("người đại diện theo pháp luật"), max_length=200, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    established_on = models.DateField(_("ngày thành lập"))
    dissolved_on = models.DateField(_("ngày giải thể"), null=True, blank=True)
    dissolution_decision = models.CharField(_("số quyết định giải thể"), max_length=100, blank=True)
    dissolution_kind = models.CharField(_("hình thức giải thể"), max_length=12, choices=DissolutionKind.choices,
                                        blank=True)
    charter_capital = models.BigIntegerField(_("vốn điều lệ (đồng)"), default=0)
    main_products = models.CharField(_("sản phẩm, dịch vụ chính"), max_length=300, blank=True)
    search_text = models.CharField(max_length=600, editable=False, default="", db_index=False)

    objects = CollectiveQuerySet.as_manager()
    # The kind first ("htx hop tac xa"): "htx mien dong" finds "Miến dong Hoành Mô" (decision 27).
    search_fields = ("kind", "name", "registration_code", "legal_representative", "main_products")
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("tổ chức kinh tế tập thể")
        verbose_name_plural = _("tổ chức kinh tế tập thể")
        ordering = [Collate("name", COLLATION)]  # Vietnamese alphabetical order (core.collation)
        indexes = [models.Index(fields=["unit", "kind"]), models.Index(fields=["established_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["registration_code"], condition=Q(registration_code__isnull=False),
                name="collective_registration_code_unique",
                violation_error_message=_("Mã số này đã được dùng cho một tổ chức khác."),
            ),
            models.CheckConstraint(
                name="collective_dissolved_after_established",
                condition=Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=F("established_on")),
                violation_error_message=_("Ngày giải thể không được trước ngày thành lập."),
            ),
            models.CheckConstraint(
                name="collective_tht_has_no_registration_code",
                condition=~Q(kind="tht") | Q(registration_code__isnull=True),
                violation_error_message=_("Tổ hợp tác không có mã số HTX."),
            ),
            models.CheckConstraint(
                name="collective_charter_capital_not_negative", condition=Q(charter_capital__gte=0),
                violation_error_message=_("Vốn điều lệ không được âm."),
            ),
            models.CheckConstraint(
                name="collective_kind_valid", condition=Q(kind__in=CollectiveKind.values),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors: dict[str, Any] = {}  # field → message(s), as ValidationError takes them
        # Every door validates with full_clean (pages, API, importer, admin), so this is where
        # codes are normalised before the uniqueness check below and the constraint.
        self.registration_code = normalize_registration_code(self.registration_code)
        if self.kind == CollectiveKind.THT and self.registration_code:
            errors["registration_code"] = _("Tổ hợp tác không có mã số HTX; để trống ô này.")
        elif self.registration_code and Collective.objects.filter(
            registration_code=self.registration_code
        ).exclude(pk=self.pk).exists():
            errors["registration_code"] = _("Mã số này đã được dùng cho một tổ chức khác.")
        if self.established_on and self.dissolved_on and self.dissolved_on < self.established_on:
            errors["dissolved_on"] = _("Ngày giải thể không được trước ngày thành lập.")
        if not self.dissolved_on and (self.dissolution_decision or self.dissolution_kind):
            errors["dissolved_on"] = _("Hãy nhập ngày giải thể cùng quyết định giải thể.")
        if self.charter_capital is not None and self.charter_capital < 0:
            errors["charter_capital"] = _("Vốn điều lệ không được âm.")
        for field in ("established_on", "dissolved_on"):
            try:
                validate_not_future(getattr(self, field), field)
            except ValidationError as exc:
                errors.update(exc.message_dict)
        if self.unit_id and self.unit.level != "commune":
            errors["unit"] = _("Hãy chọn một xã, phường hoặc thị trấn.")
        elif self.unit_id and "unit" not in errors:
            try:
                validate_unit_on(self.unit, self.established_on, what=_("ngày thành lập"))
            except ValidationError as exc:
                errors.update(exc.message_dict)
        if errors:
            raise ValidationError(errors)

    @property
    def status(self) -> str:
        """`active`, `suspended` or `dissolved` today (CollectiveQuerySet.with_status): read
        from the annotation when the queryset has it, else one query."""
        if "status_on" in self.__dict__:
            return self.__dict__["status_on"]
        return Collective.objects.filter(pk=self.pk).with_status(today()).values_list("status_on", flat=True).get()

    @property
    def can_be_classified(self) -> bool:
        """Only an HTX is classified (TT 01/2020); a THT's report stays "Chưa xếp loại"."""
        return self.kind == CollectiveKind.HTX

    # The Python forms of dissolved_q and whole_year_q, for clean() on one loaded collective
    # (tests/cooperatives/test_life_cycle.py checks each agrees with its Q on the boundary days).
    def is_dissolved_by(self, day: datetime.date) -> bool:
        return self.dissolved_on is not None and self.dissolved_on <= day

    def operated_whole_year(self, year: int) -> bool:
        return self.established_on <= year_start(year) and not self.is_dissolved_by(year_end(year))


class Suspension(TrackedModel):
    """A dated period of tạm ngừng hoạt động; `ends_on` is the day business resumed."""

    collective = models.ForeignKey(Collective, verbose_name=_("tổ chức"), on_delete=models.PROTECT,
                                   related_name="suspensions")
    starts_on = models.DateField(_("tạm ngừng từ ngày"))
    ends_on = models.DateField(_("hoạt động trở lại từ ngày"), null=True, blank=True)
    decision_number = models.CharField(_("số thông báo / quyết định"), max_length=100, blank=True)
    reason = models.CharField(_("lý do"), max_length=300, blank=True)

    history = HistoricalRecords()
    scope_field = "collective__unit"

    class Meta:
        verbose_name = _("tạm ngừng hoạt động")
        verbose_name_plural = _("tạm ngừng hoạt động")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                name="suspension_ends_after_start",
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                violation_error_message=_("Ngày hoạt động trở lại không được trước ngày tạm ngừng."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.collective} – {self.starts_on:%d/%m/%Y}"

    @staticmethod
    def overlaps_q(first: datetime.date, until: datetime.date | None = None) -> Q:
        """Suspensions covering a day from `first` up to the day before `until` (None: any
        day from `first` on). A suspension covers `starts_on` up to the day before `ends_on`."""
        q = Q(ends_on__isnull=True) | Q(ends_on__gt=first)
        return q & Q(starts_on__lt=until) if until is not None else q

    @staticmethod
    def covers_q(day: datetime.date) -> Q:
        """Suspensions covering `day`."""
        return Suspension.overlaps_q(day, day + datetime.timedelta(days=1))

    def clean(self):
        errors: dict[str, Any] = {}  # field → message(s), as ValidationError takes them
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("Ngày hoạt động trở lại không được trước ngày tạm ngừng.")
        if self.collective_id and self.starts_on:
            collective = self.collective
            if self.starts_on < collective.established_on:
                errors["starts_on"] = _("Không thể tạm ngừng trước ngày thành lập.")
            if collective.is_dissolved_by(self.starts_on):
                errors["starts_on"] = _("Tổ chức đã giải thể ngày %(d)s.") % {"d": f"{collective.dissolved_on:%d/%m/%Y}"}
            overlapping = Suspension.objects.filter(collective_id=self.collective_id).exclude(pk=self.pk).filter(
                Suspension.overlaps_q(self.starts_on, self.ends_on))
            if overlapping.exists():
                errors["starts_on"] = _("Trùng với một lần tạm ngừng khác của tổ chức này.")
        if errors:
            raise ValidationError(errors)


class AnnualReportQuerySet(models.QuerySet["AnnualReport"]):
    def for_year(self, year: int):
        return self.filter(year=year)

    def htx(self):
        return self.filter(collective__kind=CollectiveKind.HTX)

    def collectives(self):
        return self.filter(collective__kind__in=[CollectiveKind.HTX, CollectiveKind.THT])

    def in_units(self, unit_ids: set[int] | None):
        return self if unit_ids is None else self.filter(collective__unit__in=unit_ids)

    def effective(self):
        return self.filter(classification__in=settings.COOPREG["EFFECTIVE_CLASSIFICATIONS"])


class AnnualReport(TrackedModel):
    """What one collective declares for one year (Phụ lục I-19 of TT 07/2019, simplified)."""

    collective = models.ForeignKey(Collective, verbose_name=_("tổ chức"), on_delete=models.PROTECT,
                                   related_name="annual_reports")
    year = models.PositiveSmallIntegerField(_("năm"))
    members = models.PositiveIntegerField(_("số thành viên"), default=0)
    regular_workers = models.PositiveIntegerField(_("lao động thường xuyên"), default=0)
    revenue = models.BigIntegerField(_("doanh thu (đồng)"), default=0)
    # A loss is a negative profit: a registry that refused it would force officers to lie.
    profit = models.BigIntegerField(_("lợi nhuận (đồng)"), default=0,
                                    help_text=_("Lãi (số âm nếu lỗ)."))
    average_monthly_income = models.BigIntegerField(
        _("thu nhập bình quân tháng của thành viên, người lao động (đồng)"), null=True, blank=True)
    charter_capital_contributed = models.BigIntegerField(_("vốn điều lệ đã góp (đồng)"), null=True, blank=True)
    classification = models.CharField(_("xếp loại"), max_length=10, choices=Classification.choices,
                                      default=Classification.UNRATED)
    classification_score = models.DecimalField(_("điểm đánh giá"), max_digits=5, decimal_places=2,
                                               null=True, blank=True)
    value_chain = models.BooleanField(_("gắn với chuỗi giá trị"), default=False)
    high_tech = models.BooleanField(_("ứng dụng công nghệ cao"), default=False)
    source = models.CharField(_("nguồn số liệu"), max_length=300, blank=True)

    objects = AnnualReportQuerySet.as_manager()
    history = HistoricalRecords()
    scope_field = "collective__unit"

    class Meta:
        verbose_name = _("báo cáo năm")
        verbose_name_plural = _("báo cáo năm")
        ordering = ["-year", Collate("collective__name", COLLATION)]
        indexes = [
            models.Index(fields=["year", "classification"]),
            # "Which collectives have a report of the year" (completeness, missing reports)
            # read from the index alone.
            models.Index(fields=["year", "collective"], name="annualreport_year_collective"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["collective", "year"], name="annual_report_one_per_year",
                                    violation_error_message=_("Tổ chức này đã có báo cáo của năm này.")),
            year_range_constraint("annual_report_year_range"),
            models.CheckConstraint(name="annual_report_revenue_not_negative", condition=Q(revenue__gte=0),
                                   violation_error_message=_("Doanh thu không được âm.")),
            models.CheckConstraint(
                name="annual_report_income_not_negative",
                condition=Q(average_monthly_income__isnull=True) | Q(average_monthly_income__gte=0),
                violation_error_message=_("Thu nhập không được âm."),
            ),
            models.CheckConstraint(
                name="annual_report_capital_not_negative",
                condition=Q(charter_capital_contributed__isnull=True) | Q(charter_capital_contributed__gte=0),
                violation_error_message=_("Vốn góp không được âm."),
            ),
            models.CheckConstraint(
                name="annual_report_classification_valid", condition=Q(classification__in=Classification.values),
            ),
            models.CheckConstraint(
                name="annual_report_score_range",
                condition=Q(classification_score__isnull=True)
                | (Q(classification_score__gte=0) & Q(classification_score__lte=100)),
                violation_error_message=_("Điểm đánh giá phải từ 0 đến 100."),
            ),
            # When a score is given, the class follows the bands of Circular 01/2020.
            models.CheckConstraint(
                name="annual_report_class_matches_score",
                condition=Q(classification_score__isnull=True)
                | Q(classification="good", classification_score__gte=80)
                | Q(classification="fair", classification_score__gte=65, classification_score__lt=80)
                | Q(classification="average", classification_score__gte=50, classification_score__lt=65)
                | Q(classification="weak", classification_score__lt=50),
                violation_error_message=_("Xếp loại không khớp với điểm đánh giá."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.collective} – {self.year}"

    def clean(self):
        errors: dict[str, Any] = {}  # field → message(s), as ValidationError takes them
        try:
            validate_year(self.year, "year")
        except ValidationError as exc:
            errors.update(exc.message_dict)
        for field in ("revenue", "average_monthly_income", "charter_capital_contributed"):
            value = getattr(self, field)
            if value is not None and value < 0:
                errors[field] = [_("Số tiền không được âm.")]
        if self.classification_score is not None and not 0 <= self.classification_score <= 100:
            errors["classification_score"] = [_("Điểm đánh giá phải từ 0 đến 100.")]
        elif self.classification_score is not None:
            expected = classification_for_score(self.classification_score)
            if self.classification == Classification.UNRATED:
                self.classification = expected
            elif self.classification != expected:
                errors["classification"] = [
                    _("Với %(score)s điểm, xếp loại phải là “%(label)s”.")
                    % {"score": self.classification_score, "label": Classification(expected).label}
                ]
        if self.collective_id and self.year and not errors.get("year"):
            if AnnualReport.objects.filter(collective_id=self.collective_id, year=self.year).exclude(
                pk=self.pk
            ).exists():
                errors["year"] = [_("Tổ chức này đã có báo cáo của năm này.")]
        if self.collective_id and self.year and not errors.get("year"):
            collective = self.collective
            if self.year < collective.established_on.year:
                errors["year"] = [_("Tổ chức thành lập năm %(y)s, không thể có báo cáo năm trước đó.")
                                  % {"y": collective.established_on.year}]
            elif collective.is_dissolved_by(year_start(self.year)):
                errors["year"] = [_("Tổ chức đã giải thể ngày %(d)s.") % {"d": f"{collective.dissolved_on:%d/%m/%Y}"}]
            elif self.classification != Classification.UNRATED:
                if not collective.can_be_classified:
                    errors["classification"] = [_("Chỉ hợp tác xã được xếp loại.")]
                elif not collective.operated_whole_year(self.year):
                    errors["classification"] = [_("HTX hoạt động chưa đủ 12 tháng trong năm thì chưa xếp loại.")]
        if errors:
            raise ValidationError(errors)

    @property
    def head_count(self) -> int:
        return (self.members or 0) + (self.regular_workers or 0)
