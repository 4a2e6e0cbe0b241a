"""One lock and one hash chain per case: writers of different cases do not wait on one another, writers
of one case still do, and `verify_chain` still proves the whole log (per-case chains, the anchors over
them, and the entries written before the cut-over under the old rule)."""
from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import Engine, delete, select, text, update

from engine.cases import CaseEngine
from engine.ports import Actor
from engine.store.db import UnitOfWork, make_engine, session_factory
from engine.store.event_log import GENESIS, _entry_hash, anchor_chains, append_event, lock_case, verify_chain
from engine.store.migrate import upgrade
from engine.store.tables import Case, Event
from engine.views import CaseView

INTAKE = {"person_alias": "Fictief F.", "needs_review": False}


def _in_thread(work) -> tuple[threading.Thread, list[object]]:  # type: ignore[no-untyped-def]
    outcome: list[object] = []
    thread = threading.Thread(target=lambda: outcome.append(_outcome(work)))
    thread.start()
    return thread, outcome


def _outcome(work) -> object:  # type: ignore[no-untyped-def]
    try:
        return work()
    except Exception as error:  # noqa: BLE001 - the outcome is what the test inspects
        return error


def test_writers_of_two_cases_do_not_wait_for_each_other_but_writers_of_one_case_do(
        db_engine: Engine, cases: CaseEngine, coordinator: Actor) -> None:
    if db_engine.dialect.name != "postgresql":
        pytest.skip("per-case locks are PostgreSQL's; SQLite has one write lock for the database")
    held, other = cases.start_case("reference_case", {}, coordinator), cases.start_case("reference_case", {}, coordinator)
    with UnitOfWork(cases.sessions) as holder:
        lock_case(holder.session, held.id)  # someone is writing case `held` and has not committed yet
        free, free_outcome = _in_thread(lambda: cases.complete_task(other.id, other.tasks[0].id, INTAKE, coordinator))
        free.join(20)
        assert not free.is_alive() and isinstance(free_outcome[0], CaseView)  # the other case went ahead
        same, same_outcome = _in_thread(lambda: cases.complete_task(held.id, held.tasks[0].id, INTAKE, coordinator))
        same.join(1.5)
        assert same.is_alive() and not same_outcome  # the same case waits for the lock
    same.join(20)
    assert not same.is_alive() and isinstance(same_outcome[0], CaseView)
    with cases.sessions() as session:
        assert verify_chain(session)[1] is None


def _two_cases(cases: CaseEngine, coordinator: Actor) -> tuple[int, int]:
    first, second = cases.start_case("reference_case", {}, coordinator), cases.start_case("reference_case", {}, coordinator)
    cases.complete_task(first.id, first.tasks[0].id, INTAKE, coordinator)
    cases.complete_task(second.id, second.tasks[0].id, INTAKE, coordinator)
    cases.get_case(first.id, coordinator)
    return first.id, second.id


def _events(session, case_id: int) -> list[Event]:  # type: ignore[no-untyped-def]
    return list(session.scalars(select(Event).where(Event.case_id == case_id).order_by(Event.id)))


def test_each_event_chains_to_the_previous_event_of_its_own_case(cases: CaseEngine, coordinator: Actor) -> None:
    first, second = _two_cases(cases, coordinator)
    with cases.sessions() as session:
        for case_id in (first, second):
            events = _events(session, case_id)
            assert events[0].prev_hash == GENESIS
            assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
        assert verify_chain(session) == (session.query(Event).count(), None)


def test_verify_finds_an_edited_event_in_one_cases_chain(cases: CaseEngine, coordinator: Actor) -> None:
    first, _ = _two_cases(cases, coordinator)
    with cases.sessions() as session:
        victim = _events(session, first)[1]
        session.execute(update(Event).where(Event.id == victim.id).values(actor="someone-else"))
        session.commit()
        assert verify_chain(session)[1] == victim.id


def test_verify_finds_an_event_removed_from_the_middle_of_a_chain(cases: CaseEngine, coordinator: Actor) -> None:
    first, _ = _two_cases(cases, coordinator)
    with cases.sessions() as session:
        victim, follower = _events(session, first)[1:3]
        session.execute(delete(Event).where(Event.id == victim.id))
        session.commit()
        assert verify_chain(session)[1] == follower.id


def test_an_anchor_finds_the_last_event_of_a_chain_removed(cases: CaseEngine, coordinator: Actor) -> None:
    """Without an anchor, a chain cut short still verifies; the anchor remembers how long it was."""
    first, second = _two_cases(cases, coordinator)
    with UnitOfWork(cases.sessions) as uow:
        anchor_chains(uow.session, cases.clock.now())
        uow.commit()
    cases.complete_task(second, cases.get_case(second).tasks[0].id,
                        {"outcome": "positive", "reasons": "Meerdere sterke indicatoren."},
                        Actor("pim", frozenset({"panel"}), "panel"))
    with cases.sessions() as session:
        assert verify_chain(session)[1] is None  # events after the anchor are fine
        last = _events(session, first)[-1]
        session.execute(delete(Event).where(Event.id == last.id))
        session.commit()
        assert verify_chain(session)[1] == last.id


def test_entries_from_before_the_cut_over_keep_the_old_rule(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A log written under the one-chain rule is not rewritten: the migration records where it ends,
    and entries up to there are checked against their predecessor in the whole log."""
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    upgrade(engine, "0010_ind_links")
    at = dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.timezone.utc)
    prev = GENESIS
    with engine.begin() as conn:
        for case_id in (1, 2, 1, None):
            event = Event(case_id=case_id, at=at, kind="case_viewed", actor="old", role="panel", purpose=None,
                          details={}, prev_hash=prev)
            event.hash = _entry_hash(prev, event)
            conn.execute(text("INSERT INTO events (case_id, at, kind, actor, role, purpose, details, prev_hash, hash) "
                              "VALUES (:c, :at, 'case_viewed', 'old', 'panel', NULL, '{}', :p, :h)"),
                         {"c": case_id, "at": at.replace(tzinfo=None), "p": prev, "h": event.hash})
            prev = event.hash
    upgrade(engine)
    with UnitOfWork(session_factory(engine)) as uow:
        append_event(uow.session, case_id=1, at=at, kind="case_viewed", actor="new")
        append_event(uow.session, case_id=3, at=at, kind="case_viewed", actor="new")
        uow.commit()
    with engine.begin() as conn:
        new_first = conn.execute(text("SELECT prev_hash FROM events WHERE id = 5")).scalar_one()
        old_third = conn.execute(text("SELECT hash FROM events WHERE id = 3")).scalar_one()
    assert new_first == old_third  # case 1's new entry chains to case 1's last entry under the old rule
    from sqlalchemy.orm import Session

    with Session(engine) as session:
        assert verify_chain(session) == (6, None)
        session.execute(update(Event).where(Event.id == 2).values(actor="someone-else"))
        session.commit()
        assert verify_chain(session)[1] == 2
    engine.dispose()


def _heads_kept(session) -> list[tuple[int, str | None, str | None]]:  # type: ignore[no-untyped-def]
    """(case, head on its row, hash of its last event) for every case."""
    last = (select(Event.hash).where(Event.case_id == Case.id).order_by(Event.id.desc()).limit(1)
            .correlate(Case).scalar_subquery())
    return [tuple(row) for row in session.execute(select(Case.id, Case.chain_head, last).order_by(Case.id))]


def test_the_case_row_keeps_its_chains_head_through_steps_reads_and_parties(
        cases: CaseEngine, coordinator: Actor) -> None:
    """A step writes the head with the case's UPDATE; an audited read or any other appender writes it
    without changing the row's version (a form shown before the read is still current)."""
    first, second = _two_cases(cases, coordinator)  # steps and an audited read
    before = cases.get_case(second).version
    cases.get_case(second, coordinator)  # an audited read only
    with UnitOfWork(cases.sessions) as uow:  # an appender that does not touch the case row
        append_event(uow.session, case_id=first, at=dt.datetime(2026, 1, 6, tzinfo=dt.timezone.utc),
                     kind="note", actor="coco")
        uow.commit()
    with cases.sessions() as session:
        kept = _heads_kept(session)
        assert verify_chain(session)[1] is None
    assert kept and all(head is not None and head == newest for _, head, newest in kept)
    assert cases.get_case(second).version == before


def test_0015_writes_each_cases_head_on_its_row(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    upgrade(engine, "0014_decisions")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO model_versions (version, variant, files, created_at) "
                          "VALUES ('v', 'nl', '{}', '2026-01-01 00:00:00')"))
        for case_id in (1, 2):
            conn.execute(text("INSERT INTO cases (id, process_id, variant, model_version, status, created_at, "
                              "updated_at, state, serializer_version, row_version) VALUES (:id, 'p', 'nl', 'v', "
                              "'running', '2026-01-01 00:00:00', '2026-01-01 00:00:00', '{}', '1', 1)"),
                         {"id": case_id})
        for n, case_id in enumerate((1, 1, 2, 1)):
            conn.execute(text("INSERT INTO events (case_id, at, kind, actor, details, prev_hash, hash) "
                              "VALUES (:c, '2026-01-01 00:00:00', 'k', 'a', '{}', 'p', :h)"),
                         {"c": case_id, "h": f"h{n}"})
    upgrade(engine)
    with engine.connect() as conn:
        heads = conn.execute(text("SELECT id, chain_head FROM cases ORDER BY id")).all()
    assert [tuple(r) for r in heads] == [(1, "h3"), (2, "h2")]
    engine.dispose()
