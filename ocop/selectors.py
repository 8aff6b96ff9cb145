"""Reads for the OCOP pages, limited to the user's scope, with the stars in force and the
validity of the rating that gives them annotated in the database (rules: ocop.models)."""

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, QuerySet

from accounts.models import User
from accounts.scope import visible
from core.collation import collated
from core.text import search
from core.validation import today
from ocop.models import OcopProduct, OcopRating, in_force_q, withdrawn_q
from units.models import AdministrativeUnit


def product_list(
    user: User,
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
    qs = visible(user, OcopProduct.objects.all()).select_related("producer", "unit").with_rating_on(day)
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
        qs = qs.lapsing(day)
    if withdrawn == "no":
        qs = qs.exclude(withdrawn_q(day))
    elif withdrawn == "yes":
        qs = qs.withdrawn_by(day)
    return qs


def lapsing_ratings(user: User) -> QuerySet[OcopRating]:
    """The ratings lapsing soon (OcopRating.objects.lapsing) in the user's scope, today."""
    return (visible(user, OcopRating.objects.lapsing(today()))
            .select_related("product", "product__producer", "product__unit"))


def product_ratings(product: OcopProduct) -> list[OcopRating]:
    """The product's decisions, latest first, each flagged for today: `in_force`,
    `giving_stars` (the one its stars come from) and `lapsing` (that one, lapsing soon)."""
    day = today()
    return list(product.ratings.latest_first().annotate(
        in_force=ExpressionWrapper(in_force_q(day), output_field=BooleanField()),
        giving_stars=Exists(OcopRating.objects.giving_stars_on(day).filter(pk=OuterRef("pk"))),
        lapsing=Exists(OcopRating.objects.lapsing(day).filter(pk=OuterRef("pk"))),
    ))


def products_of(collective) -> list[OcopProduct]:
    """The OCOP products of a collective with the stars in force today (its page's section)."""
    return list(OcopProduct.objects.filter(producer=collective).with_stars_on(today()).order_by(collated("name")))
