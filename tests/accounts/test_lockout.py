"""Log-in throttling (accounts.lockout, settings "Log-in throttling"): LOGIN_FAILURE_LIMIT (5)
wrong passwords for one user name from one address lock that pair out for
LOGIN_COOLOFF_MINUTES (15), the right password included, at every door."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.lockout import client_address
from tests.conftest import make_user

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
TOKEN = "/api/v1/auth/token/"
HERE, ELSEWHERE = "10.1.1.1", "10.2.2.2"
LOCKED_VI = "Đăng nhập sai quá 5 lần. Tên đăng nhập này bị tạm khoá từ địa chỉ của bạn trong 15 phút"


@pytest.fixture
def officer(district):
    return make_user("officer1", "officer", district)


def page_login(client, username, password, address=HERE, path=LOGIN):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=address)


def token_login(client, username, password, address=HERE):
    return client.post(TOKEN, {"username": username, "password": password}, format="json", REMOTE_ADDR=address)


def right(user):
    return "pw-" + user.username + "-2023!"


def fail(times, door, client, username, address=HERE):
    return [door(client, username, "wrong", address).status_code for _ in range(times)]


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_four_typos_then_the_right_password_logs_in(officer):
    client = Client()
    assert fail(4, page_login, client, "officer1") == [200] * 4  # the form again, with its error
    response = page_login(client, "officer1", right(officer))
    assert response.status_code == 302 and is_logged_in(client)


def test_five_wrong_passwords_lock_out_even_the_right_one(officer):
    client = Client()
    # The fifth failure already answers 429: the limit is reached.
    assert fail(5, page_login, client, "officer1") == [200, 200, 200, 200, 429]
    response = page_login(client, "officer1", right(officer))
    assert response.status_code == 429 and not is_logged_in(client)
    assert LOCKED_VI in response.content.decode()
    assert response["Retry-After"] == str(15 * 60)


def test_the_lock_is_said_in_english_in_english_mode(officer):
    client = Client()
    client.cookies["django_language"] = "en"
    fail(5, page_login, client, "officer1")
    response = page_login(client, "officer1", right(officer))
    assert response.status_code == 429
    assert "Too many failed log-ins (5)" in response.content.decode()


def test_the_same_user_from_another_address_and_another_user_from_this_one_are_unaffected(officer, district):
    colleague = make_user("officer2", "officer", district)
    fail(5, page_login, Client(), "officer1", HERE)
    elsewhere = Client()
    assert page_login(elsewhere, "officer1", right(officer), ELSEWHERE).status_code == 302
    same_office = Client()
    assert page_login(same_office, "officer2", right(colleague), HERE).status_code == 302
    # ... while the locked pair stays locked.
    assert page_login(Client(), "officer1", right(officer), HERE).status_code == 429


def test_the_lock_ends_after_the_cool_off(officer):
    fail(5, page_login, Client(), "officer1")
    assert page_login(Client(), "officer1", right(officer)).status_code == 429
    # Fifteen minutes and a second later (the attempts' clock moved back rather than the test's).
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=15, seconds=1))
    client = Client()
    assert page_login(client, "officer1", right(officer)).status_code == 302 and is_logged_in(client)


def test_a_try_during_the_lock_starts_the_cool_off_again(officer):
    fail(5, page_login, Client(), "officer1")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=14))
    assert page_login(Client(), "officer1", right(officer)).status_code == 429
    # 14 more minutes: 28 after the fifth failure, but only 14 after the last try.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=14))
    assert page_login(Client(), "officer1", right(officer)).status_code == 429


def test_the_cool_off_is_a_setting(officer, settings):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=1)
    fail(5, page_login, Client(), "officer1")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=1, seconds=1))
    assert page_login(Client(), "officer1", right(officer)).status_code == 302


def test_the_token_endpoint_is_locked_with_the_api_error_shape(officer):
    api = APIClient()
    assert fail(4, token_login, api, "officer1") == [400] * 4
    assert fail(1, token_login, api, "officer1") == [429]
    response = token_login(api, "officer1", right(officer))
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": LOCKED_VI + "; hãy thử lại sau."}
    assert response["Retry-After"] == str(15 * 60)
    assert token_login(api, "officer1", right(officer), ELSEWHERE).status_code == 200


def test_one_count_for_every_door(officer):
    """Switching doors earns no extra guesses: page, admin and API failures add up."""
    fail(2, page_login, Client(), "officer1")
    fail(2, token_login, APIClient(), "officer1")
    assert page_login(Client(), "officer1", "wrong", path=ADMIN_LOGIN).status_code == 429
    assert token_login(APIClient(), "officer1", right(officer)).status_code == 429
    assert page_login(Client(), "officer1", right(officer)).status_code == 429


def test_two_hundred_wrong_passwords_are_not_two_hundred_guesses(officer):
    """The finding of issue 9: 200 wrong passwords in a row all went through to the hasher."""
    api = APIClient()
    statuses = fail(200, token_login, api, "officer1")
    assert statuses[:4] == [400] * 4 and set(statuses[4:]) == {429}


def test_a_success_forgets_earlier_typos(officer):
    fail(4, page_login, Client(), "officer1")
    assert page_login(Client(), "officer1", right(officer)).status_code == 302
    assert fail(4, page_login, Client(), "officer1") == [200] * 4


def test_behind_the_proxy_the_address_is_the_one_our_proxy_saw(officer, settings, rf):
    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9", REMOTE_ADDR="127.0.0.1")
    assert client_address(request) == "203.0.113.9"
    # A client cannot step out of its lock by sending made-up addresses in front of its own.
    for fake in range(5):
        Client().post(LOGIN, {"username": "officer1", "password": "wrong"}, REMOTE_ADDR="127.0.0.1",
                      HTTP_X_FORWARDED_FOR=f"10.9.9.{fake}, 203.0.113.9")
    response = Client().post(LOGIN, {"username": "officer1", "password": right(officer)}, REMOTE_ADDR="127.0.0.1",
                             HTTP_X_FORWARDED_FOR="10.9.9.99, 203.0.113.9")
    assert response.status_code == 429


def test_without_a_proxy_forwarded_addresses_are_ignored(settings, rf):
    settings.TRUSTED_PROXY_COUNT = 0
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6", REMOTE_ADDR="198.51.100.7")
    assert client_address(request) == "198.51.100.7"
