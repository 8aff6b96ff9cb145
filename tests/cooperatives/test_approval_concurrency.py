"""Two reviewers acting on the same unit-year at the same moment, on two real connections:
one of them is refused (VersionConflict, 409 in the API), never both applied. PostgreSQL
only: SQLite serialises writers anyway, and its in-memory test database is not shared."""

import threading

import pytest
from django.db import connection, connections

from cooperatives import approval
from cooperatives.models import ApprovalEvent, YearApproval
from core.services import VersionConflict

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two real connections (PostgreSQL)")


@pytest.mark.django_db(transaction=True)
def test_approve_and_return_at_once_end_with_one_refused(report, hoanh_mo, commune_officer, officer,
                                                         second_officer):
    read = approval.submit(hoanh_mo, 2022, actor=commune_officer, expected_version=0).version
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def act(name, call):
        try:
            start.wait()
            call()
            outcomes[name] = "applied"
        except VersionConflict:
            outcomes[name] = "refused"
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=act, args=("approve", lambda: approval.approve(
            hoanh_mo, 2022, actor=officer, expected_version=read))),
        threading.Thread(target=act, args=("return", lambda: approval.return_year(
            hoanh_mo, 2022, actor=second_officer, expected_version=read, comment="Sai doanh thu"))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes.values()) == ["applied", "refused"]
    winner = next(name for name, outcome in outcomes.items() if outcome == "applied")
    stored = YearApproval.objects.get()
    assert stored.state == {"approve": "approved", "return": "returned"}[winner]
    assert stored.version == read + 1
    assert list(ApprovalEvent.objects.order_by("pk").values_list("action", flat=True)) == ["submit", winner]
