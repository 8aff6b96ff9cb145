"""Fixtures shared by every test module: Bình Liêu's units and one user per role."""

import uuid

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test.utils import override_settings
from django.utils import translation

from accounts.models import Role, User
from core.cache import end_request
from units.binh_lieu import BINH_LIEU, ensure_binh_lieu_units

# A read replica that is the primary itself (TEST MIRROR), unless DATABASE_REPLICA_URL made
# one: the router's tests (tests/core/test_replica.py) run on every database. Added before
# pytest-django sets the test databases up, as the settings would have.
if "replica" not in settings.DATABASES:
    settings.DATABASES["replica"] = {**settings.DATABASES["default"],
                                     "TEST": {**settings.DATABASES["default"].get("TEST", {}), "MIRROR": "default"}}
# With REDIS_URL the suite runs on Redis (perhaps shared with others): its keys under a
# prefix of this run only, so clearing them never touches anyone else's.
REDIS_CACHE = settings.CACHES["default"]["BACKEND"].startswith("django_redis")
if REDIS_CACHE:
    settings.CACHES["default"]["KEY_PREFIX"] = f"coopreg-test-{uuid.uuid4().hex[:12]}"


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: no figure, pin or session of another test, and
    no data version remembered by a request of another test whose end was never signalled
    (a streamed response left unread sends no request_finished)."""
    if REDIS_CACHE:
        cache.delete_pattern("*")  # this run's prefix only
    else:
        cache.clear()
    end_request()


@pytest.fixture(autouse=True)
def reads_on_the_primary(request, settings):
    """Every read goes to the primary unless a test asks for the replica
    (`django_db(databases=[..., "replica"])`): the others hold one connection."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or "replica" not in (marker.kwargs.get("databases") or ()):
        settings.REPLICA_READ_PATHS = ()


@pytest.fixture(scope="session", autouse=True)
def fast_password_hasher():
    """Real hashing costs ~0.3 s a user and the demo alone creates several: no test here is
    about the hasher's strength (production keeps Django's default PBKDF2)."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def vietnamese_by_default():
    """Each test starts in Vietnamese: a request in English (LocaleMiddleware) leaves its
    language active in the thread, which would leak into the next test's messages."""
    translation.activate("vi")
    yield
    translation.deactivate()


@pytest.fixture
def units(db):
    """Bình Liêu 2022 (district 198 with 7 communes) and its 2025 successors, by code."""
    return ensure_binh_lieu_units()


@pytest.fixture
def district(units):
    return units[BINH_LIEU]


def make_user(username: str, role: str, scope=None, **extra) -> User:
    return User.objects.create_user(username=username, password="pw-" + username + "-2023!",
                                    role=role, scope=scope, **extra)


@pytest.fixture
def admin_user(db):
    return make_user("admin1", Role.ADMIN, None)


@pytest.fixture
def officer(district):
    return make_user("officer1", Role.OFFICER, district)


@pytest.fixture
def viewer(district):
    return make_user("viewer1", Role.VIEWER, district)


@pytest.fixture
def commune_officer(units):
    """An officer of Hoành Mô only."""
    return make_user("officer_hm", Role.OFFICER, units["06841"])
