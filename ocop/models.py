"""OCOP products (Decision 148/QĐ-TTg groups) and their rating decisions."""

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Collate
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.collation import COLLATION
from core.models import TrackedModel
from core.validation import add_months, today, validate_not_future
from units.models import validate_unit_on


class ProductGroup(models.TextChoices):
    FOOD = "food", _("Thực phẩm")
    BEVERAGES = "beverages", _("Đồ uống")
    HERBS = "herbs", _("Dược liệu và sản phẩm từ dược liệu")
    HANDICRAFTS = "handicrafts", _("Hàng thủ công mỹ nghệ")
    ORNAMENTAL = "ornamental", _("Sinh vật cảnh")
    TOURISM = "tourism", _("Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch")


class ProducerKind(models.TextChoices):
    COLLECTIVE = "collective", _("Tổ chức kinh tế tập thể")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    HOUSEHOLD = "household", _("Hộ sản xuất")


# --- Ratings and the programme in days: the one place for these rules (domain.md, 6 and 12) ---


def lapsing_days() -> int:
    """How far ahead "lapsing soon" looks (a setting: OCOP_LAPSING_DAYS)."""
    return settings.COOPREG["OCOP_LAPSING_DAYS"]


def withdrawn_q(day: datetime.date, prefix: str = "") -> Q:
    """Withdrawn from the programme on or before `day`."""
    return Q(**{f"{prefix}withdrawn_on__lte": day})


def participating_q(day: datetime.date, prefix: str = "") -> Q:
    """In the programme on `day`: registered by then and not withdrawn by then."""
    return Q(**{f"{prefix}registered_on__lte": day}) & ~withdrawn_q(day, prefix)


def in_force_q(day: datetime.date, prefix: str = "") -> Q:
    """A rating in force on `day`: decided by then, valid until then or later, not revoked."""
    return Q(**{f"{prefix}decided_on__lte": day, f"{prefix}valid_until__gte": day, f"{prefix}revoked": False})


class RatingQuerySet(models.QuerySet["OcopRating"]):
    def in_force_on(self, day: datetime.date):
        return self.filter(in_force_q(day))

    def latest_first(self):
        """The order in which the latest decision comes first (ties: the one recorded last)."""
        return self.order_by("-decided_on", "-pk")

    def giving_stars_on(self, day: datetime.date):
        """Each product's latest decision in force on `day`: the rating its stars come from.

        Written as "no later decision in force" (latest_first's order: the decision date, then
        the one recorded last), which PostgreSQL runs as an anti-join and counts rightly; an
        `id = (the first of each product's ratings)` test was estimated at a few rows and
        planned as nested loops over every unit (14 s for the country's lapsing ratings)."""
        later = OcopRating.objects.in_force_on(day).filter(product=OuterRef("product")).filter(
            Q(decided_on__gt=OuterRef("decided_on")) | Q(decided_on=OuterRef("decided_on"), pk__gt=OuterRef("pk")))
        return self.in_force_on(day).filter(~Exists(later))

    def lapsing(self, day: datetime.date, within_days: int | None = None):
        """Ratings lapsing within `within_days` (OCOP_LAPSING_DAYS by default) of `day`: the
        latest decision of a product still in the programme, in force on `day`, valid until
        no later than `day` + the window. A withdrawn product does not lapse; a product renewed
        by a later decision lapses by that decision's date, not by the older one's."""
        days = lapsing_days() if within_days is None else within_days
        return (self.giving_stars_on(day).filter(participating_q(day, "product__"))
                .filter(valid_until__lte=day + datetime.timedelta(days=days)))

    def in_units(self, unit_ids: set[int] | None):
        return self if unit_ids is None else self.filter(product__unit__in=unit_ids)


class ProductQuerySet(models.QuerySet["OcopProduct"]):
    def participating_on(self, day: datetime.date):
        return self.filter(participating_q(day))

    def withdrawn_by(self, day: datetime.date):
        return self.filter(withdrawn_q(day))

    def with_stars_on(self, day: datetime.date):
        """Annotate `stars_on`: stars of the rating giving the product its stars on `day`
        (RatingQuerySet.giving_stars_on; None if none)."""
        return self.annotate(stars_on=Subquery(_rating_giving_stars(day).values("stars")[:1]))

    def with_rating_on(self, day: datetime.date):
        """`stars_on`, and `valid_until_on`: until when the rating giving those stars is valid."""
        return self.with_stars_on(day).annotate(
            valid_until_on=Subquery(_rating_giving_stars(day).values("valid_until")[:1]))

    def lapsing(self, day: datetime.date, within_days: int | None = None):
        """Products whose rating lapses soon (RatingQuerySet.lapsing)."""
        return self.filter(pk__in=OcopRating.objects.lapsing(day, within_days).values("product"))

    def in_units(self, unit_ids: set[int] | None):
        return self if unit_ids is None else self.filter(unit__in=unit_ids)


def _rating_giving_stars(day: datetime.date):
    """The rating giving the outer product its stars on `day` (first row), for a Subquery."""
    return OcopRating.objects.in_force_on(day).filter(product=OuterRef("pk")).latest_first()


class OcopProduct(TrackedModel):
    name = models.CharField(_("tên sản phẩm"), max_length=255)
    group = models.CharField(_("nhóm sản phẩm"), max_length=12, choices=ProductGroup.choices)
    category = models.CharField(_("loại sản phẩm"), max_length=100, blank=True,
                                help_text=_("Ví dụ: miến dong, mật ong, dầu sở, tinh dầu hồi, chè."))
    producer = models.ForeignKey("cooperatives.Collective", verbose_name=_("chủ thể (HTX, THT)"),
                                 on_delete=models.PROTECT, null=True, blank=True, related_name="ocop_products")
    producer_kind = models.CharField(_("loại chủ thể"), max_length=12, choices=ProducerKind.choices,
                                     default=ProducerKind.COLLECTIVE)
    producer_name = models.CharField(_("tên chủ thể khác"), max_length=255, blank=True,
                                     help_text=_("Doanh nghiệp hoặc hộ sản xuất không phải HTX, THT."))
    # The producer's commune; for a registered collective it is copied from it on save.
    unit = models.ForeignKey("units.AdministrativeUnit", verbose_name=_("xã / phường / thị trấn"),
                             on_delete=models.PROTECT, related_name="ocop_products")
    registered_on = models.DateField(_("ngày tham gia chương trình"))
    withdrawn_on = models.DateField(_("ngày rút khỏi chương trình"), null=True, blank=True)
    search_text = models.CharField(max_length=600, editable=False, default="", db_index=False)

    objects = ProductQuerySet.as_manager()
    search_fields = ("name", "producer_name", "category")
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("sản phẩm OCOP")
        verbose_name_plural = _("sản phẩm OCOP")
        ordering = [Collate("name", COLLATION)]  # Vietnamese alphabetical order (core.collation)
        constraints = [
            models.CheckConstraint(
                name="ocop_product_has_producer",
                condition=Q(producer__isnull=False) | ~Q(producer_name=""),
                violation_error_message=_("Hãy chọn HTX/THT hoặc nhập tên chủ thể."),
            ),
            models.CheckConstraint(
                name="ocop_product_withdrawn_after_registered",
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=F("registered_on")),
                violation_error_message=_("Ngày rút không được trước ngày tham gia."),
            ),
            models.CheckConstraint(name="ocop_product_group_valid", condition=Q(group__in=ProductGroup.values)),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors: dict[str, Any] = {}  # field → message(s), as ValidationError takes them
        if self.producer_id and (producer := self.producer) is not None:
            self.producer_kind = ProducerKind.COLLECTIVE
            self.unit_id = producer.unit_id
        else:
            if self.producer_kind == ProducerKind.COLLECTIVE:
                errors["producer"] = _("Hãy chọn HTX/THT sản xuất, hoặc chọn loại chủ thể khác.")
            if not self.producer_name:
                errors["producer_name"] = _("Hãy nhập tên doanh nghiệp hoặc hộ sản xuất.")
            if not self.unit_id:
                errors["unit"] = _("Hãy chọn xã nơi chủ thể sản xuất.")
            else:
                # A collective's product lies where the collective is registered (checked
                # on its establishment); a product of another producer is placed by hand.
                try:
                    validate_unit_on(self.unit, self.registered_on, what=_("ngày tham gia chương trình"))
                except ValidationError as exc:
                    errors.update(exc.message_dict)
        if self.registered_on and self.withdrawn_on and self.withdrawn_on < self.registered_on:
            errors["withdrawn_on"] = _("Ngày rút không được trước ngày tham gia.")
        try:
            validate_not_future(self.registered_on, "registered_on")
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.producer_id and (producer := self.producer) is not None:
            self.unit_id = producer.unit_id
        super().save(*args, **kwargs)

    def is_withdrawn_by(self, day: datetime.date) -> bool:
        """withdrawn_q for this product (a product withdrawn on D is out of the programme on D)."""
        return self.withdrawn_on is not None and self.withdrawn_on <= day

    def rating_on(self, day: datetime.date) -> "OcopRating | None":
        """The rating giving this product its stars on `day`, or None."""
        return self.ratings.in_force_on(day).latest_first().first()

    @property
    def current_stars(self) -> int | None:
        if hasattr(self, "stars_on"):
            return self.stars_on
        rating = self.rating_on(today())
        return rating.stars if rating else None

    @property
    def producer_display(self) -> str:
        return str(self.producer) if self.producer_id else self.producer_name


def default_valid_until(decided_on: datetime.date) -> datetime.date:
    """A rating lapses 36 months after its decision unless stated (domain.md)."""
    return add_months(decided_on, settings.COOPREG["OCOP_RATING_VALIDITY_MONTHS"])


# 1 to 5 stars (Decision 148/QĐ-TTg): chosen from a list at every door, never typed.
STAR_CHOICES = [(1, _("1 sao")), (2, _("2 sao")), (3, _("3 sao")), (4, _("4 sao")), (5, _("5 sao"))]
STARS_MESSAGE = _("Số sao phải từ 1 đến 5.")


class OcopRating(TrackedModel):
    product = models.ForeignKey(OcopProduct, verbose_name=_("sản phẩm"), on_delete=models.PROTECT,
                                related_name="ratings")
    stars = models.PositiveSmallIntegerField(_("số sao"), choices=STAR_CHOICES,
                                             error_messages={"invalid_choice": STARS_MESSAGE})
    score = models.DecimalField(_("điểm"), max_digits=5, decimal_places=2, null=True, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=100)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True)
    decided_on = models.DateField(_("ngày quyết định"))
    valid_until = models.DateField(_("hiệu lực đến"), blank=True,
                                   help_text=_("Để trống: 36 tháng kể từ ngày quyết định."))
    revoked = models.BooleanField(_("đã thu hồi"), default=False)

    objects = RatingQuerySet.as_manager()
    history = HistoricalRecords()
    scope_field = "product__unit"

    class Meta:
        verbose_name = _("quyết định công nhận OCOP")
        verbose_name_plural = _("quyết định công nhận OCOP")
        ordering = ["-decided_on"]
        # A product's latest decision (RatingQuerySet.latest_first) read from the index's end,
        # not sorted per product: the stars of 16,000 products at each year end.
        indexes = [models.Index(fields=["product", "-decided_on", "-id"], name="ocop_rating_latest")]
        constraints = [
            models.CheckConstraint(name="ocop_rating_stars_range", condition=Q(stars__gte=1) & Q(stars__lte=5),
                                   violation_error_message=_("Số sao phải từ 1 đến 5.")),
            models.CheckConstraint(name="ocop_rating_score_range",
                                   condition=Q(score__isnull=True) | (Q(score__gte=0) & Q(score__lte=100)),
                                   violation_error_message=_("Điểm phải từ 0 đến 100.")),
            models.CheckConstraint(name="ocop_rating_valid_after_decision",
                                   condition=Q(valid_until__gt=F("decided_on")),
                                   violation_error_message=_("Ngày hết hiệu lực phải sau ngày quyết định.")),
        ]

    def __str__(self) -> str:
        return f"{self.product} – {self.stars}★ ({self.decision_number})"

    def clean(self):
        errors: dict[str, Any] = {}  # field → message(s), as ValidationError takes them
        # Stars outside 1–5 are refused by the field's choices (STARS_MESSAGE), before clean().
        if self.score is not None and not 0 <= self.score <= 100:
            errors["score"] = _("Điểm phải từ 0 đến 100.")
        if self.decided_on and not self.valid_until:
            self.valid_until = default_valid_until(self.decided_on)
        if self.decided_on and self.valid_until and self.valid_until <= self.decided_on:
            errors["valid_until"] = _("Ngày hết hiệu lực phải sau ngày quyết định.")
        try:
            validate_not_future(self.decided_on, "decided_on")
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if self.product_id and self.decided_on and self.decided_on < self.product.registered_on:
            errors["decided_on"] = _("Quyết định không thể trước ngày sản phẩm tham gia chương trình.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.decided_on and not self.valid_until:
            self.valid_until = default_valid_until(self.decided_on)
        super().save(*args, **kwargs)
