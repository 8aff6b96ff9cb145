"""Administrative units (province → district → commune) that change over time.

History is never rewritten: a unit abolished in a merger keeps its records and gets a
successor link; scopes follow whole successions (see `AdministrativeUnit.objects.within`).
"""

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, ExpressionWrapper, Q, Value, When
from django.utils.functional import Promise as StrPromise
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.cache import cached
from core.collation import collated
from core.models import TrackedModel
from core.parsing import format_date
from core.validation import validate_year, year_end, year_range_constraint, year_start


class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("Tỉnh / thành phố")
    DISTRICT = "district", _("Huyện / quận / thị xã")
    COMMUNE = "commune", _("Xã / phường / thị trấn")


class UnitType(models.TextChoices):
    PROVINCE = "tinh", _("Tỉnh")
    CITY = "thanh_pho", _("Thành phố")
    DISTRICT = "huyen", _("Huyện")
    URBAN_DISTRICT = "quan", _("Quận")
    TOWNSHIP = "thi_xa", _("Thị xã")
    COMMUNE = "xa", _("Xã")
    WARD = "phuong", _("Phường")
    TOWN = "thi_tran", _("Thị trấn")
    SPECIAL_ZONE = "dac_khu", _("Đặc khu")


def valid_q(first: datetime.date, last: datetime.date | None = None) -> Q:
    """Units valid on at least one day from `first` through `last` (None: any day from
    `first` on). Both validity dates are days the unit is valid on. The one place for this
    rule: a day, a year (`UnitQuerySet.valid_in`), or "not gone before" all use it."""
    q = Q(valid_until__isnull=True) | Q(valid_until__gte=first)
    if last is not None:
        q &= Q(valid_from__isnull=True) | Q(valid_from__lte=last)
    return q


class UnitQuerySet(models.QuerySet["AdministrativeUnit"]):
    def valid_on(self, day: datetime.date):
        return self.filter(valid_q(day, day))

    def valid_in(self, year: int):
        return self.filter(valid_q(year_start(year), year_end(year)))

    def with_validity(self, first: datetime.date, last: datetime.date | None = None, *, name: str = "is_valid"):
        """Annotate `is_valid` (or `name`): valid_q(first, last) for each unit, so a page that
        lists units of several years reads the rule from the database instead of restating it."""
        return self.annotate(**{name: ExpressionWrapper(valid_q(first, last), output_field=models.BooleanField())})

    def by_level(self, *first):
        """Provinces, then districts, then communes, each level by name in Vietnamese order
        (core.collation), then id: how every list of units of several levels is offered.
        `first`: terms that come before the level (the dashboard puts its plan's unit first)."""
        level = Case(When(level=UnitLevel.PROVINCE, then=Value(0)), When(level=UnitLevel.DISTRICT, then=Value(1)),
                     When(level=UnitLevel.COMMUNE, then=Value(2)), default=Value(3),
                     output_field=models.IntegerField())
        return self.order_by(*first, level, collated("name"), "pk")

    def within_ids(self, unit: "AdministrativeUnit | None") -> set[int] | None:
        """Ids of `unit`, everything under it, and the units linked to those by whole
        successions (both ways: a merged commune's records answer for its successor, and
        the 2025 successors of Bình Liêu's communes still answer for the district).

        None means "no restriction" (the whole country). The query count depends on the
        depth of the tree and of succession chains, never on the number of records.
        """
        if unit is None:
            return None
        # Memoised on the instance: a page or a plan asks for the same unit's scope many
        # times, and a unit object lives no longer than the request that loaded it.
        memo = unit.__dict__.get("_within_ids")
        if memo is not None:
            return set(memo)
        # Kept in the shared cache under the data version (core.cache; units are registry data,
        # so an edit to the tree or a succession moves it): every scoped request asks, twice
        # for a reader's own scope and the unit of a report, 9 ms each at the country's size.
        ids = set(cached("units.within_ids", unit.pk, lambda: frozenset(_tree_and_successions(unit))))
        unit.__dict__["_within_ids"] = frozenset(ids)
        return ids

    def ancestor_ids(self, unit_ids: set[int] | frozenset[int]) -> frozenset[int]:
        """Ids of the units that contain any of `unit_ids` (parents, grandparents and
        great-grandparents: the tree has at most four levels), less `unit_ids` themselves.

        Kept in the shared cache under the data version, as `within_ids` is: every scoped
        read of a plan asks (Plan.scope_q), and three nested subqueries in its WHERE cost a
        district's API request 6 ms of query building and planning."""
        return cached("units.ancestor_ids", frozenset(unit_ids), lambda: _ancestors(unit_ids))


def _ancestors(unit_ids: set[int] | frozenset[int]) -> frozenset[int]:
    """UnitQuerySet.ancestor_ids, read from the database: one query, each unit's parent,
    grandparent and great-grandparent joined by key from the few units asked about."""
    rows = AdministrativeUnit.objects.filter(pk__in=unit_ids).values_list(
        "parent_id", "parent__parent_id", "parent__parent__parent_id")
    return frozenset(pk for row in rows for pk in row if pk is not None) - set(unit_ids)


def _tree_and_successions(unit: "AdministrativeUnit") -> set[int]:
    """UnitQuerySet.within_ids, read from the database (three or four queries)."""
    # The tree is at most province → district → commune: four levels cover it. Each level
    # is an IN over the one above (the parent index), not a join of the table to itself
    # three times, which PostgreSQL answers by hashing all 3,706 units of the country thrice.
    children = AdministrativeUnit.objects.filter(parent=unit).values("pk")
    grandchildren = AdministrativeUnit.objects.filter(parent__in=children).values("pk")
    ids = set(
        AdministrativeUnit.objects.filter(
            Q(pk=unit.pk) | Q(parent=unit) | Q(parent__in=children) | Q(parent__in=grandchildren)
        ).values_list("pk", flat=True)
    )
    # Follow successors forward and predecessors backward, each direction on its own:
    # going forward then back would pull in sibling communes merged into the same
    # successor (old Hoành Mô → new Hoành Mô → Đồng Văn), which are not in scope
    # (domain.md decision 7). Both directions share one query per step.
    forward, backward = set(ids), set(ids)
    while forward or backward:
        linked = UnitSuccession.objects.filter(whole=True).filter(
            Q(predecessor__in=forward) | Q(successor__in=backward)
        ).values_list("predecessor_id", "successor_id")
        found_forward, found_backward = set(), set()
        for old, new in linked:
            if old in forward:
                found_forward.add(new)
            if new in backward:
                found_backward.add(old)
        forward, backward = found_forward - ids, found_backward - ids
        ids |= forward | backward
    return ids


class AdministrativeUnit(TrackedModel):
    code = models.CharField(_("mã đơn vị"), max_length=20, unique=True,
                            help_text=_("Mã đơn vị hành chính (mã GSO) hoặc mã nội bộ khi chưa có mã chính thức."))
    name = models.CharField(_("tên"), max_length=200)
    level = models.CharField(_("cấp"), max_length=10, choices=UnitLevel.choices)
    unit_type = models.CharField(_("loại đơn vị"), max_length=10, choices=UnitType.choices, blank=True)
    parent = models.ForeignKey("self", verbose_name=_("thuộc đơn vị"), on_delete=models.PROTECT,
                               null=True, blank=True, related_name="children")
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_until = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    # Name and code folded (core.text), so a picker finds "Xã Hoành Mô" typed "hoanh mo".
    search_text = models.CharField(max_length=300, editable=False, default="")

    objects = UnitQuerySet.as_manager()
    search_fields = ("name", "code")
    history = HistoricalRecords(excluded_fields=["search_text"])

    scope_field = "pk"

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                name="unit_validity_ordered",
                condition=Q(valid_until__isnull=True) | Q(valid_from__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                violation_error_message=_("Ngày hết hiệu lực không được trước ngày bắt đầu hiệu lực."),
            ),
            models.CheckConstraint(
                name="unit_not_own_parent", condition=~Q(parent=models.F("pk")),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors: dict[str, Any] = {}  # field → message(s), as ValidationError takes them
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = _("Ngày hết hiệu lực không được trước ngày bắt đầu hiệu lực.")
        if self.parent_id and self.pk and self.parent_id == self.pk:
            errors["parent"] = _("Một đơn vị không thể thuộc chính nó.")
        order = [UnitLevel.PROVINCE, UnitLevel.DISTRICT, UnitLevel.COMMUNE]
        if (self.parent_id and self.level in order and (parent := self.parent) is not None
                and parent.level in order):
            if order.index(UnitLevel(parent.level)) >= order.index(UnitLevel(self.level)):
                errors["parent"] = _("Đơn vị cấp trên phải ở cấp cao hơn.")
        if errors:
            raise ValidationError(errors)

    def is_valid_on(self, day: datetime.date) -> bool:
        """valid_q(day, day) for this loaded unit, for clean() of the records placed in it
        (tests/units/test_models.py checks both agree on the boundary days)."""
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_until is None
                                                                        or day <= self.valid_until)

    def validity_display(self) -> str:
        """"từ 01/07/2025", "đến 30/06/2025", "01/01/2020–30/06/2025": what a message says of it."""
        first, last = self.valid_from, self.valid_until
        if first and last:
            return f"{format_date(first)}–{format_date(last)}"
        if first:
            return _("từ %(day)s") % {"day": format_date(first)}
        return _("đến %(day)s") % {"day": format_date(last)} if last else ""

    @property
    def whole_successor(self) -> "AdministrativeUnit | None":
        """The unit that wholly succeeded this one (a merger), if any: the link scopes follow."""
        link = self.successions_out.filter(whole=True).select_related("successor").first()
        return link.successor if link else None


def validate_unit_on(unit: AdministrativeUnit | None, day: datetime.date | None, *, what: "str | StrPromise",
                     field: str = "unit") -> None:
    """A record is placed only in a unit that exists on its date (`what`: "ngày thành lập",
    "ngày tổ chức"…): a collective on its establishment, a course or an event on the day it
    was held, a product on its registration. Called by those models' clean(), so every door
    (pages, API, importer, admin) that validates with full_clean refuses the same way,
    keyed on `field` (domain.md, decision 24)."""
    if unit is None or day is None or unit.is_valid_on(day):
        return
    if unit.valid_from is not None and day < unit.valid_from:
        message = _("%(unit)s chưa có vào %(what)s %(day)s (hiệu lực %(validity)s); hãy chọn đơn vị hành chính "
                    "có vào ngày đó.")
    else:
        message = _("%(unit)s không còn vào %(what)s %(day)s (hiệu lực %(validity)s); hãy chọn đơn vị hành chính "
                    "có vào ngày đó.")
    raise ValidationError({field: message % {"unit": unit.name, "what": what, "day": format_date(day),
                                             "validity": unit.validity_display()}})


class UnitSuccession(TrackedModel):
    """One unit (partly or wholly) became another on a date (a merger or a split)."""

    predecessor = models.ForeignKey(AdministrativeUnit, verbose_name=_("đơn vị cũ"), on_delete=models.PROTECT,
                                    related_name="successions_out")
    successor = models.ForeignKey(AdministrativeUnit, verbose_name=_("đơn vị kế thừa"), on_delete=models.PROTECT,
                                  related_name="successions_in")
    whole = models.BooleanField(_("toàn bộ"), default=True,
                                help_text=_("Bỏ chọn khi chỉ một phần đơn vị cũ nhập vào đơn vị này (tách)."))
    effective_on = models.DateField(_("có hiệu lực từ"))
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=200, blank=True)

    history = HistoricalRecords()
    scope_field = "successor"

    class Meta:
        verbose_name = _("kế thừa đơn vị hành chính")
        verbose_name_plural = _("kế thừa đơn vị hành chính")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="unit_succession_unique"),
            models.CheckConstraint(name="unit_succession_not_self", condition=~Q(predecessor=models.F("successor")),
                                   violation_error_message=_("Đơn vị không thể kế thừa chính nó.")),
        ]

    def __str__(self) -> str:
        kind = _("toàn bộ") if self.whole else _("một phần")
        return f"{self.predecessor} → {self.successor} ({kind}, {self.effective_on:%d/%m/%Y})"

    def clean(self):
        if self.predecessor_id and self.predecessor_id == self.successor_id:
            raise ValidationError({"successor": _("Đơn vị không thể kế thừa chính nó.")})
        # Named on the field here (the database constraint alone would report it for the form).
        if self.predecessor_id and self.successor_id and UnitSuccession.objects.filter(
            predecessor_id=self.predecessor_id, successor_id=self.successor_id
        ).exclude(pk=self.pk).exists():
            raise ValidationError({"successor": _("Đơn vị này đã được ghi là kế thừa đơn vị cũ đó.")})


class UnitStatistic(TrackedModel):
    """Figures an officer enters by hand for a unit and year, with the document they come from."""

    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="statistics")
    year = models.PositiveSmallIntegerField(_("năm"))
    domestic_budget_revenue = models.BigIntegerField(_("thu ngân sách nội địa (đồng)"), null=True, blank=True)
    collective_sector_product = models.BigIntegerField(_("tổng sản phẩm khu vực kinh tế tập thể (đồng)"),
                                                       null=True, blank=True)
    source = models.CharField(_("nguồn số liệu"), max_length=300, blank=True,
                              help_text=_("Văn bản, báo cáo mà số liệu được lấy từ đó."))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("số liệu thống kê của đơn vị")
        verbose_name_plural = _("số liệu thống kê của đơn vị")
        ordering = ["unit__code", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="unit_statistic_one_per_year",
                                    violation_error_message=_("Đơn vị này đã có số liệu của năm này.")),
            year_range_constraint("unit_statistic_year_range"),
            models.CheckConstraint(name="unit_statistic_revenue_not_negative",
                                   condition=Q(domestic_budget_revenue__isnull=True) | Q(domestic_budget_revenue__gte=0),
                                   violation_error_message=_("Thu ngân sách không được âm.")),
            models.CheckConstraint(name="unit_statistic_product_not_negative",
                                   condition=Q(collective_sector_product__isnull=True) | Q(collective_sector_product__gte=0),
                                   violation_error_message=_("Tổng sản phẩm không được âm.")),
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.year}"

    def clean(self):
        validate_year(self.year, "year")
        errors: dict[str, Any] = {}  # field → message(s), as ValidationError takes them
        # Named on their fields here (the database constraints alone would not say which).
        if self.domestic_budget_revenue is not None and self.domestic_budget_revenue < 0:
            errors["domestic_budget_revenue"] = _("Thu ngân sách không được âm.")
        if self.collective_sector_product is not None and self.collective_sector_product < 0:
            errors["collective_sector_product"] = _("Tổng sản phẩm không được âm.")
        if self.unit_id and self.year and UnitStatistic.objects.filter(
            unit_id=self.unit_id, year=self.year
        ).exclude(pk=self.pk).exists():
            errors["year"] = _("Đơn vị này đã có số liệu của năm này.")
        if errors:
            raise ValidationError(errors)
