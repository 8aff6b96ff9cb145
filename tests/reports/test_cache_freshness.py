"""No read after a write shows a stale figure, whichever door the write came by.

Each test reads a figure twice (the second read is served by the shared cache: it runs no
aggregate over the annual reports), writes through one door, and reads again: the new
figure. The writes really commit (transactional tests), as in production, where the data
version moves after the commit (core.cache).

The figure: the head count (members + regular workers) of Hoành Mô's 2022 annual reports,
the numerator of `members_workers_growth`, as the API's indicator values give it.
"""

import os
import uuid

import pytest
import redis
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role, User
from cooperatives.models import AnnualReport, Collective, YearApproval
from core.models import DataVersion
from demo import generator
from reports.engine import compute_indicator
from tests.api.conftest import token_client
from tests.cooperatives.test_approval_doors import admin_report_data, admin_url, form_data
from tests.factories import AnnualReportFactory, CollectiveFactory, PlanFactory, TargetFactory
from tests.imports.helpers import REPORT_HEADERS, xlsx_bytes
from tests.pages.test_sheet import HTMX, row_data, row_url

pytestmark = pytest.mark.django_db(transaction=True)

VALUES = "/api/v1/indicators/members_workers_growth/values/?unit=06841&year_from=2022&year_to=2022"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def hoanh_mo(units):
    return units["06841"]


@pytest.fixture
def report(hoanh_mo):
    """One HTX of Hoành Mô with its 2022 report: 10 members, 5 workers."""
    return AnnualReportFactory(collective=CollectiveFactory(unit=hoanh_mo), year=2022)


@pytest.fixture
def reader(viewer):
    """A leader of the district reading the figure (not the writer)."""
    return token_client(viewer)


def head_count(api) -> int:
    response = api.get(VALUES)
    assert response.status_code == 200, response.content
    return response.json()["results"][0]["numerator"]


def reads_the_reports(api) -> bool:
    """Whether a read of the figure ran a query over the annual reports (a cache miss)."""
    with CaptureQueriesContext(connection) as queries:
        head_count(api)
    return any('"cooperatives_annualreport"' in q["sql"] for q in queries.captured_queries)


def cached_head_count(api) -> int:
    """The figure, read twice: the second read must come from the cache."""
    first = head_count(api)
    assert not reads_the_reports(api), "the second read should be served by the cache"
    return first


def test_it_serves_the_second_read_from_the_cache_and_a_read_after_nothing_changed_too(report, reader):
    assert reads_the_reports(reader)
    assert head_count(reader) == 15
    assert not reads_the_reports(reader)


def test_a_page_form_edit_is_seen_at_once(report, reader, commune_officer):
    assert cached_head_count(reader) == 15
    response = logged_in(commune_officer).post(reverse("cooperatives:annual_report_edit", args=[report.pk]),
                                               form_data(report, members=99))
    assert response.status_code == 302
    assert head_count(reader) == 104


def test_a_collective_created_on_its_page_counts_at_once(report, hoanh_mo, commune_officer):
    api = token_client(commune_officer)
    htx_active = "/api/v1/indicators/htx_active/values/?unit=06841&year_from=2023&year_to=2023"
    before = api.get(htx_active).json()["results"][0]["value"]
    assert api.get(htx_active).json()["results"][0]["value"] == before
    response = logged_in(commune_officer).post(reverse("cooperatives:collective_create"), {
        "kind": "htx", "registration_code": "5701999999", "name": "HTX Mới Hoành Mô", "unit": hoanh_mo.pk,
        "sector": "agriculture", "established_on": "01/03/2020", "charter_capital": "0"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert api.get(htx_active).json()["results"][0]["value"] == before + 1


def test_a_yearly_sheet_line_is_seen_at_once(report, reader, commune_officer):
    assert cached_head_count(reader) == 15
    response = logged_in(commune_officer).post(
        row_url(report.collective, 2022), row_data(report.collective, version=report.version, members="40"), **HTMX)
    assert response.status_code == 200
    assert AnnualReport.objects.get(pk=report.pk).members == 40
    assert head_count(reader) == 48  # 40 members + 8 workers, as the sheet's line says


def test_an_api_write_is_seen_at_once_by_its_writer_and_by_everyone(report, reader, commune_officer):
    writer = token_client(commune_officer)
    assert cached_head_count(writer) == 15
    assert cached_head_count(reader) == 15
    response = writer.patch(f"/api/v1/annual-reports/{report.pk}/", {"members": 50, "version": report.version},
                            format="json")
    assert response.status_code == 200
    assert head_count(writer) == 55
    assert head_count(reader) == 55


def test_an_api_create_and_delete_are_seen_at_once(report, reader, hoanh_mo, commune_officer):
    writer = token_client(commune_officer)
    other = CollectiveFactory(unit=hoanh_mo)
    assert cached_head_count(reader) == 15
    created = writer.post("/api/v1/annual-reports/", {"collective": other.pk, "year": 2022, "members": 7,
                                                       "regular_workers": 1}, format="json")
    assert created.status_code == 201
    assert cached_head_count(reader) == 23
    body = created.json()
    assert writer.delete(f"/api/v1/annual-reports/{body['id']}/?version={body['version']}").status_code == 204
    assert head_count(reader) == 15


def test_an_import_is_seen_at_once(report, reader, commune_officer):
    client = logged_in(commune_officer)
    code = report.collective.registration_code
    content = xlsx_bytes(REPORT_HEADERS, [[code, report.collective.name, 2022, 12, 5, 1_000_000_000, 100_000_000,
                                           "", "", "Không"]])
    upload = client.post(reverse("imports:upload", args=["annual_reports"]),
                         {"file": SimpleUploadedFile("bao-cao.xlsx", content)})
    preview_url = upload["Location"]
    assert "confirm-import" in client.get(preview_url).content.decode()
    # Uploading and previewing change no figure: still served by the cache.
    assert cached_head_count(reader) == 15
    assert client.post(preview_url).status_code == 302
    assert AnnualReport.objects.get(pk=report.pk).members == 12
    assert head_count(reader) == 17


@pytest.fixture
def admin_site_client(db):
    root = User.objects.create_superuser("root", "root@example.org", "pw-root-2023!", role=Role.ADMIN)
    return logged_in(root)


def test_an_admin_edit_is_seen_at_once(report, reader, admin_site_client):
    assert cached_head_count(reader) == 15
    response = admin_site_client.post(admin_url(AnnualReport, "change", report.pk),
                                      admin_report_data(report, members=77))
    assert response.status_code == 302
    assert head_count(reader) == 82


def test_an_approval_is_seen_at_once_by_the_approved_figures(report, hoanh_mo, district, commune_officer,
                                                             officer, viewer):
    plan = PlanFactory(unit=district, baseline_year=2021, target_year=2022)
    TargetFactory(plan=plan, indicator="members_workers_growth", comparator="at_least", low=0)
    api = token_client(viewer)
    url = f"/api/v1/plans/{plan.code}/results/?unit=06841&year=2022&approved=1"

    def approved_head_count():
        rows = api.get(url).json()["results"]
        return next(r for r in rows if r["indicator"] == "members_workers_growth")["numerator"]

    assert approved_head_count() == 0  # nothing approved yet
    assert approved_head_count() == 0
    transition = "cooperatives:approval_transition"
    submitted = logged_in(commune_officer).post(reverse(transition, args=[hoanh_mo.pk, 2022, "submit"]),
                                                {"submit-version": 0, "submit-comment": ""})
    assert submitted.status_code == 302
    assert approved_head_count() == 0
    state = YearApproval.objects.get(unit=hoanh_mo, year=2022)
    assert state.state == "submitted"
    approved = logged_in(officer).post(reverse(transition, args=[hoanh_mo.pk, 2022, "approve"]),
                                       {"approve-version": state.version, "approve-comment": ""})
    assert approved.status_code == 302
    assert YearApproval.objects.get(unit=hoanh_mo, year=2022).state == "approved"
    assert approved_head_count() == 15


def test_a_queryset_update_outside_the_services_is_seen_at_once(report, reader):
    assert cached_head_count(reader) == 15
    AnnualReport.objects.filter(pk=report.pk).update(members=20)
    assert cached_head_count(reader) == 25
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cooperatives_annualreport SET regular_workers = 0 WHERE id = %s", [report.pk])
    assert head_count(reader) == 20


def test_load_demo_is_seen_at_once(db):
    assert compute_indicator("htx_active", unit=None, year=2023).value == 0
    assert compute_indicator("htx_active", unit=None, year=2023).value == 0
    call_command("load_demo", stdout=None)
    assert compute_indicator("htx_active", unit=None, year=2023).value == Collective.objects.filter(
        kind="htx").active_at_end_of(2023).count() > 0


def test_the_generated_country_is_seen_at_once(db):
    """generate_dataset loads with COPY on PostgreSQL, which Django's cursor does not see."""
    assert compute_indicator("htx_active", unit=None, year=2025).value == 0
    assert compute_indicator("htx_active", unit=None, year=2025).value == 0
    generator.load(generator.build("district", 1))
    assert compute_indicator("htx_active", unit=None, year=2025).value > 0


def test_a_rolled_back_write_moves_nothing_and_the_cache_keeps_serving(report, reader):
    assert cached_head_count(reader) == 15
    version = DataVersion.objects.get().value
    with transaction.atomic():
        AnnualReport.objects.filter(pk=report.pk).update(members=1000)
        transaction.set_rollback(True)
    assert DataVersion.objects.get().value == version
    assert cached_head_count(reader) == 15


def redis_url() -> str:
    return "redis://127.0.0.1:6379/0"


@pytest.fixture
def redis_cache():
    """The cache on the Redis of this machine (REDIS_URL, else 127.0.0.1:6379), under a key
    prefix of this test only; skipped with a message when no Redis answers."""
    url = os.environ.get("REDIS_URL") or redis_url()
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis answers at {url}: the shared cache is tested on the local cache only")
    prefix = f"coopreg-test-{uuid.uuid4().hex[:12]}"
    with override_settings(CACHES={"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": url,
                                               "KEY_PREFIX": prefix}}):
        yield cache
        cache.delete_pattern("*")


def test_on_redis_an_api_write_is_seen_at_once(redis_cache, report, reader, commune_officer):
    assert cached_head_count(reader) == 15
    assert redis_cache.keys("data:*"), "the figures should be kept in Redis"
    writer = token_client(commune_officer)
    assert writer.patch(f"/api/v1/annual-reports/{report.pk}/", {"members": 50, "version": report.version},
                        format="json").status_code == 200
    assert head_count(reader) == 55
