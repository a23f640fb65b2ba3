"""Generated values posted into every form field of every page a learner, a manager and an admin reach (and the
anonymous account pages): no value may give a server error."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillpath import clock
from skillpath.demo.history import simulate_history
from skillpath.demo.people import PASSWORD
from skillpath.demo.services import demo_setup
from skillpath.people.models import Person
from tests.crawl import Form, FormField, crawl

pytestmark = pytest.mark.django_db

NASTY = [
    "",
    " ",
    "abc",
    "1e5",
    "-1",
    "0",
    "²",
    "١٢",
    "9" * 5000,
    ",",
    ",,",
    "1,2",
    "09:00+02:00",
    "25:99",
    "2026-02-30",
    "\x00",
    "a\nb",
    "\r\n",
    "<script>alert(1)</script>",
    "'; DROP TABLE people_person; --",
    "%s%n",
    "../../etc/passwd",
    "NaN",
    "Infinity",
    "-0",
    "0x10",
    "1_000",
    " 7 ",
    "\u202egnp.exe",
    "🙂" * 100,
    "{{ 7*7 }}",
    "null",
    "[]",
    "{}",
]
# Forms that end the session or start long work leave nothing more to test on this page.
SKIPPED_TARGETS = ("/accounts/logout/",)


def values_for(field: FormField) -> st.SearchStrategy[Any]:
    own = [field.value, *field.options] if field.value or field.options else []
    single = st.one_of(
        st.sampled_from(NASTY),
        st.text(max_size=40),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        st.text(min_size=1000, max_size=5000),
        *([st.sampled_from(own)] if own else []),
    )
    return st.one_of(single, st.lists(single, min_size=2, max_size=4))


def fuzz(client: Client, forms: list[Form], examples: int) -> None:
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.data())
    def run(data: st.DataObject) -> None:
        form = data.draw(st.sampled_from(forms), label="form")
        values: dict[str, Any] = {}
        for field in form.fields:
            if field.name == "csrfmiddlewaretoken":
                continue
            if data.draw(st.booleans(), label=f"send {field.name}"):
                values[field.name] = data.draw(values_for(field), label=field.name)
        send: Callable[..., Any] = client.post if form.method == "post" or form.hx_post else client.get
        headers = {"HTTP_HX_REQUEST": "true"} if form.hx_post and data.draw(st.booleans(), label="htmx") else {}
        response = send(form.target, values, **headers)
        assert response.status_code < 500, (form.target, values)

    run()


def forms_of(client: Client, starts: list[str]) -> list[Form]:
    _, found = crawl(client, starts)
    unique = {(f.target, f.method, tuple(sorted(x.name for x in f.fields))): f for f in found}
    return [f for f in unique.values() if not f.target.startswith(SKIPPED_TARGETS)]


def test_no_generated_form_value_gives_a_server_error(client: Client, now: datetime) -> None:
    clock.travel_to(now)
    try:
        demo_setup(now=now, history=False)
        sam = Person.objects.get(user__username="sam@northwind.example.com")
        simulate_history(sam, today=now.date())  # practice and reinforcement pages to reach
        for who, examples in [("sam", 120), ("maya", 60), ("ada", 80)]:
            client.logout()
            assert client.login(username=f"{who}@northwind.example.com", password=PASSWORD)
            starts = ["/", "/path/", "/growth/", "/growth/diagnostic/", "/settings/", "/team/", "/admin-tools/people/"]
            started = client.post("/modules/product-fundamentals/start")
            if started.status_code == 302:
                starts.append(started["Location"])
            diagnostic = client.post("/growth/diagnostic/start")
            if diagnostic.status_code == 302:
                starts.append(diagnostic["Location"])
            forms = forms_of(client, starts)
            assert len(forms) >= 3, who
            fuzz(client, forms, examples)
        client.logout()
        fuzz(client, forms_of(client, ["/accounts/login/", "/accounts/password_reset/"]), 30)
    finally:
        clock.travel(now - now)
