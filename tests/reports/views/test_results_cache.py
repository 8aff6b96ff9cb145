"""The API's plan results are kept in the shared cache under the data version
(reports.api.views.PlanViewSet.results): the second read runs no figure query, and no read
after a change shows the old answer — a registry write, a target edited, a publication, the
day moving on (a year's verdict waits for its end), the language, the publisher renamed.

Transactional: the data version moves when a write commits, as in production (core.cache).
"""

import datetime

import pytest
from django.utils import timezone

from accounts.models import User
from reports.publication import publish
from reports.services import plan_update
from tests.api.conftest import statements_reading, token_client
from tests.reports.views.test_publication import approve_2023, reviewers  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db(transaction=True)

RESULTS = "/api/v1/plans/ui-2023/results/?live=1"


def row(api, indicator: str, url: str = RESULTS, **headers) -> dict:
    response = api.get(url, **headers)
    assert response.status_code == 200, response.content
    return next(r for r in response.json()["results"] if r["indicator"] == indicator)


def figure_queries(api, url: str = RESULTS) -> list[str]:
    """The statements of one read that compute figures (over the annual reports)."""
    return statements_reading(api, url, "cooperatives_annualreport")


@pytest.fixture
def api(viewer):
    return token_client(viewer)


def test_the_second_read_is_served_from_the_cache(plan, registry, api):
    assert figure_queries(api)
    assert figure_queries(api) == []
    assert row(api, "members_workers_growth")["numerator"] == 52


def test_a_registry_write_is_seen_at_once(plan, registry, api, officer):
    assert row(api, "members_workers_growth")["numerator"] == 52
    assert row(api, "members_workers_growth")["numerator"] == 52
    report = registry["c"].annual_reports.get(year=2023)
    response = token_client(officer).patch(f"/api/v1/annual-reports/{report.pk}/",
                                           {"members": 13, "version": report.version}, format="json")
    assert response.status_code == 200, response.content
    assert row(api, "members_workers_growth")["numerator"] == 62


def test_a_target_edited_is_seen_at_once(plan, registry, api, admin_user):
    assert row(api, "htx_new")["status"] == "not_met"  # 1 new HTX against at least 3
    assert row(api, "htx_new")["status"] == "not_met"
    targets = [{"indicator": t.indicator, "comparator": t.comparator, "low": t.low, "high": t.high}
               for t in plan.targets.order_by("position")]
    targets[0]["low"] = 1
    plan_update(plan, actor=admin_user, changes={}, expected_version=plan.version, targets=targets)
    assert row(api, "htx_new")["status"] == "met"


def test_the_verdict_moves_with_the_day(plan, registry, api, monkeypatch):
    """Before the end of 2023 a verdict on 2023 is provisional; read again on a later day, it is final."""
    real = timezone.localdate
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2023, 6, 1))
    assert row(api, "htx_new")["status"] == "incomplete"
    assert row(api, "htx_new")["status"] == "incomplete"
    monkeypatch.setattr(timezone, "localdate", real)
    assert row(api, "htx_new")["status"] == "not_met"


def test_each_language_has_its_own_answer(plan, api):
    """Without reports, the reason for no data is given in the reader's language."""
    vietnamese = row(api, "htx_effective_share")["no_data_reason"]
    api.cookies["django_language"] = "en"
    english = row(api, "htx_effective_share")["no_data_reason"]
    assert vietnamese
    assert english
    assert vietnamese != english


def test_a_publication_and_its_publisher_are_seen_at_once(plan, registry, officer, reviewers, hoanh_mo,  # noqa: F811
                                                          dong_tam, district, api):
    url = "/api/v1/plans/ui-2023/results/"
    assert api.get(url).json()["basis"] == "live"
    approve_2023(officer, reviewers, hoanh_mo, dong_tam, district)
    assert api.get(url).json()["basis"] == "live"
    publish(plan, unit=district, year=2023, actor=officer, note="Kết quả chính thức")
    assert api.get(url).json()["publication"]["published_by"] == officer.username
    assert figure_queries(api, url) == []  # kept, the version not moving
    User.objects.filter(pk=officer.pk).update(username="canbo_moi")  # users move no data version
    body = api.get(url).json()
    assert (body["basis"], body["publication"]["published_by"]) == ("published", "canbo_moi")
