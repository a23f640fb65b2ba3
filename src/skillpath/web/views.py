"""Pages. Each view parses input, makes one selector or service call, and renders."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from skillpath.content.selectors import media_file
from skillpath.people.selectors import access_person


@login_required
@require_GET
@cache_control(private=True, max_age=3600)
def media(request: HttpRequest, package: str, path: str) -> HttpResponse:
    item = media_file(access_person(request.user), package, f"media/{path}")
    if item is None:
        raise Http404("no such media file")
    response = HttpResponse(bytes(item.data), content_type=item.content_type)
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response["ETag"] = f'"{item.sha256}"'
    return response


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
