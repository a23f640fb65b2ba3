"""The former Memory page: desired retention is now chosen on the organization settings page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect


def memory_settings(request: HttpRequest) -> HttpResponse:
    return redirect("/settings/organization/#retention", permanent=True)
