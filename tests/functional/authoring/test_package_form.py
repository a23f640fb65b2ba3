"""Skills and roles edited as a form: the same package.yaml back, errors by their field, add/move/delete."""

from __future__ import annotations

import re
from html import unescape

import pytest
import yaml
from django.http import QueryDict
from django.test import Client

from skillpath.authoring import models as am
from skillpath.authoring.package_form import apply_package_op, form_from_header, header_from_form, unflatten
from skillpath.domain.content.model import PackageHeader
from tests.helpers import DEMO, MINI

URL = "/content/mini-academy/package/"


@pytest.mark.parametrize("root", [MINI, DEMO], ids=["mini", "demo"])
def test_a_package_header_survives_the_form_unchanged(root: object) -> None:
    data = yaml.safe_load((root / "package.yaml").read_text())  # type: ignore[operator]
    form = form_from_header(data)
    posted = QueryDict(mutable=True)
    for key, value in flat(form):
        posted[key] = value
    back = header_from_form(unflatten(posted), data["id"])
    assert PackageHeader.model_validate(back) == PackageHeader.model_validate(data)


def flat(node: object, prefix: str = "") -> list[tuple[str, str]]:
    if isinstance(node, dict):
        return [p for k, v in node.items() for p in flat(v, f"{prefix}.{k}" if prefix else k)]
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in flat(v, f"{prefix}[{i}]")]
    return [(prefix, str(node))]


def test_buttons_add_move_and_delete_items() -> None:
    form = form_from_header(yaml.safe_load((MINI / "package.yaml").read_text()))
    assert apply_package_op(form, "add skills")
    assert form["skills"][-1] == {"id": "", "title": "", "description": "", "rubric": ""}
    assert apply_package_op(form, "up skills[2]") and form["skills"][1]["id"] == ""
    assert apply_package_op(form, "add roles[0].milestones") and len(form["roles"][0]["milestones"]) == 2
    assert apply_package_op(form, "delete roles[0].levels[0]")
    assert form["roles"][0]["levels"][0]["id"] == "senior-seller"
    assert apply_package_op(form, "add roles") and form["roles"][1]["levels"][0]["id"] == ""
    assert not apply_package_op(form, "delete roles[9]") and not apply_package_op(form, "drop everything")
    assert not apply_package_op(form, "add roles[9].levels")


def fields(html: str) -> dict[str, str]:
    found = re.finditer(r'<input type="text" id="[^"]*" name="([^"]+)" value="([^"]*)"', html)
    return {m.group(1): unescape(m.group(2)) for m in found}


@pytest.mark.django_db
def test_a_wrong_skill_level_is_shown_by_its_field_and_a_fix_is_saved(author_client: Client) -> None:
    author_client.post("/content/mini-academy/")
    form = fields(author_client.get(URL).content.decode())
    assert form["roles[0].levels[1].requires"] == "listening: 2, closing: 3"
    assert form["roles[0].stages.foundation"] == "basics"
    form["roles[0].levels[1].requires"] = "listening: 7"
    typed = author_client.post(URL, form, HTTP_HX_REQUEST="true").content.decode()
    assert re.search(r'id="f-roles-0-levels-1-requires-errors"[^>]*><ul[^>]*><li>[^<]*between 0 and 4', typed)
    form["roles[0].levels[1].requires"] = "listening: 3"
    form["roles[0].stages.application"] = "closing-talk, questions"
    saved = author_client.post(URL, {**form, "op": "save"}).content.decode()
    assert "Saved to the draft" in saved
    header = yaml.safe_load(am.PackageDraft.objects.get().files["package.yaml"])
    assert header["roles"][0]["levels"][1]["requires"] == {"listening": 3}
    assert header["roles"][0]["stages"]["application"] == ["closing-talk", "questions"]
    assert "(the same checks as" not in saved
    assert am.ContentEdit.objects.filter(path="package.yaml").exists()
