"""A case's legal values live on its row, not in the task data of its saved state (migration 0017). A
case saved before the move (tests/fixtures/states/legacy_policy_in_task_data.json: nl-current after
intake, started under a reflection period of P2M while policy.json says P3M) runs on after the
migration with the values it started under, and a case started now takes today's."""
from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any, Iterator

import pytest
from alembic import command
from sqlalchemy import Engine, text

from engine.cases import CaseEngine
from engine.clock import VirtualClock
from engine.legal_values import load_policy
from engine.specs import SpecLibrary
from engine.store.db import make_engine, session_factory
from engine.store.migrate import alembic_config, upgrade
from forms.catalogue import all_forms
from tests.pg_schema import private_schema
from tests.processes.scenario import Scenario

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "states" / "legacy_policy_in_task_data.json"
OFFER = {"indication": True, "offered_by": "police", "offered_on": "2026-01-05"}


@pytest.fixture(params=["sqlite", "postgres"])
def old_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Engine, dict[str, Any]]]:
    """A database at the revision the fixture was saved under, holding the fixture's rows as stored."""
    doc = json.loads(FIXTURE.read_text())
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
        upgrade(engine, doc["alembic_revision"])
        _insert(engine, doc)
        yield engine, doc
        engine.dispose()
        return
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip("TEST_DATABASE_URL is not set")
    with private_schema(url, revision=doc["alembic_revision"]) as engine:
        _insert(engine, doc)
        yield engine, doc


def _insert(engine: Engine, doc: dict[str, Any]) -> None:
    with engine.begin() as conn:
        for table, rows in doc["rows"].items():
            for row in rows:
                columns = ", ".join(row)
                values = ", ".join(f":{name}" for name in row)
                conn.execute(text(f"INSERT INTO {table} ({columns}) VALUES ({values})"), row)  # noqa: S608  # nosec B608  # the fixture's own column names
            if rows and "id" in rows[0] and engine.dialect.name == "postgresql":  # rows written with their ids
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # nosec B608
                                  f"(SELECT max(id) FROM {table}))"))  # noqa: S608  # the fixture's own table names


def _in_task_data(state: str) -> bool:
    """Whether any task or workflow data of the saved state holds `policy` (a timer's derivation names
    the policy entry it counted in its internal data: that stays)."""
    doc = json.loads(state)
    for workflow in (doc, *doc["subprocesses"].values()):
        if "policy" in workflow["data"]:
            return True
        for task in workflow["tasks"].values():
            if "policy" in task["data"] or "policy" in (task["delta"] or {}).get("updates", {}):
                return True
    return False


def _row(engine: Engine, case_id: int) -> tuple[str, Any]:
    with engine.connect() as conn:
        state, values = conn.execute(text("SELECT state, legal_values FROM cases WHERE id = :id"),
                                     {"id": case_id}).one()
    return state, json.loads(values) if isinstance(values, str) else values


def test_a_case_saved_with_its_legal_values_in_task_data_runs_on_with_them_after_the_migration(
        old_database: tuple[Engine, dict[str, Any]]) -> None:
    engine, doc = old_database
    case_id = doc["rows"]["cases"][0]["id"]
    assert _in_task_data(doc["rows"]["cases"][0]["state"])  # the fixture is what the old engine saved
    upgrade(engine)
    state, values = _row(engine, case_id)
    assert not _in_task_data(state)
    assert values["reflection_period"]["term"] == "P2M" and values["objection_term_awb"]["term"] == "P6W"

    clock = VirtualClock(dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.timezone.utc))
    cases = CaseEngine(session_factory(engine), SpecLibrary(), clock, all_forms(), policy_loader=load_policy)
    s = Scenario(cases, clock, "nl-current")
    s.case_id = case_id
    assert s.ready() == ["police_assessment"]
    s.do("police_assessment", OFFER)
    # the timer armed now counts the period the case started under, and says where it came from
    assert s.timer_due("Bedenktijd verstreken") == dt.date(2026, 3, 5)
    timer = next(t for t in s.case.timers if t.name == "Bedenktijd verstreken")
    assert timer.derivation is not None and timer.derivation["policy"]["name"] == "reflection_period"
    assert "as it stood when the case started" in timer.derivation["policy"]["source"]
    assert s.case.data["policy"]["reflection_period"]["term"] == "P2M"
    assert not _in_task_data(_row(engine, case_id)[0])  # the step saved the state without them again

    fresh = Scenario(cases, clock, "nl-current")
    fresh.start()
    assert fresh.case.data["policy"]["reflection_period"]["term"] == "P3M"
    state, values = _row(engine, fresh.case_id)
    assert not _in_task_data(state) and values == load_policy("nl-current")


def test_the_downgrade_puts_the_values_back_into_the_task_data(old_database: tuple[Engine, dict[str, Any]]) -> None:
    engine, doc = old_database
    case_id = doc["rows"]["cases"][0]["id"]
    upgrade(engine)
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, doc["alembic_revision"])
    with engine.connect() as conn:
        state = conn.execute(text("SELECT state FROM cases WHERE id = :id"), {"id": case_id}).scalar_one()
    restored = json.loads(state)
    root = restored["tasks"][restored["root"]]
    assert root["data"]["policy"]["reflection_period"]["term"] == "P2M"
