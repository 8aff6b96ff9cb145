"""Playwright for Python driving Debian's Chromium against the live test server.

One browser per session, a fresh context (cookies, storage) per test. The browser is
the system's (`CHROMIUM_PATH`, default /usr/bin/chromium): nothing is ever downloaded.
Where it is missing the tests are skipped with a message, unless COOPREG_REQUIRE_BROWSER=1
(CI), where a missing browser is a failure. Every request a page makes is recorded and
checked at the end of the test: none may leave 127.0.0.1 (no CDN, no web font, no tracker).
"""

import os
from urllib.parse import urlsplit

import pytest

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from
# a thread with a running loop unless told that this is deliberate (tests only).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
PASSWORD = "Mat-khau-thu-2023!"


def _chromium_path() -> str:
    return os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    path = _chromium_path()
    required = os.environ.get("COOPREG_REQUIRE_BROWSER") == "1"
    if not os.path.exists(path):
        message = (f"Chromium not found at {path}: set CHROMIUM_PATH, or `apt-get install chromium` "
                   "(browser tests never download a browser).")
        if required:
            pytest.fail(message + " COOPREG_REQUIRE_BROWSER=1 makes this a failure.")
        pytest.skip(message)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - the test extra installs it
        if required:
            pytest.fail(f"Playwright for Python is not installed: {exc}")
        pytest.skip(f"Playwright for Python is not installed: {exc}")

    with sync_playwright() as playwright:
        # launch() gives Chromium a new, temporary user-data-dir of its own (Playwright
        # refuses --user-data-dir in args); every test then gets a fresh context.
        launched = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname in LOCAL_HOSTS


def new_recorded_context(browser):
    """A fresh context that records every request (`context.requests`) and refuses, without
    touching the network, any request that would leave the machine."""
    context = browser.new_context(locale="vi-VN", accept_downloads=True, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    context.requests = []
    context.on("request", lambda request: context.requests.append(request.url))  # every page and frame
    context.route(lambda url: not is_local(url), lambda route: route.abort())
    return context


@pytest.fixture
def page(browser, live_server):
    """A page in a fresh context; fails the test if any request left the machine."""
    context = new_recorded_context(browser)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()
    outside = [url for url in context.requests if not is_local(url)]
    assert not outside, f"requests left 127.0.0.1: {outside}"
    assert context.requests, "the page made no request at all"


def login(page, username: str, password: str = PASSWORD) -> None:
    """Log in through the Vietnamese log-in page, as an officer would."""
    page.goto(page.base_url + "/accounts/login/")
    assert page.locator("h1").inner_text() == "Đăng nhập"
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Đăng xuất").is_visible()


@pytest.fixture
def officer_b(units):
    from accounts.models import Role, User

    return User.objects.create_user("canbo", password=PASSWORD, role=Role.OFFICER, scope=units["198"],
                                    first_name="Lan", last_name="Hoàng")


@pytest.fixture
def viewer_b(units):
    from accounts.models import Role, User

    return User.objects.create_user("lanhdao", password=PASSWORD, role=Role.VIEWER, scope=units["198"])
