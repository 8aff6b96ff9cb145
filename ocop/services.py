"""OCOP writes with a rule: recording a rating decision, withdrawing a product."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from coopreg.services import scoped_create, scoped_update
from ocop.models import OcopProduct, OcopRating


def rating_record(product: OcopProduct, *, actor, data: dict[str, Any]) -> OcopRating:
    """Record a rating decision (stars, score, decision number, date, validity)."""
    if product.withdrawn_on and data.get("decided_on") and data["decided_on"] > product.withdrawn_on:
        raise ValidationError({"decided_on": _("Sản phẩm đã rút khỏi chương trình trước ngày này.")})
    return scoped_create(OcopRating, actor=actor, data={**data, "product": product})


def product_withdraw(
    product: OcopProduct, *, actor, withdrawn_on: datetime.date, expected_version: int | None
) -> OcopProduct:
    if product.withdrawn_on:
        raise ValidationError({"withdrawn_on": _("Sản phẩm đã rút khỏi chương trình.")})
    return scoped_update(product, actor=actor, changes={"withdrawn_on": withdrawn_on},
                         expected_version=expected_version)
