"""TrackedModel asks the database once whether all CheckConstraints hold (the importer
validates thousands of rows), and one by one only when one fails, for the messages."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cooperatives.models import AnnualReport
from tests.factories import CollectiveFactory


def check_queries(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if "_check" in q["sql"]]


def test_a_valid_record_costs_one_check_query(db, units):
    report = AnnualReport(collective=CollectiveFactory(established_on=datetime.date(2015, 1, 1)), year=2022,
                          revenue=10, classification="good", classification_score=85)
    with CaptureQueriesContext(connection) as captured:
        report.full_clean()
    assert len(check_queries(captured)) == 1


def test_a_failing_constraint_still_gives_its_own_message(db, units):
    # clean() lets a score of 150 through (it maps it to "good"); the constraint refuses it.
    report = AnnualReport(collective=CollectiveFactory(established_on=datetime.date(2015, 1, 1)), year=2022,
                          revenue=10, classification_score=150)
    with pytest.raises(ValidationError) as exc:
        report.full_clean()
    assert "Điểm đánh giá phải từ 0 đến 100." in exc.value.messages


def test_null_values_pass_as_they_do_one_by_one(db, units):
    report = AnnualReport(collective=CollectiveFactory(established_on=datetime.date(2015, 1, 1)), year=2022,
                          revenue=10, average_monthly_income=None, charter_capital_contributed=None)
    report.full_clean()
