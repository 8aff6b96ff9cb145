"""Stars are chosen from 1–5 (domain.md, decision 26): a select on the page and in the
admin (the model's choices), a number 1–5 in the API, and every door refuses another number with the field named."""

import datetime

from django.urls import reverse

from ocop.models import OcopRating
from tests.api.conftest import token_client
from tests.factories import OcopProductFactory
from tests.pages.conftest import client_for


def test_the_page_offers_a_select_of_five_and_refuses_six(officer, units):
    product = OcopProductFactory(registered_on=datetime.date(2020, 1, 1))
    client = client_for(officer)
    url = reverse("ocop:rating_create", args=[product.pk])
    page = client.get(url).content.decode()
    assert '<select name="stars"' in page
    assert page.count('<option value="', page.index('<select name="stars"'), page.index("</select>",
           page.index('<select name="stars"'))) == 6  # the empty choice and 1–5
    assert ">4 sao</option>" in page
    refused = client.post(url, {"stars": "6", "decision_number": "1/QĐ", "decided_on": "01/01/2021"})
    assert refused.context["form"].errors["stars"] == ["Số sao phải từ 1 đến 5."]
    assert not OcopRating.objects.exists()


def test_the_api_refuses_six_stars_naming_the_field(officer, units):
    product = OcopProductFactory(registered_on=datetime.date(2020, 1, 1))
    api = token_client(officer)
    body = {"product": product.pk, "stars": 6, "decision_number": "1/QĐ", "decided_on": "2021-01-01"}
    refused = api.post("/api/v1/ocop/ratings/", body, format="json")
    assert refused.status_code == 400
    assert refused.json()["stars"] == ["Số sao phải từ 1 đến 5."]
    assert api.post("/api/v1/ocop/ratings/", {**body, "stars": 5}, format="json").status_code == 201
