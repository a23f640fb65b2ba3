"""The content workspace: drafts, module editing with inline validation, publishing through the import service,
zip export and import, the edit log, and who may see any of it."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from html import unescape
from typing import Any

import pytest
from django.test import Client

from skillpath.authoring import models as am
from skillpath.authoring.archives import zip_files
from skillpath.content import models as cm
from skillpath.content.reader import read_package, read_package_zip
from skillpath.content.services import package_import
from skillpath.learning import models as lm
from skillpath.people.models import Person
from tests.functional.authoring.conftest import member
from tests.helpers import DEMO, MINI
from tests.integration.learning_helpers import do_check

pytestmark = pytest.mark.django_db


def fields(html: str) -> dict[str, str]:
    """The module form's fields as the browser would post them (inputs and textareas)."""
    inputs = re.finditer(r'<input type="text" id="[^"]*" name="([^"]+)" value="([^"]*)"', html)
    out = {m.group(1): m.group(2) for m in inputs}
    for m in re.finditer(r'<textarea id="[^"]*" name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        out[m.group(1)] = m.group(2)
    return {k: unescape(v) for k, v in out.items()}


def start(client: Client) -> str:
    assert client.post("/content/mini-academy/").status_code == 302
    page = client.get("/content/mini-academy/modules/basics/")
    assert page.status_code == 200
    return page.content.decode()


def test_a_learner_finds_no_workspace_and_no_content_link(client: Client, acme: None, now: datetime) -> None:
    learner = member(now, "acme", "lee@acme.test")
    client.force_login(learner.user)
    assert client.get("/content/").status_code == 404
    assert client.post("/content/mini-academy/").status_code == 404
    assert client.get("/content/mini-academy/modules/basics/preview/frame").status_code == 404
    assert 'href="/content/"' not in client.get("/").content.decode()


def test_an_author_edits_a_draft_and_learners_see_nothing_until_it_is_published(
    author_client: Client, author: Person, now: datetime
) -> None:
    assert 'href="/content/"' in author_client.get("/").content.decode()
    listing = author_client.get("/content/").content.decode()
    assert "Mini Academy" in listing and "1.0.0" in listing
    form = fields(start(author_client))
    assert form["title"] == "Listening basics" and "type: choice" in form["concepts[0].variants[0]"]
    form["title"] = "Listening, the basics"
    saved = author_client.post("/content/mini-academy/modules/basics/", {**form, "op": "save"})
    assert saved.status_code == 200 and "Saved to the draft" in saved.content.decode()
    assert cm.Module.objects.get(slug="basics").title == "Listening basics"  # learners still see the old one
    publish = author_client.get("/content/mini-academy/publish").content.decode()
    assert "version <strong>1.0.1</strong>" in publish and "Modules added</dt><dd>none" in publish
    done = author_client.post("/content/mini-academy/publish")
    assert "Version 1.0.1 is what learners see now" in done.content.decode()
    package = cm.ContentPackage.objects.get(organization__slug="acme", slug="mini-academy")
    assert package.version == "1.0.1" and cm.Module.objects.get(slug="basics").title == "Listening, the basics"
    log = author_client.get("/content/edits/").content.decode()
    assert "published" in log and "ada@acme.test" in log and "modules/basics.yaml" in log and "(title)" in log


def test_an_error_is_shown_next_to_its_field_on_save_and_while_typing(author_client: Client) -> None:
    form = fields(start(author_client))
    form["concepts[0].variants[0]"] = form["concepts[0].variants[0]"].replace("correct: true", "correct: false")
    page = author_client.post("/content/mini-academy/modules/basics/", {**form, "op": "save"}).content.decode()
    variant_errors = re.search(r'id="f-concepts-0-variants-0-errors"[^>]*>(.*?)</div>', page, re.S)
    assert variant_errors and "correct" in variant_errors.group(1)
    form["minutes"] = "many"  # the shape is checked first: the cross-reference checks wait for a valid module
    page = author_client.post("/content/mini-academy/modules/basics/", {**form, "op": "save"}).content.decode()
    minutes = re.search(r'id="f-minutes-errors"[^>]*>(.*?)</div>', page, re.S)
    assert minutes and "integer" in minutes.group(1)
    typed = author_client.post("/content/mini-academy/modules/basics/validate", form, HTTP_HX_REQUEST="true")
    body = typed.content.decode()
    assert 'id="f-minutes-errors" class="field-errors" hx-swap-oob="true"' in body and "integer" in body
    assert "<script" not in body and "style=" not in body


def test_a_piece_that_is_not_yaml_is_not_saved_and_says_where(author_client: Client) -> None:
    form = fields(start(author_client))
    form["lesson[1]"] = "reveal: [unclosed"
    response = author_client.post("/content/mini-academy/modules/basics/", {**form, "op": "save"})
    assert response.status_code == 422
    errors = re.search(r'id="f-lesson-1-errors"[^>]*>(.*?)</div>', response.content.decode(), re.S)
    assert errors and "YAML syntax error in this field" in errors.group(1)
    assert "unclosed" not in am.PackageDraft.objects.get().files["modules/basics.yaml"]


def test_a_requires_cycle_is_refused(author_client: Client) -> None:
    form = fields(start(author_client))
    form["requires"] = "closing-talk"  # closing-talk requires questions, which requires basics
    response = author_client.post("/content/mini-academy/modules/basics/", {**form, "op": "save"})
    assert response.status_code == 422
    text = response.content.decode()
    assert "cycle of prerequisites" in text and "basics → closing-talk" in text.replace("&gt;", ">")
    assert "closing-talk" not in am.PackageDraft.objects.get().files["modules/basics.yaml"].split("lesson")[0]


def test_blocks_concepts_and_variants_are_added_moved_and_deleted(author_client: Client) -> None:
    from skillpath.domain.content import ACTIVITY_TYPES

    form = fields(start(author_client))
    url = "/content/mini-academy/modules/basics/"
    for kind in ACTIVITY_TYPES:  # every type the format defines, however many there are
        page = author_client.post(url, {**form, "op": "add-variant 1", "add-type-1": kind}).content.decode()
        form = fields(page)
    variants = [k for k in form if k.startswith("concepts[1].variants[")]
    assert len(variants) == 2 + len(ACTIVITY_TYPES)
    assert f"type: {ACTIVITY_TYPES[-1]}" in form[variants[-1]]
    form = fields(author_client.post(url, {**form, "op": "up lesson[1]"}).content.decode())
    assert form["lesson[0]"].startswith("reveal")
    form = fields(author_client.post(url, {**form, "op": "delete lesson[0]"}).content.decode())
    assert not any(v.startswith("reveal") for k, v in form.items() if k.startswith("lesson"))
    form = fields(author_client.post(url, {**form, "op": "add-block", "add-block-kind": "timeline"}).content.decode())
    assert form["lesson[2]"].startswith("timeline")
    form = fields(author_client.post(url, {**form, "op": "add-concept"}).content.decode())
    assert form["concepts[2].id"] == "concept-3"
    assert "concept-3" in am.PackageDraft.objects.get().files["modules/basics.yaml"]


def test_a_new_module_placed_in_a_stage_reaches_learners_when_published(author_client: Client, now: datetime) -> None:
    author_client.post("/content/mini-academy/")
    created = author_client.post(
        "/content/mini-academy/modules/new", {"id": "handover", "title": "Handover", "place": "seller:foundation"}
    )
    assert created["Location"] == "/content/mini-academy/modules/handover/"
    form = fields(author_client.get(created["Location"]).content.decode())
    form["lesson[0]"] = "text: Hand over with a summary."
    form["concepts[0].variants[0]"] = (
        "type: choice\nprompt: First?\noptions:\n- text: Summary\n  correct: true\n- text: Nothing\n"
    )
    assert author_client.post(created["Location"], {**form, "op": "save"}).status_code == 200
    summary = author_client.get("/content/mini-academy/publish").content.decode()
    assert "Modules added</dt><dd>handover" in summary and "handover/concept-1" in summary
    author_client.post("/content/mini-academy/publish")
    learner = member(now, "acme", "lee@acme.test")
    author_client.force_login(learner.user)
    assert "Handover" in author_client.get("/path/").content.decode()


def test_publishing_keeps_progress_and_retires_a_removed_concept(
    author_client: Client, author: Person, now: datetime
) -> None:
    learner = member(now, "acme", "lee@acme.test")
    do_check(learner, "basics", now)
    form = fields(start(author_client))
    for key in [k for k in form if k.startswith("concepts[1]")]:
        del form[key]
    author_client.post("/content/mini-academy/modules/basics/", {**form, "op": "save"})
    summary = author_client.get("/content/mini-academy/publish").content.decode()
    assert "basics/summarise" in summary.split("retired with their memory")[1].split("</dd>")[0]
    author_client.post("/content/mini-academy/publish")
    assert cm.Concept.objects.get(slug="summarise").retired_at is not None
    assert lm.ModuleProgress.objects.filter(person=learner, module__slug="basics", passed_at__isnull=False).exists()


def test_a_zip_of_files_round_trips_through_the_browser_byte_for_byte(author_client: Client) -> None:
    files = read_package(DEMO)
    upload = io.BytesIO(zip_files(files))
    upload.name = "northwind.zip"
    response = author_client.post("/content/upload", {"archive": upload})
    assert response["Location"] == "/content/northwind-academy/"
    draft = author_client.get("/content/northwind-academy/draft.zip")
    body = b"".join(draft.streaming_content) if draft.streaming else draft.content  # type: ignore[attr-defined]
    assert read_package_zip(body) == files
    author_client.post("/content/northwind-academy/publish")
    version = cm.ContentPackage.objects.get(slug="northwind-academy").version
    exported = author_client.get(f"/content/northwind-academy/versions/{version}.zip").content
    assert read_package_zip(exported) == files


def test_a_package_imported_with_the_command_line_exports_to_files_that_import_the_same(
    author_client: Client, now: datetime
) -> None:
    from skillpath.content.services import package_hash
    from skillpath.domain.content import parse_package

    exported = author_client.get("/content/mini-academy/versions/1.0.0.zip")
    assert exported.status_code == 200
    files = read_package_zip(exported.content)
    assert package_hash(parse_package(files)) == package_hash(parse_package(read_package(MINI)))
    assert package_import("acme", files, now=now).status == "unchanged"


def test_a_bad_archive_is_refused_with_its_reason(author_client: Client) -> None:
    upload = io.BytesIO(b"not a zip")
    upload.name = "x.zip"
    response = author_client.post("/content/upload", {"archive": upload})
    assert response.status_code == 422 and "not a .zip archive" in response.content.decode()
    assert not am.PackageDraft.objects.exists()


def test_media_is_uploaded_within_its_bound_and_checked(author_client: Client) -> None:
    author_client.post("/content/mini-academy/")
    svg = io.BytesIO(b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>')
    svg.name = "Funnel Chart.svg"
    assert author_client.post("/content/mini-academy/media", {"file": svg}).status_code == 302
    assert am.DraftMedia.objects.filter(path="media/funnel-chart.svg").exists()
    served = author_client.get("/content/mini-academy/draft-media/funnel-chart.svg")
    assert served.status_code == 200 and served["Content-Type"] == "image/svg+xml"
    assert "media/funnel-chart.svg" in author_client.get("/content/mini-academy/").content.decode()
    deleted = author_client.post("/content/mini-academy/media/delete", {"path": "media/funnel-chart.svg"})
    assert deleted.status_code == 302 and not am.DraftMedia.objects.filter(path="media/funnel-chart.svg").exists()
    assert author_client.post("/content/mini-academy/media/delete", {"path": "media/x.png"}).status_code == 404
    exe = io.BytesIO(b"MZ")
    exe.name = "tool.exe"
    refused = author_client.post("/content/mini-academy/media", {"file": exe})
    assert refused.status_code == 422 and "unsupported media type" in refused.content.decode()


def test_another_organizations_author_sees_none_of_it(client: Client, author_client: Client, now: datetime) -> None:
    author_client.post("/content/mini-academy/")
    package_import("globex", read_package(MINI), now=now)
    other = member(now, "globex", "gus@globex.test", is_admin=True)
    client.force_login(other.user)
    assert client.get("/content/mini-academy/modules/basics/").status_code == 404  # acme's draft
    assert client.get("/content/mini-academy/draft.zip").status_code == 404
    assert client.get("/content/mini-academy/modules/basics/preview/frame").status_code == 404
    assert "ada@acme.test" not in client.get("/content/edits/").content.decode()
    client.post("/content/mini-academy/")  # globex's own draft of its own copy
    assert am.PackageDraft.objects.filter(organization__slug="globex").count() == 1
    assert am.PackageDraft.objects.filter(organization__slug="acme").count() == 1


def test_the_path_graph_draws_requires_edges_with_a_text_alternative(author_client: Client) -> None:
    author_client.post("/content/mini-academy/")
    page = author_client.get("/content/mini-academy/roles/seller/path").content.decode()
    assert "<svg" in page and page.count('class="graph-node"') == 3 and page.count("<line") == 2
    assert "Discovery questions</a>: requires Listening basics" in page


def test_pages_make_a_fixed_number_of_queries(author_client: Client, django_assert_max_num_queries: Any) -> None:
    author_client.post("/content/mini-academy/")
    for url, most in [
        ("/content/", 8),
        ("/content/edits/", 8),
        ("/content/mini-academy/", 12),
        ("/content/mini-academy/modules/basics/", 10),
    ]:
        with django_assert_max_num_queries(most):
            assert author_client.get(url).status_code == 200


def test_archives_are_reproducible() -> None:
    files = {"b.yaml": b"b", "a.yaml": b"a"}
    assert zip_files(files) == zip_files(dict(reversed(files.items())))
    assert zipfile.ZipFile(io.BytesIO(zip_files(files))).namelist() == ["a.yaml", "b.yaml"]
