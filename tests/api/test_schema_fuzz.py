"""The OpenAPI schema: it validates, the docs render with no CDN, and a property-based run
(schemathesis) over every operation finds no 500 and no response that breaks the schema."""

import os
import re

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import token_client
from tests.factories import (
    AnnualReportFactory,
    CollectiveFactory,
    ManagementRoleFactory,
    MembershipFactory,
    OcopRatingFactory,
    PlanFactory,
    TargetFactory,
    TradeEventFactory,
    TrainingCourseFactory,
    UnitStatisticFactory,
)

# Bounded so the whole run stays around a minute on SQLite (2 cores shared): every
# operation gets this many generated requests.
# A longer local run: API_FUZZ_EXAMPLES=50 make test PYTEST_ARGS=tests/api/test_schema_fuzz.py
EXAMPLES_PER_OPERATION = int(os.environ.get("API_FUZZ_EXAMPLES", "6"))
# The same examples on every CI run (no flaky red); API_FUZZ_RANDOM=1 explores new ones.
DERANDOMIZE = os.environ.get("API_FUZZ_RANDOM") != "1"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def test_schema_validates_with_no_warning(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert "/api/v1/plans/{code}/results/" in (tmp_path / "schema.yaml").read_text()


def test_schema_and_docs_are_public_and_docs_load_no_cdn(anon):
    assert anon.get("/api/v1/schema/").status_code == 200
    page = anon.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower()
    assert "https://" not in html.replace("https://swagger.io", "")
    # Every asset it loads is a static file shipped by the sidecar package.
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    for asset in assets:
        assert finders.find(asset.removeprefix(django_settings.STATIC_URL if django_settings.STATIC_URL.startswith("/")
                                               else "/" + django_settings.STATIC_URL)), asset


@pytest.fixture
def seeded(units, admin_user):
    """A few records of every kind, so generated ids sometimes hit real rows."""
    collective = CollectiveFactory(unit=units["06841"])
    AnnualReportFactory(collective=collective, year=2022)
    MembershipFactory(collective=collective)
    ManagementRoleFactory(collective=collective)
    TrainingCourseFactory()
    TradeEventFactory(unit=units["06841"]).participants.add(collective)
    OcopRatingFactory(product__producer=collective)
    UnitStatisticFactory()
    TargetFactory(plan=PlanFactory(code="binh-lieu-2023"))
    return admin_user


@pytest.fixture
def keep_test_connection():
    """Schemathesis calls the WSGI app directly, so Django's request signals would close the
    test's database connection (inside its transaction) after each request; Django's own
    test client disconnects them the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_every_operation_answers_within_its_schema(seeded, keep_test_connection):
    from coopreg.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
    client = token_client(seeded)
    headers = {"Authorization": client._credentials["HTTP_AUTHORIZATION"]}
    failures = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 60

    for operation in operations:

        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None, derandomize=DERANDOMIZE,
                  phases=[Phase.generate], suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def run(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            run()
        except Exception as exc:  # collect every operation's failure, then report them all
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)
