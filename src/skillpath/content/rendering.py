"""Lesson Markdown → sanitised HTML (done once, on import)."""

from __future__ import annotations

from typing import Any

import markdown
import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "a",
    "abbr",
    "sup",
    "sub",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}


def markdown_html(text: str) -> str:
    """Render author Markdown to HTML with only harmless tags left (no scripts, styles or raw HTML)."""
    html = markdown.markdown(text, extensions=["extra", "sane_lists"], output_format="html")
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes={"https", "mailto"})


def lesson_html(blocks: list[dict[str, Any]]) -> list[str | None]:
    """For each lesson block, its text rendered to HTML (``None`` for blocks without Markdown)."""
    return [markdown_html(block["text"]) if "text" in block else None for block in blocks]


def markdown_inline(text: str) -> str:
    """One line of author Markdown (**bold**, *emphasis*, `code`, links) as sanitised inline HTML."""
    html = markdown_html(text).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return html
