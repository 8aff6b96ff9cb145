"""OCOP: a product's page (rating history, stars in force), recording a decision, lapsing list."""

import datetime

from django.urls import reverse

from core.validation import today
from ocop.models import OcopProduct, OcopRating
from tests.factories import OcopProductFactory, OcopRatingFactory

TODAY = today()


def days_ago(n):
    return TODAY - datetime.timedelta(days=n)


def test_product_page_shows_rating_history_and_the_stars_in_force(officer_client, collective):
    product = OcopProductFactory(producer=collective, name="Miến dong Bình Liêu",
                                 registered_on=datetime.date(2015, 1, 1))
    OcopRatingFactory(product=product, stars=3, decision_number="10/QĐ-UBND", decided_on=datetime.date(2018, 5, 2))
    OcopRatingFactory(product=product, stars=4, decision_number="99/QĐ-UBND", decided_on=days_ago(100))
    response = officer_client.get(reverse("ocop:product_detail", args=[product.pk]))
    html = response.content.decode()
    assert response.context["current"].decision_number == "99/QĐ-UBND"
    in_force = html.split('id="stars-in-force"')[1].split("</span>")[0]
    assert "4★" in in_force
    ratings = html.split('id="ratings"')[1]
    assert "10/QĐ-UBND" in ratings
    assert "Hết hiệu lực" in ratings
    assert "Đang áp dụng" in ratings
    assert "Sắp hết hiệu lực" not in html.split('id="ratings"')[0]


def test_recording_a_rating_decision(officer_client, collective, officer):
    product = OcopProductFactory(producer=collective, registered_on=datetime.date(2020, 1, 1))
    url = reverse("ocop:rating_create", args=[product.pk])
    response = officer_client.post(url, {"stars": "4", "score": "78,5", "decision_number": "1234/QĐ-UBND",
                                         "issuer": "UBND tỉnh Quảng Ninh", "decided_on": "15/06/2023"})
    assert response.status_code == 302
    rating = OcopRating.objects.get(product=product)
    assert rating.valid_until == datetime.date(2026, 6, 15)  # 36 months unless stated
    assert rating.history.get().history_user == officer


def test_each_rating_refusal_is_shown_next_to_its_field(officer_client, collective):
    product = OcopProductFactory(producer=collective, registered_on=datetime.date(2020, 1, 1),
                                 withdrawn_on=datetime.date(2022, 12, 31))
    url = reverse("ocop:rating_create", args=[product.pk])
    bad = officer_client.post(url, {"stars": "6", "score": "120", "decision_number": "",
                                    "decided_on": "01/01/2019"})
    errors = bad.context["form"].errors
    assert errors["stars"] == ["Số sao phải từ 1 đến 5."]
    assert errors["decision_number"] == ["Hãy nhập “Số quyết định”."]
    assert errors["score"] == ["Điểm phải từ 0 đến 100."]
    before = officer_client.post(url, {"stars": "3", "decision_number": "1/QĐ", "decided_on": "01/01/2019"})
    assert before.context["form"].errors["decided_on"] == [
        "Quyết định không thể trước ngày sản phẩm tham gia chương trình."]
    # Withdrawn on 31/12/2022: out of the programme from that very day (domain.md, decision 13).
    for day in ("01/03/2023", "31/12/2022"):
        after_withdrawal = officer_client.post(url, {"stars": "3", "decision_number": "1/QĐ", "decided_on": day})
        assert after_withdrawal.context["form"].errors["decided_on"] == [
            "Sản phẩm đã rút khỏi chương trình ngày 31/12/2022."]
    validity = officer_client.post(url, {"stars": "3", "decision_number": "1/QĐ", "decided_on": "01/03/2021",
                                         "valid_until": "01/02/2021"})
    assert validity.context["form"].errors["valid_until"] == ["Ngày hết hiệu lực phải sau ngày quyết định."]
    assert not OcopRating.objects.exists()


def test_lapsing_list_shows_ratings_in_force_that_lapse_within_180_days(officer_client):
    soon = OcopRatingFactory(product__name="Mật ong", decided_on=days_ago(365 * 3 - 100))
    OcopRatingFactory(product__name="Miến dong", decided_on=days_ago(100))  # lapses in ~2.7 years
    OcopRatingFactory(product__name="Dầu sở", decided_on=days_ago(365 * 3 + 30))  # already lapsed
    renewed = OcopRatingFactory(product__name="Chè vối", decided_on=days_ago(365 * 3 - 50))
    OcopRatingFactory(product=renewed.product, decided_on=days_ago(10))  # renewed: keeps its stars
    withdrawn = OcopRatingFactory(product__name="Rượu men lá", decided_on=days_ago(365 * 3 - 20))
    OcopProduct.objects.filter(pk=withdrawn.product_id).update(withdrawn_on=days_ago(5))
    response = officer_client.get(reverse("ocop:lapsing"))
    assert [row["cells"][0]["text"] for row in response.context["rows"]] == ["Mật ong"]
    assert "180 ngày" in response.content.decode()
    days_left = response.context["rows"][0]["cells"][-1]["text"]
    assert int(days_left) == (soon.valid_until - TODAY).days


def test_product_form_for_a_collective_and_for_a_household(officer_client, collective, units):
    url = reverse("ocop:product_create")
    ok = officer_client.post(url, {"name": "Tinh dầu hồi", "group": "herbs", "producer_kind": "collective",
                                   "producer": collective.pk, "registered_on": "01/02/2021"})
    assert ok.status_code == 302
    assert OcopProduct.objects.get(name="Tinh dầu hồi").unit == collective.unit
    missing = officer_client.post(url, {"name": "Gạo bao thai", "group": "food", "producer_kind": "household",
                                        "unit": units["06856"].pk, "registered_on": "01/02/2021"})
    assert missing.context["form"].errors["producer_name"] == ["Hãy nhập tên doanh nghiệp hoặc hộ sản xuất."]
    household = officer_client.post(url, {"name": "Gạo bao thai", "group": "food", "producer_kind": "household",
                                          "producer_name": "Hộ Lý Văn Sáu", "unit": units["06856"].pk,
                                          "registered_on": "01/02/2021"})
    assert household.status_code == 302
    assert OcopProduct.objects.get(name="Gạo bao thai").producer_display == "Hộ Lý Văn Sáu"
