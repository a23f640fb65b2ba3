"""A learner's records in the database: load their ``LearnerState``, save what an answer changed, append answers.

This is the only code that maps between content ids (what the domain uses) and database keys, and the
only writer of the derived rows (memory, module progress, skill levels, milestones, check scores): the
live answer path saves the rows one answer changed, ``skillpath rebuild`` writes every row of a replayed
state, and both go through the same statements, so their field lists are written once.

It uses plain SQL through Django's connection (``learning.sqlrows``: the cursor, statements sent together,
values as each database stores them): loading a state is a fixed number of queries whatever the history's
length, and on the answer path the ORM's query building would cost more than the queries.
The statements are standard SQL that SQLite (3.35+) and PostgreSQL both run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any
from uuid import UUID

from django.db import connection

from skillpath.domain.checking import check_outcome
from skillpath.domain.learner import (
    Changes,
    Check,
    ConceptMemory,
    LearnerState,
    ModuleRecord,
    SkillRecord,
)
from skillpath.domain.memory import Memory
from skillpath.learning import models as lm
from skillpath.learning import sqlrows as db
from skillpath.learning.curricula import (
    ROLE_KEY_SQL,
    ContentIndex,
    content_index,
    known_roles,
    memory_model,
    roles_of,
)
from skillpath.people.models import Person

MEMORY = lm.MemoryState._meta.db_table
PROGRESS = lm.ModuleProgress._meta.db_table
SKILL = lm.SkillState._meta.db_table
MILESTONE = lm.MilestoneReached._meta.db_table
CHECK = lm.ModuleCheck._meta.db_table
ATTEMPT = lm.Attempt._meta.db_table

MEMORY_FIELDS = (
    "stability",
    "difficulty",
    "first_review",
    "last_review",
    "due",
    "reviews",
    "lapses",
    "retained_days",
    "retained_at",
    "last_recall",
    "last_lapse",
    "spaced_recalls",
    "held_days",
)
PROGRESS_FIELDS = ("started_at", "best_score", "checks", "passed_at", "tested_out_at")
SKILL_FIELDS = ("level", "reached_at", "fading_on", "observed_at")
DATETIMES = {
    "first_review",
    "last_review",
    "due",
    "retained_at",
    "last_recall",
    "last_lapse",
    "started_at",
    "passed_at",
    "tested_out_at",
    "reached_at",
    "fading_on",
}

if tuple(f.name for f in fields(Memory)) != MEMORY_FIELDS:  # pragma: no cover - guards an edit of either
    raise ImportError("MEMORY_FIELDS must list Memory's fields in their order")
_MEMORY_TIMES = tuple(name in DATETIMES for name in MEMORY_FIELDS)


@dataclass(frozen=True)
class Loaded:
    index: ContentIndex
    state: LearnerState


def state_load(
    person: Person,
    *,
    checks: Iterable[UUID] | None = None,
    diagnostics: bool = False,
    skills: Iterable[str] | None = None,
    index: ContentIndex | None = None,
) -> Loaded:
    """The person's learner state, in 6 queries (7 with ``diagnostics``) when the curriculum is cached.

    On PostgreSQL the queries go out together, in one round trip (see ``_batch``).
    ``checks``: the module checks to load (default: the person's open ones; ``()`` for none).
    ``skills``: load only the memories of these skills' concepts (what one answer can touch); default all
    (it needs ``index``, which then tells which concepts those are).
    ``index``: the person's content index, when the caller has it already.
    """
    reads = StateReads(None if checks is None else tuple(checks), diagnostics, skills)
    statements: list[tuple[str, Sequence[Any]]] = [] if index is not None else [(ROLE_KEY_SQL, [person.pk])]
    if index is None and skills is not None:
        raise ValueError("loading the memories of some skills needs the person's content index")
    results = iter(db.batch(statements + _state_statements(person, index, reads)))
    if index is None:
        index = content_index(person, roles=roles_of(next(results)))
    return Loaded(index, _state_from(person, index, reads, results))


@dataclass(frozen=True)
class StateReads:
    """What of a learner's state to load (``state_load``'s arguments)."""

    checks: tuple[UUID, ...] | None = None
    diagnostics: bool = False
    skills: Iterable[str] | None = None


def _state_statements(person: Person, index: ContentIndex | None, reads: StateReads) -> list[tuple[str, Sequence[Any]]]:
    pid = person.pk
    columns = ", ".join(MEMORY_FIELDS)
    sql = f"SELECT concept_id, {columns}, CAST(variants_seen AS TEXT) FROM {MEMORY} WHERE person_id = %s"  # noqa: S608
    params: list[Any] = [pid]
    if reads.skills is not None and index is not None:
        c = index.curriculum
        wanted = [index.concept_pks[k] for skill in set(reads.skills) for k in c.concepts_of_skill(skill)] or [0]
        sql += f" AND concept_id IN ({', '.join(['%s'] * len(wanted))})"
        params += wanted
    statements: list[tuple[str, Sequence[Any]]] = [
        (sql, params),
        (f"SELECT module_id, {', '.join(PROGRESS_FIELDS)} FROM {PROGRESS} WHERE person_id = %s", [pid]),  # noqa: S608
        (f"SELECT skill_id, level, reached_at, fading_on, observed_at FROM {SKILL} WHERE person_id = %s", [pid]),  # noqa: S608
        (f"SELECT milestone_id, reached_at FROM {MILESTONE} WHERE person_id = %s", [pid]),  # noqa: S608
    ]
    check_query = _checks_query(pid, reads.checks)
    if check_query is not None:
        statements.append(check_query)
    if reads.diagnostics:
        statements.append(
            (
                f"SELECT concept_id, score FROM {ATTEMPT} WHERE person_id = %s AND kind = %s ORDER BY id",  # noqa: S608
                [pid, lm.Attempt.Kind.DIAGNOSTIC.value],
            )
        )
    return statements


def _state_from(
    person: Person, index: ContentIndex, reads: StateReads, results: Iterator[list[tuple[Any, ...]]]
) -> LearnerState:
    """The state from the rows of ``_state_statements`` (in their order)."""
    memories = {}
    for concept, *values, seen in next(results):
        key = index.concept_keys.get(concept)
        if key is not None:  # content retired since: its memory stays stored, it no longer shapes state
            memories[key] = ConceptMemory(_memory(values), db.seen_out(seen))
    modules = {}
    for module, started, best, taken, passed, tested in next(results):
        if module in index.module_ids:
            modules[index.module_ids[module]] = ModuleRecord(
                db.dt_out(started) or db.EPOCH, best, taken, db.dt_out(passed), db.dt_out(tested)
            )
    skill_ids = {pk: slug for slug, pk in index.skill_pks.items()}
    levels = {
        skill_ids[skill]: SkillRecord(level, db.dt_out(reached) or db.EPOCH, db.dt_out(fades), db.dt_out(observed))
        for skill, level, reached, fades, observed in next(results)
        if skill in skill_ids
    }
    milestones = {index.milestone_keys[m]: db.dt_out(at) for m, at in next(results) if m in index.milestone_keys}
    loads_checks = reads.checks is None or bool(reads.checks)  # as _checks_query: no query for no checks
    return LearnerState(
        curriculum=index.curriculum,
        model=memory_model(person),
        memories=memories,
        modules=modules,
        skills=levels,
        milestones=milestones,  # type: ignore[arg-type]
        checks=_checks(index, next(results)) if loads_checks else {},
        diagnosed=_diagnosed(index, next(results)) if reads.diagnostics else {},
    )


def memory_stored(person: Person, concept_pk: int) -> Memory | None:
    """The stored memory of one concept (None if the person never met it)."""
    rows = db.rows(
        f"SELECT {', '.join(MEMORY_FIELDS)} FROM {MEMORY} WHERE person_id = %s AND concept_id = %s",  # noqa: S608
        [person.pk, concept_pk],
    )
    return _memory(rows[0]) if rows else None


def variants_seen(person: Person, concept_pk: int) -> tuple[int, ...] | None:
    """The variant positions the person has seen of one concept (None if they never met it)."""
    rows = db.rows(
        f"SELECT CAST(variants_seen AS TEXT) FROM {MEMORY} WHERE person_id = %s AND concept_id = %s",  # noqa: S608
        [person.pk, concept_pk],
    )
    return db.seen_out(rows[0][0]) if rows else None


def _memory(values: Sequence[Any]) -> Memory:
    """A stored memory row (``MEMORY_FIELDS`` in ``Memory``'s own field order) as a ``Memory``."""
    return Memory(*[db.dt_out(v) if is_time else v for v, is_time in zip(values, _MEMORY_TIMES, strict=True)])  # type: ignore[arg-type]


def _checks_query(person_id: int, ids: Iterable[UUID] | None) -> tuple[str, list[Any]] | None:
    """The query of the module checks to load, with their answers so far (None: none to load)."""
    sql = (
        f"SELECT c.id, c.module_id, c.variants, c.started_at, c.completed_at, c.score, c.passed, a.concept_id, a.score "  # noqa: S608
        f"FROM {CHECK} c LEFT JOIN {ATTEMPT} a ON a.module_check_id = c.id WHERE c.person_id = %s "
    )
    params: list[Any] = [person_id]
    if ids is None:
        sql += "AND c.completed_at IS NULL "
    else:
        wanted = list(ids)
        if not wanted:
            return None
        sql += f"AND c.id IN ({', '.join(['%s'] * len(wanted))}) "
        params += [db.uuid_in(u) for u in wanted]
    return sql + "ORDER BY c.started_at, c.id, a.id", params


def _checks(index: ContentIndex, rows: Iterable[Sequence[Any]]) -> dict[UUID, Check]:
    """Module checks with their answers so far, from the rows of ``_checks_query``."""
    found: dict[UUID, Check] = {}
    scores: dict[UUID, dict[str, tuple[float, ...]]] = {}
    for check_id, module, variants, started, completed, score, passed, concept, answer in rows:
        uid = db.uuid_out(check_id)
        if uid not in found:
            if module not in index.module_ids:
                continue
            chosen = check_variants(index, index.module_ids[module], db.json_out(variants))
            began = db.dt_out(started) or db.EPOCH
            found[uid] = Check(
                uid, index.module_ids[module], chosen, began, {}, (), db.dt_out(completed), score, passed
            )
            scores[uid] = {}
        if concept is not None and concept in index.concept_keys:
            key = index.concept_keys[concept]
            scores[uid][key] = (*scores[uid].get(key, ()), answer)
    return {uid: _with_scores(index, check, scores[uid]) for uid, check in found.items()}


def check_variants(index: ContentIndex, module: str, stored: dict[str, int]) -> dict[str, int]:
    """A stored check's variants (concept pk as text → position) by concept key, in the module's concept order."""
    by_key = {index.concept_keys[int(pk)]: p for pk, p in stored.items() if int(pk) in index.concept_keys}
    return {k: by_key[k] for k in index.curriculum.modules[module].concepts if k in by_key}


def _with_scores(index: ContentIndex, check: Check, scores: dict[str, tuple[float, ...]]) -> Check:
    """A check with its answers; the concepts that got another go follow from the check rule."""
    pass_score = index.curriculum.modules[check.module].pass_score
    another_go = set(check_outcome(tuple(check.variants), scores, pass_score).another_go)
    retry = tuple(k for k in check.variants if k in another_go or len(scores.get(k, ())) > 1)
    return Check(
        check.id,
        check.module,
        check.variants,
        check.started_at,
        scores,
        retry,
        check.completed_at,
        check.score,
        check.passed,
    )


def _diagnosed(index: ContentIndex, rows: Iterable[Sequence[Any]]) -> dict[str, tuple[bool, ...]]:
    from skillpath.domain.diagnostic import GOOD_SCORE

    out: dict[str, tuple[bool, ...]] = {}
    for concept, score in rows:
        if concept in index.concept_keys:
            key = index.concept_keys[concept]
            out[key] = (*out.get(key, ()), score >= GOOD_SCORE)
    return out


# ---- Writing: one statement per table, used by the live path and by rebuild alike.


def _upsert(table: str, keys: Sequence[str], fields: Sequence[str]) -> str:
    names = ["organization_id", "person_id", *keys, *fields]
    updates = ", ".join(f"{f} = excluded.{f}" for f in fields)
    return (
        f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join(['%s'] * len(names))}) "  # noqa: S608
        f"ON CONFLICT (person_id, {', '.join(keys)}) DO UPDATE SET {updates}"
    )


MEMORY_UPSERT = _upsert(MEMORY, ["concept_id"], [*MEMORY_FIELDS, "variants_seen"])
PROGRESS_UPSERT = _upsert(PROGRESS, ["module_id"], PROGRESS_FIELDS)
SKILL_UPSERT = _upsert(SKILL, ["skill_id"], SKILL_FIELDS)
MILESTONE_INSERT = (
    f"INSERT INTO {MILESTONE} (organization_id, person_id, milestone_id, reached_at) VALUES (%s, %s, %s, %s) "  # noqa: S608
    "ON CONFLICT (person_id, milestone_id) DO NOTHING"
)
CHECK_UPDATE = f"UPDATE {CHECK} SET variants = %s, completed_at = %s, score = %s, passed = %s WHERE id = %s"  # noqa: S608


def _memory_row(person: Person, index: ContentIndex, key: str, rec: ConceptMemory) -> list[Any]:
    m = rec.memory
    values = [getattr(m, f) for f in MEMORY_FIELDS]
    values = [db.dt_in(v) if f in DATETIMES else v for f, v in zip(MEMORY_FIELDS, values, strict=True)]
    return [person.organization_id, person.pk, index.concept_pks[key], *values, db.json_in(list(rec.variants_seen))]


def _progress_row(person: Person, index: ContentIndex, module: str, rec: ModuleRecord) -> list[Any]:
    return [
        person.organization_id,
        person.pk,
        index.module_pks[module],
        db.dt_in(rec.started_at),
        rec.best_score,
        rec.checks,
        db.dt_in(rec.passed_at),
        db.dt_in(rec.tested_out_at),
    ]


def _skill_row(person: Person, index: ContentIndex, skill: str, rec: SkillRecord) -> list[Any]:
    return [
        person.organization_id,
        person.pk,
        index.skill_pks[skill],
        rec.level,
        db.dt_in(rec.reached_at),
        db.dt_in(rec.fading_on),
        db.dt_in(rec.observed_at),
    ]


def _check_row(index: ContentIndex, check: Check) -> list[Any]:
    variants = {str(index.concept_pks[k]): p for k, p in check.variants.items()}
    return [db.json_in(variants), db.dt_in(check.completed_at), check.score, check.passed, db.uuid_in(check.id)]


def _write(
    person: Person,
    index: ContentIndex,
    state: LearnerState,
    *,
    memories: Iterable[str],
    modules: Iterable[str],
    skills: Iterable[str],
    milestones: Iterable[str],
    checks: Iterable[Check],
    attempt: list[Any] | None = None,
) -> list[tuple[Any, ...]]:
    """Write the derived rows named; with ``attempt``, insert that answer first and return what its insert
    returned (its id, or no row for a client id recorded before)."""
    statements = [
        (MEMORY_UPSERT, [_memory_row(person, index, k, state.memories[k]) for k in memories]),
        (PROGRESS_UPSERT, [_progress_row(person, index, m, state.modules[m]) for m in modules]),
        (SKILL_UPSERT, [_skill_row(person, index, s, state.skills[s]) for s in skills if s in index.skill_pks]),
        (
            MILESTONE_INSERT,
            [
                [person.organization_id, person.pk, index.milestone_pks[k], db.dt_in(state.milestones[k])]
                for k in milestones
            ],
        ),
        (CHECK_UPDATE, [_check_row(index, c) for c in checks]),
    ]
    with db.pipeline(), db.cursor() as inserted, db.cursor() as cursor:  # on PostgreSQL: sent together, one round trip
        if attempt is not None:
            inserted.execute(ATTEMPT_INSERT, attempt)
        for sql, rows in statements:
            if len(rows) == 1:
                cursor.execute(sql, rows[0])
            elif rows:
                cursor.executemany(sql, rows)
        return list(inserted.fetchall()) if attempt is not None else []


def _changed(before: LearnerState, after: LearnerState, changes: Changes) -> dict[str, Any]:
    """The rows one answer changed, as ``_write``'s arguments."""
    check = changes.check
    changed_check = (
        check is not None
        and check != before.checks.get(check.id)
        and (check.completed_at is not None or check.variants != before.checks[check.id].variants)
    )
    return {
        "memories": [changes.memory] if changes.memory else [],
        "modules": changes.modules,
        "skills": changes.skills,
        "milestones": changes.milestones,
        "checks": [check] if check and changed_check else [],
    }


def state_save(
    person: Person, index: ContentIndex, before: LearnerState, after: LearnerState, changes: Changes
) -> None:
    """Write what one change of state (an observation) changed (call inside its transaction)."""
    _write(person, index, after, **_changed(before, after, changes))


def state_write_all(person: Person, index: ContentIndex, state: LearnerState) -> None:
    """Write every derived row of ``state`` (a rebuild: the person's derived rows were deleted first)."""
    _write(
        person,
        index,
        state,
        memories=state.memories,
        modules=state.modules,
        skills=state.skills,
        milestones=state.milestones,
        checks=state.checks.values(),
    )


def check_insert(person: Person, index: ContentIndex, check: Check) -> None:
    """Store a newly opened module check, and mark its module started."""
    lm.ModuleCheck.objects.create(
        id=check.id,
        organization_id=person.organization_id,
        person=person,
        module_id=index.module_pks[check.module],
        variants={str(index.concept_pks[k]): p for k, p in check.variants.items()},
        started_at=check.started_at,
    )


PERSON_LOCK_SQL = "SELECT 1 FROM people_person WHERE id = %s FOR UPDATE"


def person_lock(person: Person) -> None:
    """Serialize one person's writes (PostgreSQL row lock; SQLite's immediate transactions already do)."""
    if connection.vendor == "postgresql":
        db.rows(PERSON_LOCK_SQL, [person.pk])


RECORDED_SQL = f"SELECT id FROM {ATTEMPT} WHERE person_id = %s AND client_id = %s"  # noqa: S608


@dataclass(frozen=True)
class Locked:
    index: ContentIndex
    recorded: int | None
    """The id of the answer already recorded with this client id, if any (a resubmission)."""


def _locking(person: Person, client_id: UUID) -> list[tuple[str, Sequence[Any]]]:
    """The person's lock, their roles, and the answer recorded with ``client_id`` (read after the lock)."""
    return [
        (PERSON_LOCK_SQL, [person.pk]),
        (ROLE_KEY_SQL, [person.pk]),
        (RECORDED_SQL, [person.pk, db.uuid_in(client_id)]),
    ]


def _recorded(rows: Sequence[Sequence[Any]]) -> int | None:
    return int(rows[0][0]) if rows else None


def person_lock_index(person: Person, client_id: UUID) -> Locked:
    """``person_lock``, the person's content index, and whether ``client_id`` is recorded already: on
    PostgreSQL in one round trip. The check runs after the lock is held, so no answer of this person can
    be recorded between it and the insert."""
    lock, roles_query, recorded_query = _locking(person, client_id)
    if connection.vendor != "postgresql":  # SQLite's immediate transaction is the lock
        return Locked(content_index(person), _recorded(db.rows(*recorded_query)))
    _, roles, recorded = db.batch([lock, roles_query, recorded_query])
    return Locked(content_index(person, roles=roles_of(roles)), _recorded(recorded))


@dataclass(frozen=True)
class Begun:
    index: ContentIndex
    recorded: int | None
    """The id of the answer already recorded with this client id, if any (a resubmission)."""
    loaded: Loaded | None
    """The state the answer needs; None when ``reads`` found nothing to read (the answer is refused)."""


def answer_begin(person: Person, client_id: UUID, reads: Callable[[ContentIndex], StateReads | None]) -> Begun:
    """Start an answer: lock the person, read their roles and whether ``client_id`` is recorded, then load
    the state ``reads`` asks for with those roles' content (call inside the answer's transaction).

    On PostgreSQL this takes one round trip when the person's roles are still those last read for them
    (``known_roles``: their page was just served), sent with the lock on that assumption and checked under
    it; two when they are unknown, or changed meanwhile (then the state is read again with the roles as
    they are)."""
    guess = known_roles(person.pk) if connection.vendor == "postgresql" else None
    if guess is not None:
        index = content_index(person, roles=guess)
        plan = reads(index)
        if plan is not None:
            results = iter(db.batch(_locking(person, client_id) + _state_statements(person, index, plan)))
            _, roles, recorded = next(results), roles_of(next(results)), _recorded(next(results))
            if roles == guess:
                return Begun(index, recorded, Loaded(index, _state_from(person, index, plan, results)))
            index = content_index(person, roles=roles)
            return Begun(index, recorded, _load_for(person, index, reads(index)))
    locked = person_lock_index(person, client_id)
    return Begun(locked.index, locked.recorded, _load_for(person, locked.index, reads(locked.index)))


def _load_for(person: Person, index: ContentIndex, plan: StateReads | None) -> Loaded | None:
    if plan is None:
        return None
    return state_load(person, checks=plan.checks, diagnostics=plan.diagnostics, skills=plan.skills, index=index)


ATTEMPT_COLUMNS = (
    "organization_id",
    "person_id",
    "client_id",
    "kind",
    "module_check_id",
    "diagnostic_id",
    "concept_id",
    "variant_id",
    "response",
    "score",
    "rating",
    "duration_seconds",
    "submitted_at",
)
ATTEMPT_INSERT = (
    f"INSERT INTO {ATTEMPT} ({', '.join(ATTEMPT_COLUMNS)}) VALUES ({', '.join(['%s'] * len(ATTEMPT_COLUMNS))}) "  # noqa: S608
    "ON CONFLICT (person_id, client_id) DO NOTHING RETURNING id"
)


@dataclass(frozen=True)
class AttemptRow:
    client_id: UUID
    kind: str
    check: UUID | None
    diagnostic: UUID | None
    concept: int
    variant: int
    response: Any
    score: float
    rating: int
    seconds: float | None
    at: datetime


def _attempt_values(person: Person, row: AttemptRow) -> list[Any]:
    return [
        person.organization_id,
        person.pk,
        db.uuid_in(row.client_id),
        row.kind,
        db.uuid_in(row.check) if row.check else None,
        db.uuid_in(row.diagnostic) if row.diagnostic else None,
        row.concept,
        row.variant,
        db.json_in(row.response),
        row.score,
        row.rating,
        row.seconds,
        db.dt_in(row.at),
    ]


def answer_save(
    person: Person,
    index: ContentIndex,
    row: AttemptRow,
    before: LearnerState,
    after: LearnerState,
    changes: Changes,
) -> int | None:
    """Append an answer and write what it changed (call inside the answer's transaction, under the person's
    lock); on PostgreSQL the insert and the writes go out together, in one round trip.

    The answer's id, or None when this client id was recorded meanwhile: then the writes were sent too, and
    the caller must roll the transaction back (``answer_begin`` makes that unreachable for answers
    that hold the person's lock)."""
    found = _write(person, index, after, attempt=_attempt_values(person, row), **_changed(before, after, changes))
    return int(found[0][0]) if found else None
