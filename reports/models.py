"""Plans and their targets (indicators.md, "Targets and status"). Results are computed, never stored."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TrackedModel
from core.validation import validate_year
from units.models import AdministrativeUnit

# The codes of indicators.md, in the order of its table. The engine (reports.indicators)
# registers one function per code; a test keeps the two in step.
INDICATOR_CODES = [
    "htx_new", "tht_new", "htx_dissolved", "htx_active", "tht_active", "htx_income_growth",
    "htx_effective_share", "htx_average_share", "htx_value_chain_effective", "htx_high_tech",
    "members_workers_growth", "avg_income_growth", "manager_training_turns",
    "htx_managers_university_share", "htx_managers_college_share", "htx_revenue_growth",
    "collective_gdp_share", "trade_events", "ocop_participating", "ocop_rated", "ocop_3_star",
    "ocop_4_star", "ocop_5_star",
]


class Comparator(models.TextChoices):
    AT_LEAST = "at_least", _("Tối thiểu")
    AT_MOST = "at_most", _("Tối đa")
    BETWEEN = "between", _("Trong khoảng")


class Status(models.TextChoices):
    MET = "met", _("Đạt")
    EXCEEDED = "exceeded", _("Vượt")
    NOT_MET = "not_met", _("Không đạt")
    NO_DATA = "no_data", _("Chưa có số liệu")


class Plan(TrackedModel):
    code = models.SlugField(_("mã kế hoạch"), max_length=60, unique=True)
    title = models.CharField(_("tên kế hoạch"), max_length=300)
    # No unit: the plan covers the whole country (computed with no unit filter at all).
    unit = models.ForeignKey("units.AdministrativeUnit", verbose_name=_("phạm vi"), on_delete=models.PROTECT,
                             related_name="plans", null=True, blank=True,
                             help_text=_("Để trống: kế hoạch toàn quốc."))
    baseline_year = models.PositiveSmallIntegerField(_("năm gốc"))
    target_year = models.PositiveSmallIntegerField(_("năm kế hoạch"))
    legal_basis = models.TextField(_("căn cứ"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-target_year", "code"]
        constraints = [
            # Like every other year of the register; the rule "not after next year" is in clean().
            models.CheckConstraint(name="plan_years_range",
                                   condition=Q(baseline_year__gte=1990) & Q(baseline_year__lte=2100)
                                   & Q(target_year__gte=1990) & Q(target_year__lte=2100),
                                   violation_error_message=_("Năm phải từ 1990 đến năm sau.")),
            models.CheckConstraint(name="plan_target_after_baseline",
                                   condition=Q(target_year__gt=F("baseline_year")),
                                   violation_error_message=_("Năm kế hoạch phải sau năm gốc.")),
        ]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def scope_q(cls, unit_ids: set[int]) -> Q:
        """Plans over a unit in scope, and plans over a unit that contains the scope: a
        commune's leaders read the district plan, for their own commune only (results are
        asked for units in scope). A country plan contains every scope, so everyone reads it
        (for their own scope). Writing plans is for admins anyway."""
        ancestors = AdministrativeUnit.objects.filter(
            Q(children__in=unit_ids) | Q(children__children__in=unit_ids)
            | Q(children__children__children__in=unit_ids)
        ).values("pk")
        return Q(unit__in=unit_ids) | Q(unit__in=ancestors) | Q(unit__isnull=True)

    def clean(self):
        errors = {}
        for field in ("baseline_year", "target_year"):
            try:
                validate_year(getattr(self, field), field)
            except ValidationError as exc:
                errors.update(exc.message_dict)
        if self.baseline_year and self.target_year and self.target_year <= self.baseline_year:
            errors["target_year"] = _("Năm kế hoạch phải sau năm gốc.")
        if errors:
            raise ValidationError(errors)


class Target(TrackedModel):
    # Targets are part of their plan (written nested with it), so they go with it.
    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="targets")
    indicator = models.CharField(_("chỉ tiêu"), max_length=40, choices=[(c, c) for c in INDICATOR_CODES])
    comparator = models.CharField(_("so sánh"), max_length=10, choices=Comparator.choices)
    low = models.DecimalField(_("cận dưới"), max_digits=20, decimal_places=6, null=True, blank=True)
    high = models.DecimalField(_("cận trên"), max_digits=20, decimal_places=6, null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    history = HistoricalRecords()
    scope_field = "plan__unit"

    class Meta:
        verbose_name = _("chỉ tiêu kế hoạch")
        verbose_name_plural = _("chỉ tiêu kế hoạch")
        ordering = ["plan", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "indicator"], name="target_one_per_indicator",
                                    violation_error_message=_("Kế hoạch đã có chỉ tiêu này.")),
            models.CheckConstraint(
                name="target_bounds_match_comparator",
                condition=Q(comparator="at_least", low__isnull=False)
                | Q(comparator="at_most", high__isnull=False)
                | Q(comparator="between", low__isnull=False, high__isnull=False, high__gte=F("low")),
                violation_error_message=_("Cận của chỉ tiêu không khớp với cách so sánh."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan.code}: {self.indicator}"

    def clean(self):
        errors = {}
        if self.plan_id and self.indicator and Target.objects.filter(
            plan_id=self.plan_id, indicator=self.indicator
        ).exclude(pk=self.pk).exists():
            errors["indicator"] = _("Kế hoạch đã có chỉ tiêu này.")
        if self.comparator in (Comparator.AT_LEAST, Comparator.BETWEEN) and self.low is None:
            errors["low"] = _("Hãy nhập cận dưới.")
        if self.comparator in (Comparator.AT_MOST, Comparator.BETWEEN) and self.high is None:
            errors["high"] = _("Hãy nhập cận trên.")
        if self.comparator == Comparator.BETWEEN and self.low is not None and self.high is not None:
            if self.high < self.low:
                errors["high"] = _("Cận trên không được nhỏ hơn cận dưới.")
        if errors:
            raise ValidationError(errors)
