"""Plans and their targets (indicators.md, "Targets and status"). Results are computed, never stored."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import CleanText, TrackedModel
from core.parsing import format_percent
from core.validation import validate_year
from reports.engine import INDICATORS
from units.models import AdministrativeUnit

# The codes of indicators.md, in the order of its table: those the engine registers (each
# IndicatorSpec carries its code; tests/reports/test_indicators.py reads them off indicators.md).
INDICATOR_CODES = list(INDICATORS)


class Comparator(models.TextChoices):
    AT_LEAST = "at_least", _("Tối thiểu")
    AT_MOST = "at_most", _("Tối đa")
    BETWEEN = "between", _("Trong khoảng")


class Status(models.TextChoices):
    MET = "met", _("Đạt")
    EXCEEDED = "exceeded", _("Vượt")
    NOT_MET = "not_met", _("Không đạt")
    NO_DATA = "no_data", _("Chưa có số liệu")
    # A verdict waiting for the data: the year is not over or too many annual reports are
    # missing (reports.completeness).
    INCOMPLETE = "incomplete", _("Chưa đủ số liệu")


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

    # The printed report as an administrative document (Decree 30/2020/NĐ-CP, Appendix I):
    # who issues and signs it and who receives it. Blank fields take the defaults of
    # reports.documents (the People's Committee of the plan's unit, its place name).
    parent_body = models.CharField(
        _("cơ quan chủ quản"), max_length=200, blank=True,
        help_text=_("Chỉ khi văn bản ghi cơ quan cấp trên, ví dụ “UBND HUYỆN BÌNH LIÊU” trên báo cáo của một phòng."))
    issuing_body = models.CharField(
        _("cơ quan ban hành"), max_length=200, blank=True,
        help_text=_("Như trên văn bản, ví dụ “ỦY BAN NHÂN DÂN HUYỆN BÌNH LIÊU”. Để trống: Ủy ban nhân dân của "
                    "phạm vi kế hoạch."))
    document_symbol = models.CharField(
        _("ký hiệu văn bản"), max_length=40, blank=True, default="BC-UBND",
        help_text=_("Sau số văn bản: Số: …/BC-UBND (để trống: BC-UBND). Số do văn thư cấp khi ban hành."))
    place_name = models.CharField(
        _("địa danh"), max_length=100, blank=True,
        help_text=_("Trước ngày tháng: “Bình Liêu, ngày … tháng … năm …”. Để trống: tên phạm vi kế hoạch."))
    signer_authority = models.CharField(
        _("thẩm quyền ký"), max_length=100, blank=True, default="TM. ỦY BAN NHÂN DÂN",
        help_text=_("Ví dụ “TM. ỦY BAN NHÂN DÂN” hoặc “KT. CHỦ TỊCH”; để trống khi người đứng đầu ký trực tiếp."))
    signer_position = models.CharField(_("chức vụ người ký"), max_length=100, blank=True, default="CHỦ TỊCH",
                                       help_text=_("Để trống: CHỦ TỊCH."))
    signer_name = models.CharField(_("họ và tên người ký"), max_length=100, blank=True)
    recipients = models.TextField(
        _("nơi nhận"), blank=True,
        help_text=_("Mỗi dòng một nơi nhận; dòng “Lưu: VT.” được thêm vào cuối nếu chưa có."))

    history = HistoricalRecords()

    DOCUMENT_FIELDS = ("parent_body", "issuing_body", "document_symbol", "place_name", "signer_authority",
                       "signer_position", "signer_name", "recipients")

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
        # The units containing the scope come as ids (units.ancestor_ids, kept under the data
        # version), so the plan is read with one IN list, not three nested subqueries.
        return Q(unit__in=set(unit_ids) | AdministrativeUnit.objects.ancestor_ids(unit_ids)) | Q(unit__isnull=True)

    def clean(self):
        errors: dict[str, Any] = {}  # field → message(s), as ValidationError takes them
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
        errors: dict[str, Any] = {}  # field → message(s), as ValidationError takes them
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
        spec = INDICATORS.get(self.indicator)
        if spec is not None and spec.kind == "share":
            # A share is a fraction of a whole: 0–100 %. A 55 typed for 55 % is 5.500 %.
            for field, label in (("low", _("Cận dưới")), ("high", _("Cận trên"))):
                bound = getattr(self, field)
                if bound is not None and not 0 <= bound <= 1 and field not in errors:
                    errors[field] = _("%(field)s của tỷ lệ phải từ 0 %% đến 100 %% (nhập 55 %% hoặc 0,55), "
                                      "không phải %(value)s.") % {"field": label, "value": format_percent(bound)}
        if errors:
            raise ValidationError(errors)


class Publication(CleanText, models.Model):
    """A plan's results for a unit and year as published: every row as computed and the ids
    of the records behind each number, frozen. Never edited: publishing again supersedes it
    (the new one `supersedes` it, its `superseded_at` is set) and both are kept
    (reports.publication)."""

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.PROTECT, related_name="publications")
    unit = models.ForeignKey("units.AdministrativeUnit", verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người công bố"),
                                     on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(_("công bố lúc"))
    note = models.TextField(_("ghi chú"), blank=True)
    supersedes = models.OneToOneField("self", verbose_name=_("thay cho bản"), on_delete=models.PROTECT,
                                      null=True, blank=True, related_name="superseded_by")
    superseded_at = models.DateTimeField(_("bị thay lúc"), null=True, blank=True)

    scope_field = "unit"

    class Meta:
        verbose_name = _("kết quả đã công bố")
        verbose_name_plural = _("kết quả đã công bố")
        ordering = ["-published_at", "-pk"]
        constraints = [
            # One version in force per plan, unit and year: the one nobody superseded.
            models.UniqueConstraint(fields=["plan", "unit", "year"], condition=Q(superseded_at__isnull=True),
                                    name="publication_one_current"),
        ]

    def __str__(self) -> str:
        return f"{self.plan.code} – {self.unit} – {self.year} ({self.published_at:%d/%m/%Y})"

    def clean(self):
        if self.superseded_at is None and self.plan_id and self.unit_id and self.year and Publication.objects.filter(
                plan_id=self.plan_id, unit_id=self.unit_id, year=self.year, superseded_at__isnull=True,
        ).exclude(pk=self.pk).exists():
            raise ValidationError({"year": _("Kết quả năm này đã có một bản công bố đang có hiệu lực.")})


class PublishedResult(CleanText, models.Model):
    """One row of a publication, as reports.engine computed it. Numbers are kept as text (a
    Decimal's exact digits, an integer's value) so what was published reads back unchanged."""

    publication = models.ForeignKey(Publication, verbose_name=_("kết quả đã công bố"), on_delete=models.PROTECT,
                                    related_name="results")
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    indicator = models.CharField(_("chỉ tiêu"), max_length=40)
    tracked = models.BooleanField(_("chỉ tiêu theo dõi"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, blank=True)
    # baseline, value, change, change_relative, numerator, denominator (+ baseline_year of growth rows)
    figures = models.JSONField(_("số liệu"))
    target = models.JSONField(_("chỉ tiêu kế hoạch"), null=True, blank=True)
    no_data_reason = models.TextField(_("lý do chưa có số liệu"), blank=True)
    # {"numerator": {"model": "cooperatives.annualreport", "ids": [...]}, "denominator": {...}}
    records = models.JSONField(_("bản ghi"), blank=True)  # {} for a number no record stands behind

    scope_field = "publication__unit"

    class Meta:
        verbose_name = _("dòng kết quả đã công bố")
        verbose_name_plural = _("dòng kết quả đã công bố")
        ordering = ["publication", "position"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "indicator"], name="published_result_one_per_indicator"),
        ]

    def __str__(self) -> str:
        return f"{self.publication_id}: {self.indicator}"

    def clean(self):
        if self.publication_id and self.indicator and PublishedResult.objects.filter(
                publication_id=self.publication_id, indicator=self.indicator).exclude(pk=self.pk).exists():
            raise ValidationError({"indicator": _("Bản công bố đã có dòng của chỉ tiêu này.")})
