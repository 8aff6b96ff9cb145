"""Two writers racing for one unique value on the pages (issue 9, finding 7): both pass
validation, one INSERT breaks the constraint; the loser gets a message, never a 500.

- a new line of the yearly sheet (one report per collective and year): the loser is told
  someone just saved that line (a conflict), and what they saved is kept;
- a registration code: the loser gets the field's message.

The deterministic tests blind the validation to the rival's row, so that our INSERT meets
the constraint (on both databases); the threaded ones race two real requests (PostgreSQL only: SQLite
serialises writers, so there is no race to lose).
"""

import threading

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from cooperatives import services
from cooperatives.models import AnnualReport, Collective
from cooperatives.views import collectives as collective_views
from tests.factories import AnnualReportFactory, CollectiveFactory

POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
on_postgres = pytest.mark.skipif(not POSTGRES, reason="SQLite serialises writers: two saves cannot race there")


def row_url(collective, year=2023):
    return reverse("cooperatives:entry_sheet_row", args=[collective.pk]) + f"?year={year}"


def row_data(collective, members="25"):
    data = {"members": members, "regular_workers": "8", "revenue": "1.250.000.000", "profit": "120.000.000",
            "classification": "unrated", "version": "0"}
    return {f"r{collective.pk}-{k}": v for k, v in data.items()}


def collective_data(units, name, code="5701888888"):
    return {"kind": "htx", "registration_code": code, "name": name, "unit": units["06841"].pk,
            "sector": "agriculture", "established_on": "01/03/2020", "charter_capital": "0"}


def blind_validation(monkeypatch, model):
    """Validation that misses the rival's row, as it does when the rival commits between
    our checks and our INSERT: the INSERT then meets the database's constraint."""
    monkeypatch.setattr(model, "full_clean", lambda self, *args, **kwargs: None)


def test_a_new_sheet_line_saved_meanwhile_is_a_conflict_not_a_500(officer_client, units, monkeypatch):
    collective = CollectiveFactory(unit=units["06841"])
    create = services.scoped_create

    def the_other_officer_saves_first(model, **kwargs):
        # After the sheet looked for the line's report and found none.
        AnnualReportFactory(collective=collective, year=2023, members=40)
        return create(model, **kwargs)

    monkeypatch.setattr(services, "scoped_create", the_other_officer_saves_first)
    blind_validation(monkeypatch, AnnualReport)

    response = officer_client.post(row_url(collective), row_data(collective), HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert "vừa lưu dòng này" in response.content.decode()  # the sheet's conflict message
    report = AnnualReport.objects.get(collective=collective, year=2023)
    assert (report.members, report.version) == (40, 1)  # the other officer's figures, untouched
    # The line now carries the stored version: saving again knowingly replaces it.
    again = officer_client.post(row_url(collective), {**row_data(collective),
                                                      f"r{collective.pk}-version": str(report.version)})
    assert again.status_code == 302
    report.refresh_from_db()
    assert report.members == 25


def test_a_registration_code_taken_meanwhile_is_the_fields_message(officer_client, units, monkeypatch):
    create = collective_views.scoped_create

    def the_other_officer_registers_first(model, **kwargs):
        # After the page's form found the code free.
        CollectiveFactory(registration_code="5701888888", name="HTX Nhanh Tay", unit=units["06841"])
        blind_validation(monkeypatch, Collective)
        return create(model, **kwargs)

    monkeypatch.setattr(collective_views, "scoped_create", the_other_officer_registers_first)

    response = officer_client.post(reverse("cooperatives:collective_create"), collective_data(units, "HTX Chậm"))

    assert response.status_code == 200
    assert response.context["form"].errors["registration_code"] == ["Mã số này đã được dùng cho một tổ chức khác."]
    assert list(Collective.objects.values_list("name", flat=True)) == ["HTX Nhanh Tay"]


def race(clients_and_posts):
    """Run the posts at once (one thread each); return their status codes."""
    barrier = threading.Barrier(len(clients_and_posts))
    statuses = [None] * len(clients_and_posts)

    def run(index, client, url, data):
        try:
            barrier.wait()
            statuses[index] = client.post(url, data).status_code
        except Exception as exc:  # noqa: BLE001 (a 500 reaches the test client as an exception)
            statuses[index] = repr(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, *args)) for i, args in enumerate(clients_and_posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


TRIALS = 10


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_two_officers_saving_one_new_sheet_line_at_once(officer, commune_officer, units):
    clients = [logged_in(officer), logged_in(commune_officer)]
    for trial in range(TRIALS):
        collective = CollectiveFactory(unit=units["06841"])
        statuses = race([(clients[0], row_url(collective), row_data(collective, "11")),
                         (clients[1], row_url(collective), row_data(collective, "22"))])
        # One saved (redirect), the other re-shown with the conflict (200): never a 500.
        assert sorted(statuses, key=str) == [200, 302], (trial, statuses)
        assert AnnualReport.objects.filter(collective=collective, year=2023).count() == 1


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_two_officers_registering_one_code_at_once(officer, commune_officer, units):
    clients = [logged_in(officer), logged_in(commune_officer)]
    url = reverse("cooperatives:collective_create")
    for trial in range(TRIALS):
        code = f"57017777{trial:02d}"
        statuses = race([(clients[0], url, collective_data(units, f"HTX A{trial}", code)),
                         (clients[1], url, collective_data(units, f"HTX B{trial}", code))])
        assert sorted(statuses, key=str) == [200, 302], (trial, statuses)
        assert Collective.objects.filter(registration_code=code).count() == 1
