"""SkillPath's xAPI IRIs, dereferenced: the profile, its concepts and the organizations' activities.

Each answers with its JSON definition to a client that asks for JSON (``Accept: application/json`` or
``application/ld+json``, or ``?format=json``) and with a readable page otherwise. Public and rate-limited.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from skillpath.integrations import vocabulary as vocab
from skillpath.ratelimits import throttled


def _wants_json(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return request.GET.get("format") == "json" or "application/json" in accept or "application/ld+json" in accept


def _answer(request: HttpRequest, definition: vocab.Definition | None, content_type: str) -> HttpResponse:
    if definition is None:
        raise Http404(_("SkillPath does not define this IRI."))
    if _wants_json(request):
        return JsonResponse(definition.document, content_type=content_type, json_dumps_params={"indent": 2})
    return render(request, "integrations/iri.html", {"definition": definition})


def _public(
    view: Callable[..., vocab.Definition | None], content_type: str = "application/json"
) -> Callable[..., HttpResponse]:
    @require_GET
    @throttled("documents")
    def answer(request: HttpRequest, **kwargs: str) -> HttpResponse:
        return _answer(request, view(**kwargs), content_type)

    answer.__name__ = answer.__qualname__ = view.__name__
    return answer


@require_GET
@throttled("documents")
def profile(request: HttpRequest) -> HttpResponse:
    """The xAPI Profile: JSON-LD, or a page listing its verbs, activity types, extensions and templates."""
    document = vocab.profile_document()
    if _wants_json(request):
        return JsonResponse(document, content_type="application/ld+json", json_dumps_params={"indent": 2})
    return render(request, "integrations/profile.html", {"profile": document})


LD = "application/ld+json"
vocabulary_concept = _public(vocab.vocabulary_definition, LD)
profile_template = _public(vocab.template_definition, LD)
module = _public(vocab.module_definition)
concept = _public(vocab.concept_definition)
question = _public(vocab.question_definition)
skill = _public(vocab.skill_definition)
milestone = _public(vocab.milestone_definition)
connection_test = _public(vocab.connection_test_definition)
