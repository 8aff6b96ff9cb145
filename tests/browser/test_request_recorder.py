"""The guard every browser test relies on: a request to another host is seen (and refused)."""

import pytest

from tests.browser.conftest import is_local, new_recorded_context

pytestmark = pytest.mark.browser


def test_a_request_to_a_cdn_is_recorded_and_never_sent(browser):
    context = new_recorded_context(browser)
    page = context.new_page()
    page.set_content('<img src="https://cdn.example.com/logo.png"><script src="http://127.0.0.1:9/x.js"></script>')
    page.wait_for_timeout(300)
    context.close()
    assert [url for url in context.requests if not is_local(url)] == ["https://cdn.example.com/logo.png"]
