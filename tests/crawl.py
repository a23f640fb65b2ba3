"""A small same-site crawler for page-wide tests: follows the links of the pages a person can reach and
collects every HTML form (action, method, fields) it finds on them."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.test import Client

# Pages that change state on GET or end the session are not followed.
SKIP_PREFIXES = ("/accounts/logout", "/static/", "/media/", "/admin/logout")


@dataclass
class FormField:
    name: str
    kind: str  # input type, "select" or "textarea"
    options: list[str] = field(default_factory=list)
    value: str = ""


@dataclass
class Form:
    page: str
    action: str
    method: str
    fields: list[FormField] = field(default_factory=list)
    hx_post: str = ""

    @property
    def target(self) -> str:
        return self.hx_post or self.action or self.page


@dataclass
class Page:
    url: str
    html: str
    headers: dict[str, str]


class _Parser(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: FormField | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(urljoin(self.page, a["href"]))
        elif tag == "form":
            action = urljoin(self.page, a["action"]) if a.get("action") else self.page
            self._form = Form(self.page, action, a.get("method", "get").lower(), hx_post=a.get("hx-post", ""))
            self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "textarea", "select", "button") and a.get("name"):
            kind = "select" if tag == "select" else "textarea" if tag == "textarea" else a.get("type", "text")
            item = FormField(a["name"], kind, value=a.get("value", ""))
            self._form.fields.append(item)
            if tag == "select":
                self._select = item
        elif tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def crawl(client: Client, starts: list[str], limit: int = 80) -> tuple[list[Page], list[Form]]:
    """Every HTML page reachable by GET from ``starts`` (up to ``limit``), and the forms on them."""
    seen: set[str] = set()
    queue = deque(starts)
    pages: list[Page] = []
    forms: list[Form] = []
    while queue and len(pages) < limit:
        url = queue.popleft()
        path = urlsplit(url).path + (f"?{urlsplit(url).query}" if urlsplit(url).query else "")
        if path in seen or path.startswith(SKIP_PREFIXES) or urlsplit(url).netloc not in ("", "testserver"):
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        pages.append(Page(path, html, dict(response.headers)))
        parser = _Parser(path)
        parser.feed(html)
        forms.extend(parser.forms)
        queue.extend(parser.links)
    return pages, forms
