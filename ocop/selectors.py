"""Reads for the OCOP pages, limited to the user's scope, with the stars in force and the
validity of the rating that gives them annotated in the database."""

import datetime

from django.conf import settings
from django.db.models import OuterRef, Q, QuerySet, Subquery

from accounts.scope import visible
from core.text import search
from core.validation import today
from ocop.models import OcopProduct, OcopRating
from units.models import AdministrativeUnit


def lapsing_days() -> int:
    return settings.COOPREG["OCOP_LAPSING_DAYS"]


def _rating_in_force(day: datetime.date):
    return OcopRating.objects.in_force_on(day).filter(product=OuterRef("pk")).order_by("-decided_on", "-pk")


def product_list(
    user,
    *,
    q: str | None = None,
    unit: AdministrativeUnit | None = None,
    group: str | None = None,
    stars: str | None = None,
    lapsing: bool = False,
    withdrawn: str | None = None,
) -> QuerySet[OcopProduct]:
    """Products in scope with `stars_on` (stars in force today, None if none) and
    `valid_until_on` (when the rating giving those stars lapses)."""
    day = today()
    qs = (
        visible(user, OcopProduct.objects.all())
        .select_related("producer", "unit")
        .with_stars_on(day)
        .annotate(valid_until_on=Subquery(_rating_in_force(day).values("valid_until")[:1]))
    )
    qs = search(qs, q)
    if unit is not None:
        qs = qs.filter(unit=unit)
    if group:
        qs = qs.filter(group=group)
    if stars == "none":
        qs = qs.filter(stars_on__isnull=True)
    elif stars:
        qs = qs.filter(stars_on=int(stars))
    if lapsing:
        qs = qs.filter(valid_until_on__lte=day + datetime.timedelta(days=lapsing_days()))
    if withdrawn == "no":
        qs = qs.filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day))
    elif withdrawn == "yes":
        qs = qs.filter(withdrawn_on__lte=day)
    return qs


def lapsing_ratings(user, *, within_days: int | None = None) -> QuerySet[OcopRating]:
    """Ratings in force today, giving their product its stars, that lapse within
    `within_days` (OCOP_LAPSING_DAYS by default), of products still in the programme.
    A rating already superseded by a newer one in force is not "lapsing": the product
    keeps its stars."""
    day = today()
    days = lapsing_days() if within_days is None else within_days
    current = (OcopRating.objects.in_force_on(day).filter(product=OuterRef("product"))
               .order_by("-decided_on", "-pk").values("pk")[:1])
    qs = (
        visible(user, OcopRating.objects.in_force_on(day))
        .filter(pk=Subquery(current), valid_until__lte=day + datetime.timedelta(days=days))
        .filter(Q(product__withdrawn_on__isnull=True) | Q(product__withdrawn_on__gt=day))
        .select_related("product", "product__producer", "product__unit")
    )
    return qs


def product_ratings(product: OcopProduct) -> list[OcopRating]:
    return list(product.ratings.order_by("-decided_on", "-pk"))


def products_of(collective) -> list[OcopProduct]:
    """The OCOP products of a collective with the stars in force today (its page's section)."""
    return list(OcopProduct.objects.filter(producer=collective).with_stars_on(today()).order_by("name"))
