"""What coopreg/settings.py promises a government system: security headers on every answer
(CSP without inline code, Permissions-Policy), templates that need no inline code, and
database connections that survive the database dropping them."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
OFF = ("camera", "microphone", "geolocation", "payment", "usb", "display-capture")


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";") if part.strip())}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/api/v1/schema/", "/api/v1/units/"])
def test_every_answer_forbids_inline_code_and_foreign_sources(client, path):
    response = client.get(path)
    csp = directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"]
    assert csp["img-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"] and csp["form-action"] == ["'self'"]


@pytest.mark.django_db
def test_every_answer_turns_the_powerful_browser_features_off(client):
    policy = dict(part.strip().split("=") for part in client.get("/")["Permissions-Policy"].split(","))
    for feature in OFF:
        assert policy[feature] == "()", feature


@pytest.mark.django_db
def test_only_the_api_docs_may_use_inline_styles_and_still_no_inline_script(client):
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    csp = directives(docs)
    assert csp["style-src"] == ["'self'", "'unsafe-inline'"] and csp["img-src"] == ["'self'", "data:"]
    assert csp["script-src"] == ["'self'"]
    html = docs.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "Swagger UI's start-up code is a file of its own"
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.IGNORECASE)
EVENT_ATTRIBUTE = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
# Rendered only into a PDF by WeasyPrint (reports.documents), never sent to a browser: its
# <style> carries the @font-face rules of the embedded font and inlines static/css/document.css.
NOT_SERVED = {"templates/reports/document_pdf.html"}


def test_no_template_carries_inline_script_style_or_event_attribute():
    """The CSP would refuse them: behaviour lives in static/js, looks in static/css."""
    offenders = []
    for template in sorted((ROOT / "templates").rglob("*.html")):
        if str(template.relative_to(ROOT)) in NOT_SERVED:
            continue
        text = template.read_text(encoding="utf-8")
        for name, pattern in (("script", INLINE_SCRIPT), ("style", INLINE_STYLE), ("on…=", EVENT_ATTRIBUTE)):
            if pattern.search(text):
                offenders.append(f"{template.relative_to(ROOT)}: inline {name}")
    assert offenders == []


def test_htmx_injects_no_style_and_evaluates_no_attribute_code(client, db):
    html = client.get("/").content.decode()
    config = re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", html)
    assert config and json.loads(config.group(1)) == {"includeIndicatorStyles": False, "allowEval": False}


def test_kept_database_connections_are_checked_before_reuse():
    db = settings.DATABASES["default"]
    assert db["CONN_HEALTH_CHECKS"] is True
    assert db["CONN_MAX_AGE"] == 0  # development: runserver's threads keep none


def production_settings(**extra) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(64),
           "ALLOWED_HOSTS": "x.example.org", "DATABASE_URL": "postgres://u@127.0.0.1:5432/never_opened", **extra}
    env.pop("DEBUG", None)
    code = ("import json, django; from django.conf import settings; django.setup(); d = settings.DATABASES['default'];"
            "print(json.dumps([d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], settings.AXES_FAILURE_LIMIT,"
            " settings.AXES_COOLOFF_TIME.total_seconds(), settings.REST_KNOX['TOKEN_TTL'].days,"
            " settings.TRUSTED_PROXY_COUNT]))")
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**env, "DJANGO_SETTINGS_MODULE": "coopreg.settings"})


def test_production_keeps_connections_ten_minutes_and_checks_them():
    result = production_settings()
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [600, True, 5, 900.0, 30, 1]


def test_the_limits_come_from_the_environment_and_nonsense_stops_the_start():
    result = production_settings(CONN_MAX_AGE="60", LOGIN_FAILURE_LIMIT="10", LOGIN_COOLOFF_MINUTES="30",
                                 API_TOKEN_TTL_DAYS="7", TRUSTED_PROXY_COUNT="2")
    assert json.loads(result.stdout) == [60, True, 10, 1800.0, 7, 2]
    refused = production_settings(API_TOKEN_TTL_DAYS="0")
    assert refused.returncode != 0 and "API_TOKEN_TTL_DAYS must be at least 1" in refused.stderr
    refused = production_settings(LOGIN_FAILURE_LIMIT="five")
    assert refused.returncode != 0 and "LOGIN_FAILURE_LIMIT must be a whole number" in refused.stderr
