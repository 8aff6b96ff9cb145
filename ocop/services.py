"""OCOP writes with a rule: recording a rating decision, withdrawing a product."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.services import scoped_create, scoped_update
from ocop.models import OcopProduct, OcopRating


def rating_record(product: OcopProduct, *, actor, data: dict[str, Any]) -> OcopRating:
    """Record a rating decision (stars, score, decision number, date, validity)."""
    if data.get("decided_on") and product.is_withdrawn_by(data["decided_on"]):
        raise ValidationError({"decided_on": _("Sản phẩm đã rút khỏi chương trình ngày %(d)s.")
                               % {"d": f"{product.withdrawn_on:%d/%m/%Y}"}})
    return scoped_create(OcopRating, actor=actor, data={**data, "product": product})


def product_withdraw(
    product: OcopProduct, *, actor, withdrawn_on: datetime.date, expected_version: int | None
) -> OcopProduct:
    if product.withdrawn_on:
        raise ValidationError({"withdrawn_on": _("Sản phẩm đã rút khỏi chương trình.")})
    return scoped_update(product, actor=actor, changes={"withdrawn_on": withdrawn_on},
                         expected_version=expected_version)


def _with_producer_unit(data: dict[str, Any]) -> dict[str, Any]:
    # A product of a registered collective lies in the collective's commune: set it before
    # the scope check, so the check sees where the product will really be.
    producer = data.get("producer")
    return {**data, "unit": producer.unit} if producer is not None else data


def product_create(*, actor, data: dict[str, Any], m2m: dict | None = None) -> OcopProduct:
    return scoped_create(OcopProduct, actor=actor, data=_with_producer_unit(data), m2m=m2m)


def product_update(
    product: OcopProduct, *, actor, changes: dict[str, Any], expected_version: int | None
) -> OcopProduct:
    if "producer" not in changes and product.producer_id and "unit" in changes:
        changes = {**changes, "unit": product.producer.unit}
    return scoped_update(product, actor=actor, changes=_with_producer_unit(changes),
                         expected_version=expected_version)
