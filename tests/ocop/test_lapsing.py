"""Ratings lapsing soon: one meaning (domain.md, decision 15) on every page that shows it.

The latest decision in force of a product still in the programme, valid until no later
than today + OCOP_LAPSING_DAYS (180). Before, the dashboard took the latest expiry, the
product list kept withdrawn products, and the product page recomputed it in Python.
"""

import datetime as dt

import pytest
from django.urls import reverse

from core.validation import today
from ocop.models import OcopProduct, OcopRating
from ocop.selectors import product_list
from tests.factories import OcopProductFactory, OcopRatingFactory, PlanFactory

DAY = dt.timedelta(days=1)


@pytest.fixture
def products(units, today_):
    """One product per case, each in Hoành Mô, with the decisions that make it one."""
    t = today_

    def product(name, **extra):
        return OcopProductFactory(name=name, registered_on=dt.date(2018, 1, 1), **extra)

    def rating(p, decided, until, **extra):
        return OcopRatingFactory(product=p, decided_on=decided, valid_until=until, **extra)

    cases = {}
    cases["plain"] = p = product("Lapses in 30 days")
    rating(p, t - 1000 * DAY, t + 30 * DAY)
    cases["on_the_window_edge"] = p = product("Lapses in 180 days")
    rating(p, t - 900 * DAY, t + 180 * DAY)
    cases["past_the_window"] = p = product("Lapses in 181 days")
    rating(p, t - 900 * DAY, t + 181 * DAY)
    cases["renewed_later_shorter"] = p = product("Renewed, the renewal lapses first")
    rating(p, t - 700 * DAY, t + 400 * DAY)  # older, stays valid longer…
    rating(p, t - 100 * DAY, t + 60 * DAY)  # …but the latest decision gives the stars and lapses
    cases["renewed"] = p = product("Renewed for 3 years")
    rating(p, t - 1000 * DAY, t + 20 * DAY)
    rating(p, t - 10 * DAY, t + 1000 * DAY)
    cases["withdrawn"] = p = product("Withdrawn", withdrawn_on=t - 5 * DAY)
    rating(p, t - 1000 * DAY, t + 30 * DAY)
    cases["withdrawn_today"] = p = product("Withdrawn today", withdrawn_on=t)
    rating(p, t - 1000 * DAY, t + 30 * DAY)
    cases["latest_revoked"] = p = product("Latest decision revoked")
    rating(p, t - 1000 * DAY, t + 40 * DAY)  # still gives the stars: it lapses
    rating(p, t - 50 * DAY, t + 1000 * DAY, revoked=True)
    cases["lapsed"] = p = product("Already lapsed")
    rating(p, t - 1100 * DAY, t - DAY)
    return cases


@pytest.fixture
def today_():
    return today()


LAPSING = {"plain", "on_the_window_edge", "renewed_later_shorter", "latest_revoked"}


def test_the_one_rule(products, today_):
    lapsing = OcopRating.objects.lapsing(today_)
    assert {r.product.name for r in lapsing} == {products[k].name for k in LAPSING}
    assert set(OcopProduct.objects.lapsing(today_)) == {products[k] for k in LAPSING}
    renewal = OcopRating.objects.get(product=products["renewed_later_shorter"], valid_until=today_ + 60 * DAY)
    assert list(lapsing.filter(product=products["renewed_later_shorter"])) == [renewal]


def test_the_dashboard_counts_as_many_as_the_lapsing_page_lists(client, officer, district, products):
    PlanFactory(unit=district, code="ocop-plan")
    client.force_login(officer)
    dashboard = client.get(reverse("reports:dashboard"), {"plan": "ocop-plan"})
    check = next(c for c in dashboard.context["quality"] if c.key == "lapsing")
    page = client.get(reverse("ocop:lapsing"))
    assert check.count == page.context["page"].paginator.count == len(page.context["rows"]) == len(LAPSING)
    full = client.get(reverse("reports:quality", args=["lapsing"]), {"plan": "ocop-plan"})
    assert {r.pk for r in full.context["page"]} == {r.pk for r in page.context["page"]}


def test_the_product_list_filter_and_the_product_page_agree(client, officer, products, today_):
    client.force_login(officer)
    assert set(product_list(officer, lapsing=True)) == {products[k] for k in LAPSING}
    for key, product in products.items():
        page = client.get(reverse("ocop:product_detail", args=[product.pk]))
        assert page.context["lapsing_soon"] is (key in LAPSING), key
    shorter = client.get(reverse("ocop:product_detail", args=[products["renewed_later_shorter"].pk]))
    assert shorter.context["current"].valid_until == today_ + 60 * DAY
