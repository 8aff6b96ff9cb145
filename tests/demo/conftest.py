"""The demo dataset, loaded once for every test of this package and rolled back after it.

Tests here only read it, or change it inside their own test transaction (the `db` fixture's
savepoint), so one load serves them all: loading takes seconds, a test milliseconds.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="package")
def demo_output(django_db_setup, django_db_blocker):
    """What `manage.py load_demo` printed; the data stays until the package's tests end."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("load_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo_db(demo_output, db):
    """The loaded demo, for a test that reads (or changes, rolled back) the database."""
    return demo_output
