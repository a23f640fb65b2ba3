"""Fetching other issuers' documents (DID documents, status lists) while verifying their credentials.

Anyone can make ``/verify/`` fetch a URL by pasting a credential, so every fetch is bounded: https only, to
public addresses only (no loopback or private network: no request forgery into the server's network), no
redirects, at most ``MAX_BYTES`` and ``TIMEOUT_SECONDS`` in all. A fetch that cannot be done raises
``FetchError`` saying why; verification then reports that check as not done, never as passed.
Tests replace the fetcher with ``use_fetcher`` (for example to reach a second issuer on loopback).
"""

from __future__ import annotations

import ipaddress
import json
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

import httpx
from django.utils.translation import gettext as _

TIMEOUT_SECONDS = 3.0
MAX_BYTES = 256 * 1024
USER_AGENT = "SkillPath-Verifier/1"


class FetchError(Exception):
    """A document could not be fetched; the message says why (for the person verifying)."""


Fetcher = Callable[[str], Any]


def _public_host(host: str, port: int) -> None:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise FetchError(_("the host {host} does not resolve").format(host=host)) from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise FetchError(
                _("the host {host} is not a public address; SkillPath does not fetch from it").format(host=host)
            )


def _read_json(response: httpx.Response, url: str, started: float, max_bytes: int, timeout: float) -> Any:
    if response.status_code != 200:
        raise FetchError(_("{url} answered HTTP {status}").format(url=url, status=response.status_code))
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > max_bytes:
            raise FetchError(_("{url} sent more than {size} KB").format(url=url, size=max_bytes // 1024))
        if time.monotonic() - started > timeout:
            raise FetchError(_("{url} did not answer within {seconds} s").format(url=url, seconds=f"{timeout:g}"))
    try:
        return json.loads(bytes(body))
    except (ValueError, RecursionError) as exc:
        raise FetchError(_("{url} did not answer with JSON").format(url=url)) from exc


def http_fetch_json(
    url: str, *, timeout: float = TIMEOUT_SECONDS, max_bytes: int = MAX_BYTES, public_only: bool = True
) -> Any:
    """GET ``url`` and parse its JSON, within the bounds above (``public_only=False`` lets tests reach loopback)."""
    parts = urlsplit(url)
    if parts.scheme != "https" and public_only:
        raise FetchError(
            _("{url} is not an https URL; SkillPath fetches other issuers' documents over https").format(url=url[:200])
        )
    if not parts.hostname:
        raise FetchError(_("{url} has no host").format(url=url[:200]))
    if public_only:
        _public_host(parts.hostname, parts.port or 443)
    started = time.monotonic()
    headers = {"Accept": "application/ld+json, application/json", "User-Agent": USER_AGENT}
    try:
        with httpx.stream("GET", url, headers=headers, timeout=timeout, follow_redirects=False) as response:
            return _read_json(response, url, started, max_bytes, timeout)
    except httpx.TimeoutException as exc:
        raise FetchError(_("{url} did not answer within {seconds} s").format(url=url, seconds=f"{timeout:g}")) from exc
    except httpx.HTTPError as exc:
        raise FetchError(
            _("{url} could not be reached ({problem})").format(url=url, problem=type(exc).__name__)
        ) from exc


_fetcher: Fetcher = http_fetch_json


def fetch_json(url: str) -> Any:
    """Fetch through the current fetcher (``http_fetch_json`` unless a test replaced it)."""
    return _fetcher(url)


@contextmanager
def use_fetcher(fetcher: Fetcher) -> Iterator[Fetcher]:
    """Fetch through ``fetcher`` inside the block (tests)."""
    global _fetcher
    previous, _fetcher = _fetcher, fetcher
    try:
        yield fetcher
    finally:
        _fetcher = previous
