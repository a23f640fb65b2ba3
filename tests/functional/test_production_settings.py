from __future__ import annotations

import os
import re
import secrets
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory

from skillpath.config import checks
from skillpath.config.keyfile import generated_secret_key

ROOT = Path(__file__).parent.parent.parent
OPERATIONS = ROOT / "docs" / "operations.md"


def documented_environment() -> dict[str, str]:
    """The production environment block of docs/operations.md, with ``<random>`` filled in."""
    block = re.search(r"```env\n(.*?)```", OPERATIONS.read_text(), re.DOTALL)
    assert block, "docs/operations.md lost its production block"
    env = {}
    for line in block.group(1).splitlines():
        name, _, value = line.partition("=")
        env[name] = secrets.token_urlsafe(50) if value == "<random>" else value
    return env


def skillpath(args: list[str], env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SKILLPATH_", "SECURE_", "EMAIL_", "DJANGO_"))}
    base |= {"SKILLPATH_VAR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    return subprocess.run(
        [sys.executable, "-m", "skillpath.cli", *args],
        env=base | env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_reports_nothing_under_the_documented_production_configuration(tmp_path: Path) -> None:
    done = skillpath(["check", "--deploy"], documented_environment(), tmp_path)
    assert done.returncode == 0, done.stderr
    # Silenced: django-ratelimit's warning that Django's own Redis cache is not one it lists (it counts correctly).
    assert (done.stdout + done.stderr).strip() == "System check identified no issues (1 silenced)."


def test_production_mode_refuses_console_email_and_warns_about_a_shared_key_secret(tmp_path: Path) -> None:
    env = documented_environment()
    for name in ("EMAIL_BACKEND", "SKILLPATH_KEY_SECRET"):
        del env[name]
    done = skillpath(["check", "--deploy"], env, tmp_path)
    assert done.returncode != 0
    assert "skillpath.E001" in done.stderr and "password-reset and invitation links" in done.stderr
    assert "skillpath.W001" in done.stderr


def test_the_demo_may_keep_its_emails_on_the_console(settings: Any) -> None:
    settings.PRODUCTION, settings.EMAIL_BACKEND = True, "django.core.mail.backends.console.EmailBackend"
    settings.DEMO = False
    assert [e.id for e in checks.production_email()] == ["skillpath.E001"]
    settings.DEMO = True
    assert checks.production_email() == []
    settings.PRODUCTION, settings.DEMO = False, False
    assert checks.production_email() == []


def test_the_generated_secret_key_is_readable_only_by_its_owner(tmp_path: Path) -> None:
    key = generated_secret_key(tmp_path / "var" / "secret_key")
    assert len(key) > 50
    assert stat.S_IMODE((tmp_path / "var" / "secret_key").stat().st_mode) == 0o600
    assert generated_secret_key(tmp_path / "var" / "secret_key") == key  # stable


def test_an_old_world_readable_key_file_is_narrowed(tmp_path: Path) -> None:
    old = tmp_path / "secret_key"
    old.write_text("an-old-key-written-by-an-earlier-version")
    old.chmod(0o644)
    assert generated_secret_key(old) == "an-old-key-written-by-an-earlier-version"
    assert stat.S_IMODE(old.stat().st_mode) == 0o600


def test_https_settings_follow_the_environment(tmp_path: Path) -> None:
    probe = (
        "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
        "s.SESSION_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER)"
    )
    env = {
        "SKILLPATH_PRODUCTION": "1",
        "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto: https",
        "SECURE_SSL_REDIRECT": "0",
    }
    done = skillpath(["shell", "-c", probe], env, tmp_path)
    assert done.stdout.strip().splitlines()[-1] == "False 31536000 True ('HTTP_X_FORWARDED_PROTO', 'https')"
    done = skillpath(["shell", "-c", probe], {}, tmp_path)
    assert done.stdout.strip().splitlines()[-1] == "False 0 False None"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accounts/login/", "/accounts/password_reset/", "/verify/", "/"])
def test_a_body_larger_than_the_bound_is_refused_before_it_is_read(client: Client, url: str) -> None:
    body = b"x" * (256 * 1024 + 1)
    response = client.generic("POST", url, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    bound = b"64 KB" if url == "/verify/" else b"256 KB"  # a credential is a few KB: the verifier's bound is smaller
    assert b"larger than " + bound in response.content


def test_a_2_mb_people_file_still_fits() -> None:
    from skillpath.config.security import BodyLimitMiddleware
    from skillpath.people.views import people_admin

    middleware = BodyLimitMiddleware(lambda request: HttpResponse())
    request = RequestFactory().post("/admin-tools/people/", HTTP_ACCEPT="text/plain")
    request.META["CONTENT_LENGTH"] = str(2 * 1024 * 1024 + 60 * 1024)
    assert middleware.process_view(request, people_admin, (), {}) is None
    request.META["CONTENT_LENGTH"] = str(3 * 1024 * 1024)
    refused = middleware.process_view(request, people_admin, (), {})
    assert refused is not None and refused.status_code == 413


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "url"), [("post", "/accounts/login/"), ("get", "/team/"), ("post", "/growth/plan")])
def test_a_nul_character_in_any_field_is_refused(client: Client, method: str, url: str) -> None:
    response = getattr(client, method)(url, {"role": "a\x00b", "username": "x"})
    assert response.status_code == 400
    assert b"holds a NUL character" in response.content


@pytest.mark.django_db
def test_a_nul_character_in_the_address_is_refused(client: Client) -> None:
    assert client.get("/media/northwind-academy/a%00b.png").status_code == 400
