from __future__ import annotations

import re
from datetime import datetime

import pytest
from django.test import Client

from skillpath.demo.people import PASSWORD
from skillpath.demo.services import demo_setup
from tests.crawl import crawl

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+=", re.IGNORECASE)


def test_the_policy_forbids_inline_code_and_framing(client: Client) -> None:
    policy = client.get("/accounts/login/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy


@pytest.mark.parametrize("who", ["sam", "maya", "ada"])
def test_every_page_has_the_policy_and_no_inline_script_or_style(who: str, now: datetime, client: Client) -> None:
    demo_setup(now=now, history=False)
    assert client.login(username=f"{who}@northwind.example.com", password=PASSWORD)
    pages, _ = crawl(client, ["/", "/growth/diagnostic/", "/admin/"])
    assert len(pages) >= 6
    for page in pages:
        assert "script-src 'self'" in page.headers["Content-Security-Policy"], page.url
        assert not INLINE_SCRIPT.search(page.html), page.url
        assert not INLINE_STYLE.search(page.html), page.url
        assert not EVENT_HANDLER.search(page.html), page.url


def test_anonymous_pages_have_no_inline_script_or_style(client: Client) -> None:
    for url in ["/accounts/login/", "/accounts/password_reset/", "/verify/", "/admin/login/"]:
        html = client.get(url).content.decode()
        assert not INLINE_SCRIPT.search(html), url
        assert not INLINE_STYLE.search(html), url
