"""The main pages under the site's Content-Security-Policy (settings.py): each answers with
the policy, and the browser reports no violation of it (nor of the Permissions-Policy) in its
console, no script error either; the pieces that needed inline code still work (htmx, the
print button, the API docs)."""

import pytest
from playwright.sync_api import expect

from cooperatives.models import Collective, Person, TradeEvent, TrainingCourse
from demo.dataset import PLAN_CODE, load_demo
from ocop.models import OcopProduct
from tests.browser.conftest import login

pytestmark = pytest.mark.browser

POLICY_WORDS = ("Content Security Policy", "Content-Security-Policy", "Permissions-Policy", "Permissions policy")


def watch(page) -> list[str]:
    """Every console line about a policy, and every uncaught script error, from now on."""
    seen: list[str] = []
    page.on("console", lambda msg: seen.append(f"{page.url}: {msg.text}")
            if any(word in msg.text for word in POLICY_WORDS) else None)
    page.on("pageerror", lambda error: seen.append(f"{page.url}: script error {error}"))
    return seen


def settle(page) -> None:
    # Console events travel separately from the page: a round trip through the page's event
    # loop lets the ones of this page arrive before the next navigation.
    page.evaluate("() => new Promise(resolve => setTimeout(resolve, 50))")


def visit(page, path: str) -> None:
    response = page.goto(page.base_url + path)
    assert response.status == 200, path
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self';" in policy + ";", path
    assert "'unsafe-inline'" not in policy.split("style-src")[0], path
    assert "camera=()" in response.headers.get("permissions-policy", ""), path
    settle(page)


def test_a_violation_would_be_seen(page, db):
    seen = watch(page)
    page.goto(page.base_url + "/accounts/login/")
    page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.x = 1';
                             document.body.append(s); }""")
    settle(page)
    assert any("Content Security Policy" in line for line in seen), seen


def test_the_main_pages_break_no_policy(page, transactional_db):
    load_demo()
    collective = Collective.objects.order_by("pk").first()
    plan = f"?plan={PLAN_CODE}"
    pages = [
        "/", "/registry/", f"/registry/{collective.pk}/", "/registry/new/", f"/registry/{collective.pk}/edit/",
        "/registry/sheet/", "/registry/people/", f"/registry/people/{Person.objects.order_by('pk').first().pk}/",
        "/registry/trainings/", f"/registry/trainings/{TrainingCourse.objects.order_by('pk').first().pk}/",
        "/registry/events/", f"/registry/events/{TradeEvent.objects.order_by('pk').first().pk}/",
        "/ocop/", f"/ocop/{OcopProduct.objects.order_by('pk').first().pk}/", "/ocop/lapsing/", "/statistics/",
        f"/reports/{plan}", f"/reports/indicators/htx_new/{plan}", "/reports/plans/", "/reports/plans/new/",
        "/imports/", "/imports/collectives/", "/accounts/", "/accounts/password/",
        "/admin/", "/admin/accounts/user/", f"/admin/cooperatives/collective/{collective.pk}/change/",
    ]
    seen = watch(page)
    page.add_init_script("window.print = () => { window.printed = true; };")  # no dialog in a test
    login(page, "admin", "demo-admin-2023")
    for path in pages:
        visit(page, path)

    # The print button works without its old onclick="…".
    visit(page, f"/reports/print/{plan}")
    page.get_by_role("button", name="In báo cáo").click()
    assert page.evaluate("window.printed") is True

    # htmx runs: a line of the yearly sheet (a year the demo has figures for) saves in place.
    visit(page, "/registry/sheet/?year=2023")
    line_id = page.locator("tr.sheet-row:not(.missing)").first.get_attribute("id")
    page.locator(f"#{line_id}").get_by_role("button", name="Lưu").click()
    expect(page.locator(f"#{line_id} .row-state")).to_have_text("✓ Đã lưu")

    page.get_by_role("button", name="Đăng xuất").click()
    visit(page, "/accounts/login/")
    # The API docs (their own, slightly wider policy: inline styles) render Swagger UI.
    page.goto(page.base_url + "/api/v1/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Coopreg API")
    expect(page.locator(".opblock").first).to_be_visible()
    settle(page)
    assert seen == [], "\n".join(seen)
