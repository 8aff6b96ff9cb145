"""API tokens (accounts.tokens, django-rest-knox): they expire, they die with the log-in
(page log-out, password change by any door) and their owner lists and revokes them."""

import hashlib
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from accounts.models import Role, User
from accounts.tokens import issue_api_token
from tests.conftest import make_user

TOKEN = "/api/v1/auth/token/"
TOKENS = "/api/v1/auth/tokens/"
PROBE = "/api/v1/units/"  # any endpoint that needs a log-in
INVALID_VI = "Khoá API không hợp lệ, đã hết hạn hoặc đã bị thu hồi; hãy lấy khoá mới."


@pytest.fixture
def officer(district):
    return make_user("officer1", Role.OFFICER, district)


@pytest.fixture
def other(district):
    return make_user("officer2", Role.OFFICER, district)


def bearer(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def works(key: str) -> bool:
    status = bearer(key).get(PROBE).status_code
    assert status in (200, 401)
    return status == 200


# --- Issuing ------------------------------------------------------------------------------


def test_a_password_gets_a_new_hashed_token_that_ends_in_thirty_days(officer):
    before = timezone.now()
    first = APIClient().post(TOKEN, {"username": "officer1", "password": "pw-officer1-2023!"}, format="json")
    assert first.status_code == 200
    body = first.json()
    key = body["token"]
    assert body["token_key"] == key[:15]
    record = AuthToken.objects.get(user=officer)
    assert timedelta(days=30) <= record.expiry - before <= timedelta(days=30, minutes=1)
    # Stored as a hash only: the database holds nothing a thief could send.
    assert record.digest == hashlib.sha512(key.encode()).hexdigest() and key not in record.digest
    assert works(key)
    second = APIClient().post(TOKEN, {"username": "officer1", "password": "pw-officer1-2023!"}, format="json")
    assert second.json()["token"] != key and AuthToken.objects.filter(user=officer).count() == 2
    assert works(key), "a new token does not end the earlier ones (one per script)"


def test_the_lifetime_is_a_setting(officer, settings):
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_TTL": timedelta(days=7)}
    record, _key = issue_api_token(officer)
    assert timedelta(days=6, hours=23) < record.expiry - timezone.now() <= timedelta(days=7)


# --- Dying --------------------------------------------------------------------------------


def test_an_expired_token_is_401_and_says_so_in_vietnamese(officer):
    record, key = issue_api_token(officer)
    assert works(key)
    AuthToken.objects.filter(pk=record.pk).update(expiry=timezone.now() - timedelta(seconds=1))
    response = bearer(key).get(PROBE)
    assert response.status_code == 401
    assert response.json() == {"detail": INVALID_VI}
    assert response["WWW-Authenticate"] == "Token"
    assert not AuthToken.objects.filter(pk=record.pk).exists(), "knox deletes it on sight"


def test_logging_out_of_the_site_revokes_every_token(officer, other):
    _r, mine = issue_api_token(officer)
    _r, also_mine = issue_api_token(officer)
    _r, theirs = issue_api_token(other)
    browser = Client()
    browser.force_login(officer)
    assert browser.post(reverse("logout")).status_code == 302
    assert not works(mine) and not works(also_mine)
    assert works(theirs)


def test_logging_out_of_the_admin_revokes_them_too(district):
    admin = make_user("boss", Role.ADMIN, None, is_staff=True, is_superuser=True)
    _r, key = issue_api_token(admin)
    browser = Client()
    browser.force_login(admin)
    assert browser.post(reverse("admin:logout")).status_code == 302
    assert not works(key)


def test_changing_the_password_on_the_account_page_revokes_them(officer, other):
    _r, mine = issue_api_token(officer)
    _r, theirs = issue_api_token(other)
    browser = Client()
    browser.force_login(officer)
    response = browser.post(reverse("password_change"), {
        "old_password": "pw-officer1-2023!", "new_password1": "Mot-mat-khau-moi-2024", "new_password2": "Mot-mat-khau-moi-2024",
    })
    assert response.status_code == 302 and response["Location"] == reverse("account")
    assert not works(mine) and works(theirs)
    page = browser.get(reverse("account"))  # still logged in on this browser
    assert "Đã đổi mật khẩu. Các khoá API cũ của bạn đã bị thu hồi." in page.content.decode()


def test_a_wrong_old_password_changes_nothing_and_revokes_nothing(officer):
    _r, key = issue_api_token(officer)
    browser = Client()
    browser.force_login(officer)
    response = browser.post(reverse("password_change"), {
        "old_password": "nope", "new_password1": "Mot-mat-khau-moi-2024", "new_password2": "Mot-mat-khau-moi-2024",
    })
    assert response.status_code == 200 and works(key)


def test_an_admin_setting_someones_password_revokes_that_users_tokens(officer):
    admin = make_user("boss", Role.ADMIN, None, is_staff=True, is_superuser=True)
    _r, theirs = issue_api_token(officer)
    _r, admins = issue_api_token(admin)
    browser = Client()
    browser.force_login(admin)
    response = browser.post(reverse("admin:auth_user_password_change", args=[officer.pk]), {
        "password1": "Mat-khau-quan-tri-dat-2024", "password2": "Mat-khau-quan-tri-dat-2024", "usable_password": "true",
    })
    assert response.status_code == 302
    assert not works(theirs) and works(admins)


def test_any_other_door_that_sets_or_disables_a_password_revokes_them(officer):
    _r, key = issue_api_token(officer)
    officer.set_password("Dat-tu-shell-2024")  # manage.py changepassword, the shell
    officer.save()
    assert not works(key)
    _r, key = issue_api_token(officer)
    officer.set_unusable_password()
    officer.save()
    assert not works(key)


def test_saving_a_user_without_a_new_password_keeps_the_tokens(officer, settings):
    _r, key = issue_api_token(officer)
    officer.first_name = "Lan"
    officer.save()
    # Django re-hashes an unchanged password at log-in when the hasher changed: not a change.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher",
                                 "django.contrib.auth.hashers.MD5PasswordHasher"]
    browser = Client()
    assert browser.post(reverse("login"), {"username": "officer1", "password": "pw-officer1-2023!"}).status_code == 302
    officer.refresh_from_db()
    assert officer.password.startswith("pbkdf2_sha256$")
    assert works(key)


# --- The owner's list (API) ---------------------------------------------------------------


def test_a_user_lists_their_own_live_tokens_only(officer, other, django_assert_num_queries):
    record, key = issue_api_token(officer)
    older, _k = issue_api_token(officer)
    expired, _k = issue_api_token(officer)
    AuthToken.objects.filter(pk=expired.pk).update(expiry=timezone.now() - timedelta(minutes=1))
    issue_api_token(other)
    client = bearer(key)
    # The token (with its user), the user's expired tokens (knox clears them), count, page.
    with django_assert_num_queries(5):
        response = client.get(TOKENS)
    assert response.status_code == 200
    rows = response.json()["results"]
    assert {row["token_key"] for row in rows} == {record.token_key, older.token_key}
    assert [row["current"] for row in rows if row["token_key"] == record.token_key] == [True]
    assert set(rows[0]) == {"token_key", "created", "expiry", "current"}
    assert key not in response.content.decode()


def test_a_user_revokes_their_own_token_but_not_anothers(officer, other):
    _r, mine = issue_api_token(officer)
    spare, spare_key = issue_api_token(officer)
    theirs, their_key = issue_api_token(other)
    client = bearer(mine)
    assert client.delete(f"{TOKENS}{theirs.token_key}/").status_code == 404
    assert works(their_key)
    assert client.delete(f"{TOKENS}{spare.token_key}/").status_code == 204
    assert not works(spare_key) and works(mine)


def test_deleting_the_current_token_is_an_api_log_out(officer):
    record, key = issue_api_token(officer)
    assert bearer(key).delete(f"{TOKENS}{record.token_key}/").status_code == 204
    assert not works(key)


def test_a_viewer_manages_their_own_tokens_too(viewer):
    record, key = issue_api_token(viewer)
    spare, _k = issue_api_token(viewer)
    assert bearer(key).delete(f"{TOKENS}{spare.token_key}/").status_code == 204


def test_the_token_list_needs_a_log_in():
    response = APIClient().get(TOKENS)
    assert response.status_code == 401


# --- The owner's list (account page) ------------------------------------------------------


def test_the_account_page_lists_and_revokes_tokens(officer, other):
    record, key = issue_api_token(officer)
    theirs, their_key = issue_api_token(other)
    browser = Client()
    browser.force_login(officer)
    html = browser.get(reverse("account")).content.decode()
    assert record.token_key in html and key not in html and theirs.token_key not in html
    assert "30 ngày" in html
    assert browser.get(reverse("token_revoke", args=[record.token_key])).status_code == 405
    assert browser.post(reverse("token_revoke", args=[theirs.token_key])).status_code == 404
    assert works(their_key)
    response = browser.post(reverse("token_revoke", args=[record.token_key]))
    assert response.status_code == 302 and response["Location"] == reverse("account")
    assert not works(key)
    assert "Bạn chưa có khoá API nào còn hiệu lực." in browser.get(reverse("account")).content.decode()


def test_the_account_area_needs_a_log_in(db):
    assert Client().get(reverse("account"))["Location"].startswith(reverse("login"))
    assert Client().get(reverse("password_change"))["Location"].startswith(reverse("login"))


def test_a_viewer_changes_their_own_password(viewer):
    browser = Client()
    browser.force_login(viewer)
    response = browser.post(reverse("password_change"), {
        "old_password": "pw-viewer1-2023!", "new_password1": "Lanh-dao-moi-2024", "new_password2": "Lanh-dao-moi-2024",
    })
    assert response.status_code == 302
    assert User.objects.get(pk=viewer.pk).check_password("Lanh-dao-moi-2024")
