"""The xAPI and webhook documentation shows what the code does."""

from __future__ import annotations

import json
import re
from pathlib import Path

from ralph.models.xapi.base.statements import BaseXapiStatement

from skillpath.integrations import payloads
from skillpath.integrations.profile import statement_problems, xapi_profile
from skillpath.integrations.statements import VERBS, Vocabulary, verb

DOCS = Path(__file__).parents[3] / "docs"


def json_blocks(text: str) -> list[str]:
    return re.findall(r"```json\n(.*?)\n```", text, flags=re.DOTALL)


def test_every_statement_example_in_the_xapi_docs_validates_with_ralph() -> None:
    examples = [json.loads(block) for block in json_blocks((DOCS / "xapi.md").read_text())]
    assert len(examples) == 9
    profile = xapi_profile("https://learn.acme.example.com")
    for example in examples:
        BaseXapiStatement.model_validate(example)
        assert statement_problems(profile, example) == [], example["verb"]
    shown = {e["verb"]["id"] for e in examples}
    v = Vocabulary("https://learn.acme.example.com", "acme")
    assert {verb(v, name)["id"] for name in VERBS} - shown == {verb(v, "failed")["id"]}  # failed: as passed


def test_the_question_ids_of_the_examples_are_digests_of_their_definitions() -> None:
    import hashlib

    examples = [json.loads(block) for block in json_blocks((DOCS / "xapi.md").read_text())]
    questions = [e["object"] for e in examples if "/questions/q-" in e["object"]["id"]]
    assert len(questions) == 2
    for question in questions:
        definition = {k: v for k, v in question["definition"].items() if k not in ("type", "name")}
        text = json.dumps(definition, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert question["id"].endswith("/q-" + hashlib.sha256(text.encode()).hexdigest()[:20])


def test_every_verb_is_in_the_vocabulary_table() -> None:
    text = (DOCS / "xapi.md").read_text()
    for name, (iri, display) in VERBS.items():
        assert (iri or f"{{P}}/xapi/verbs/{name}") in text
        assert f"| {display} |" in text


def test_the_worked_webhook_signature_example_is_right() -> None:
    text = (DOCS / "webhooks.md").read_text()
    body = re.search(r"the body\n```\n(.*?)\n```", text, flags=re.DOTALL)
    signature = re.search(r"is signed `(sha256=[0-9a-f]{64})`", text)
    assert body is not None
    assert signature is not None
    assert payloads.signature("whsec-acme", body.group(1).encode()) == signature.group(1)
    assert payloads.signature_valid("whsec-acme", body.group(1).encode(), signature.group(1))
    for block in json_blocks(text):
        event = json.loads(block)
        assert event["event"] in payloads.EVENTS
        assert set(event) == {"id", "event", "organization", "occurred_at", "data"}
