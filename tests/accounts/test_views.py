"""The front door: Vietnamese first, a log-in link for anonymous users, English one click away."""

from django.urls import reverse


def test_the_anonymous_home_page_is_in_vietnamese_and_asks_to_log_in(client, db):
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi"' in html
    assert f'href="{reverse("login")}' in html


def test_english_is_one_click_away(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    assert response.status_code == 302
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="en"' in html
    # And back.
    client.post(reverse("set_language"), {"language": "vi", "next": reverse("home")})
    assert '<html lang="vi"' in client.get(reverse("home")).content.decode()


def test_the_home_page_offers_the_language_switch(client, db):
    html = client.get(reverse("home")).content.decode()
    assert reverse("set_language") in html


def test_an_english_browser_still_gets_vietnamese_until_the_user_switches(client, db):
    # Accept-Language is the browser's setting, not the officer's choice.
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="vi">' in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"}, HTTP_ACCEPT_LANGUAGE="en-US")
    assert '<html lang="en">' in client.get("/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
