"""Pages. Each view parses input, makes one selector or service call, and renders."""

from __future__ import annotations

import re

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
    data = bytes(item.data)
    span = byte_range(request.headers.get("Range"), len(data))
    if span is None:
        response = HttpResponse(data, content_type=item.content_type)
    elif not span:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{len(data)}"
    else:
        response = HttpResponse(data[span.start : span.stop], content_type=item.content_type, status=206)
        response["Content-Range"] = f"bytes {span.start}-{span.stop - 1}/{len(data)}"
    response["Accept-Ranges"] = "bytes"
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response["ETag"] = f'"{item.sha256}"'
    return response


RANGE = re.compile(r"bytes=(\d*)-(\d*)")


def byte_range(header: str | None, size: int) -> range | None:
    """The bytes a ``Range`` header asks for: ``None`` means the whole file, an empty range "unsatisfiable" (416).

    Video players ask for byte ranges and Safari plays video only from a server that answers them (206).
    One range is served; a missing, malformed or multi-range header gets the whole file (RFC 9110 allows it).
    """
    match = RANGE.fullmatch((header or "").strip())
    if not match or not any(match.groups()):
        return None
    first, last = match.groups()
    if not first:  # "bytes=-N": the last N bytes
        return range(max(size - int(last), 0), size) if int(last) else range(0)
    if int(first) >= size or (last and int(last) < int(first)):
        return range(0)
    return range(int(first), min(int(last) + 1, size) if last else size)


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
