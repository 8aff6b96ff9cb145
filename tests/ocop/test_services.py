"""ocop.services called directly, without a page or an endpoint in front of them."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.services import VersionConflict
from ocop import services
from ocop.models import OcopRating
from tests.factories import CollectiveFactory, OcopProductFactory

pytestmark = pytest.mark.django_db

HOANH_MO, DONG_TAM = "06841", "06844"


def test_a_rating_is_recorded_with_its_author_in_the_history(officer):
    product = OcopProductFactory()
    rating = services.rating_record(product, actor=officer, data={
        "stars": 4, "score": 75, "decision_number": "15/QĐ-UBND", "decided_on": datetime.date(2022, 3, 1)})
    assert rating.product == product
    assert rating.history.get().history_user == officer


def test_no_rating_is_decided_on_or_after_the_withdrawal_day(officer):
    product = OcopProductFactory(withdrawn_on=datetime.date(2022, 6, 1))
    for day in (datetime.date(2022, 6, 1), datetime.date(2022, 7, 1)):
        with pytest.raises(ValidationError) as refused:
            services.rating_record(product, actor=officer, data={
                "stars": 3, "score": 60, "decision_number": "9/QĐ", "decided_on": day})
        assert "decided_on" in refused.value.message_dict
    assert not OcopRating.objects.exists()


def test_a_withdrawn_product_cannot_be_withdrawn_again(officer):
    product = OcopProductFactory()
    withdrawn = services.product_withdraw(product, actor=officer, withdrawn_on=datetime.date(2023, 1, 1),
                                          expected_version=product.version)
    assert withdrawn.withdrawn_on == datetime.date(2023, 1, 1)
    with pytest.raises(ValidationError) as refused:
        services.product_withdraw(withdrawn, actor=officer, withdrawn_on=datetime.date(2023, 2, 1),
                                  expected_version=withdrawn.version)
    assert "withdrawn_on" in refused.value.message_dict


def test_a_stale_version_is_a_conflict(officer):
    product = OcopProductFactory()
    with pytest.raises(VersionConflict):
        services.product_withdraw(product, actor=officer, withdrawn_on=datetime.date(2023, 1, 1),
                                  expected_version=product.version + 1)


def test_a_collective_s_product_lies_in_the_collective_s_commune(officer, units):
    producer = CollectiveFactory(unit=units[DONG_TAM])
    product = services.product_create(actor=officer, data={
        "name": "Chè Đồng Tâm", "group": "beverages", "producer": producer, "unit": units[HOANH_MO],
        "registered_on": datetime.date(2021, 1, 1)})
    assert product.unit == units[DONG_TAM]
    moved = services.product_update(product, actor=officer, changes={"unit": units[HOANH_MO]},
                                    expected_version=product.version)
    assert moved.unit == units[DONG_TAM]  # still the producer's commune


def test_a_commune_officer_cannot_create_a_product_of_another_commune(commune_officer, units):
    producer = CollectiveFactory(unit=units[DONG_TAM])
    with pytest.raises(PermissionDenied):
        services.product_create(actor=commune_officer, data={
            "name": "Chè Đồng Tâm", "group": "beverages", "producer": producer,
            "registered_on": datetime.date(2021, 1, 1)})
