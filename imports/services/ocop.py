"""Importing OCOP products with their rating decisions.

One row per rating decision (or per product, without rating columns). The product is
matched by its name and producer, the rating by its decision number and product; a
product rated twice takes two rows with the same product details.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from accounts.services import scoped_update
from core.text import fold
from imports.services.base import (
    CREATED,
    UNCHANGED,
    UPDATED,
    Column,
    Importer,
    ParsedRow,
    RowErrors,
    fail,
)
from imports.services.cells import ChoiceReader
from ocop.models import OcopProduct, OcopRating, ProducerKind, ProductGroup
from ocop.services import rating_record

GROUP = ChoiceReader(ProductGroup, {"Dược liệu": "herbs", "Thủ công mỹ nghệ": "handicrafts", "Du lịch": "tourism"})
PRODUCER_KIND = ChoiceReader(ProducerKind, {"HTX": "collective", "THT": "collective", "Hợp tác xã": "collective",
                                            "Tổ hợp tác": "collective", "Hộ": "household", "DN": "enterprise"})

PRODUCT_FIELDS = ("name", "group", "category", "registered_on", "withdrawn_on")
RATING_FIELDS = ("stars", "score", "issuer", "decided_on", "valid_until", "revoked")


class OcopImporter(Importer):
    kind = "ocop"
    title = _l("Sản phẩm OCOP và quyết định công nhận")
    sheet_name = _l("Sản phẩm OCOP")
    description = _l("Mỗi dòng là một quyết định công nhận của một sản phẩm (hoặc chỉ sản phẩm, nếu chưa có). "
                     "Sản phẩm được nhận ra theo tên và chủ thể; quyết định theo số quyết định và sản phẩm.")
    columns = [
        Column("name", _l("Tên sản phẩm"), required=True, example="Miến dong Bình Liêu"),
        Column("group", _l("Nhóm sản phẩm"), GROUP, required=True, example="Thực phẩm"),
        Column("category", _l("Loại sản phẩm"), example="miến dong"),
        Column("producer_kind", _l("Loại chủ thể"), PRODUCER_KIND,
               help=_l("Để trống khi có mã số HTX (chủ thể là HTX, THT)."), example="Tổ chức kinh tế tập thể"),
        Column("registration_code", _l("Mã số HTX chủ thể"), example="5701234567"),
        Column("producer_name", _l("Tên chủ thể"),
               help=_l("Tên HTX/THT (khi không có mã số), doanh nghiệp hoặc hộ sản xuất.")),
        Column("unit", _l("Xã / phường / thị trấn"), "unit",
               help=_l("Bắt buộc với doanh nghiệp, hộ sản xuất; với HTX lấy theo xã của HTX.")),
        Column("registered_on", _l("Ngày tham gia chương trình"), "date", required=True, example="01/06/2020"),
        Column("withdrawn_on", _l("Ngày rút khỏi chương trình"), "date"),
        Column("stars", _l("Số sao"), "int", help=_l("Từ 1 đến 5."), example="4", options=(1, 2, 3, 4, 5)),
        Column("score", _l("Điểm"), "decimal", example="78,5"),
        Column("decision_number", _l("Số quyết định công nhận"), example="1234/QĐ-UBND"),
        Column("issuer", _l("Cơ quan ban hành"), example="UBND tỉnh Quảng Ninh"),
        Column("decided_on", _l("Ngày quyết định"), "date", example="15/09/2021"),
        Column("valid_until", _l("Hiệu lực đến"), "date", help=_l("Để trống: 36 tháng kể từ ngày quyết định.")),
        Column("revoked", _l("Đã thu hồi"), "bool", example="Không"),
    ]
    field_columns = {"producer": "registration_code", "product": "name"}
    main_model = OcopProduct
    link_name = "ocop:product_detail"
    label_columns = ("name",)

    def prepare(self, rows: list[ParsedRow]) -> None:
        self.collectives.prefetch(r.values.get("registration_code") for r in rows)
        self.products: dict[tuple, dict[str, OcopProduct]] = {}
        self.product_rows: dict[tuple, tuple[int, dict]] = {}

    def _products_of(self, producer_key: tuple) -> dict[str, OcopProduct]:
        if producer_key not in self.products:
            if producer_key[0] == "c":
                queryset = OcopProduct.objects.filter(producer_id=producer_key[1])
            else:
                queryset = OcopProduct.objects.filter(producer__isnull=True, unit_id=producer_key[2])
            found: dict[str, OcopProduct] = {}
            for product in queryset.select_related("unit", "producer").order_by("pk"):
                name_key = fold(product.name)
                if producer_key[0] == "n":
                    name_key += "|" + fold(product.producer_name)
                found.setdefault(name_key, product)
            self.products[producer_key] = found
        return self.products[producer_key]

    def import_row(self, row: ParsedRow) -> str:
        values = row.values
        kind = values.get("producer_kind") or (ProducerKind.COLLECTIVE if values.get("registration_code") else None)
        if kind is None:
            fail("producer_kind", _("Hãy ghi loại chủ thể, hoặc mã số HTX của chủ thể."))
        product_values = {k: values[k] for k in PRODUCT_FIELDS if k in values}
        if kind == ProducerKind.COLLECTIVE:
            collective = self.collectives.resolve(code=values.get("registration_code"),
                                                  name=values.get("producer_name"), unit=values.get("unit"),
                                                  name_column="producer_name")
            producer_key: tuple = ("c", collective.pk)
            name_key = fold(values["name"])
            product_values.update(producer=collective, producer_kind=kind, unit=collective.unit)
        else:
            if not values.get("producer_name"):
                fail("producer_name", _("Hãy ghi tên doanh nghiệp hoặc hộ sản xuất."))
            if "unit" not in values:
                fail("unit", _("Hãy ghi xã nơi chủ thể sản xuất."))
            producer_key = ("n", None, values["unit"].pk)
            name_key = fold(values["name"]) + "|" + fold(values["producer_name"])
            product_values.update(producer_kind=kind, producer_name=values["producer_name"], unit=values["unit"])

        key = (producer_key, name_key)
        self.agree_with_earlier(self.product_rows, key, row, product_values, "name",
                                _("Thông tin sản phẩm khác với dòng %(row)s của tệp."))

        products = self._products_of(producer_key)
        existing = products.get(name_key)
        try:
            if existing is None:
                created = self.create(row, OcopProduct, product_values)
                if created is None:  # only bulk_models are deferred, and products are not one
                    raise TypeError("OcopProduct rows are written at once")
                product = created
                products[name_key] = product
                actions = [CREATED]
            else:
                changes = self.changes_for(existing, product_values, row)
                product = existing
                if changes:
                    product = scoped_update(existing, actor=self.actor, changes=changes,
                                            expected_version=existing.version)
                    products[name_key] = product
                actions = [UPDATED if changes else UNCHANGED]
        except ValidationError as exc:
            raise RowErrors(self.errors_from_validation(exc)) from exc
        self.count(OcopProduct, actions[0])

        rating_values = {k: values[k] for k in RATING_FIELDS if k in values}
        if values.get("decision_number"):
            actions.append(self._rating(row, product, values["decision_number"], rating_values))
        elif rating_values:
            fail("decision_number", _("Hãy nhập số quyết định công nhận."))

        if actions[0] == CREATED:
            return CREATED
        return UPDATED if any(a != UNCHANGED for a in actions) else UNCHANGED

    def _rating(self, row: ParsedRow, product: OcopProduct, number: str, values: dict) -> str:
        self.once(("rating", product.pk, fold(number)), row, "decision_number",
                  _("Quyết định này của sản phẩm này trùng với dòng %(row)s của tệp."))
        existing = next((r for r in OcopRating.objects.filter(product=product)
                         if fold(r.decision_number) == fold(number)), None)
        try:
            if existing is None:
                rating_record(product, actor=self.actor, data={"decision_number": number, **values})
                self.note_created(row, OcopRating)
                action = CREATED
            else:
                changes = self.changes_for(existing, values, row)
                if changes:
                    scoped_update(existing, actor=self.actor, changes=changes, expected_version=existing.version)
                action = UPDATED if changes else UNCHANGED
        except ValidationError as exc:
            raise RowErrors(self.errors_from_validation(exc)) from exc
        self.count(OcopRating, action)
        return action
