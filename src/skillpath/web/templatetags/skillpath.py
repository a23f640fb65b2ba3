from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import template
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from skillpath.config.formats import local_date as _local_date
from skillpath.content.rendering import markdown_inline
from skillpath.insights.charts import percent_text
from skillpath.learning.session import SessionProgress, session_progress

register = template.Library()


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    """``{{ charts|get_item:slug }}``: a dictionary lookup with a variable key."""
    return mapping.get(key)


@register.filter(expects_localtime=True)
def local_date(value: Any, name: str = "DATE_FORMAT") -> str:
    """``{{ day|local_date:"WEEKDAY_FORMAT" }}``: a date as the active language writes it (skillpath.config.formats)."""
    return _local_date(value, name)


@register.filter
def percent(value: Any) -> str:
    """``{{ score|percent }}``: a whole percentage as the active language writes it (47% · 47 % · 47 %)."""
    return percent_text(value)


@register.filter
def inline_markdown(text: str) -> SafeString:
    """``{{ reason|inline_markdown }}``: one line of Markdown (``Pass *Module* with 80%``) as sanitised HTML."""
    return mark_safe(markdown_inline(str(text)))  # noqa: S308 - nh3 leaves only harmless inline tags


@register.simple_tag(takes_context=True)
def session_step(context: template.Context) -> SessionProgress | None:
    """``{% session_step as step %}``: where the learner is in today's session ("2 of 7"), or None outside one."""
    request = context.get("request")
    state = request.session.get("session") if request is not None else None
    return session_progress(state) if state else None


@register.simple_tag(takes_context=True)
def navigation(context: template.Context, template_name: str) -> SafeString:
    """``{% navigation "web/_top_nav.html" %}``: the signed-in person's menu, which depends only on the language,
    the page (marked as current) and their permissions; rendered once for each such combination and reused, since
    every page shows two menus of a dozen links, each a translation and an address to build."""
    request = context["request"]
    person = getattr(context["user"], "person", None)
    here = request.resolver_match.url_name if request.resolver_match else None
    flags = (bool(person and person.is_manager), bool(person and person.is_admin), bool(person and person.is_author))
    return _menu(template_name, get_language(), get_script_prefix(), here, *flags)


@lru_cache(maxsize=4096)
def _menu(
    template_name: str, language: str, prefix: str, here: str | None, manager: bool, admin: bool, author: bool
) -> SafeString:
    """The menu in the active language (``language`` and the address ``prefix`` are part of the cache key)."""
    context = {"here": here, "manager": manager, "admin": admin, "author": author}
    return mark_safe(render_to_string(template_name, context))  # noqa: S308 - our own template, escaped as it renders
