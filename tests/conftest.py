"""Shared fixtures: a migrated database (SQLite always; PostgreSQL when TEST_DATABASE_URL is set),
a virtual clock, the model library and a case engine wired like production."""
from __future__ import annotations

import datetime as dt
import os
from typing import Iterator

import pytest
from sqlalchemy import Engine

from engine.cases import CaseEngine
from engine.clock import VirtualClock
from engine.legal_values import load_policy
from engine.ports import Actor
from engine.specs import SpecLibrary
from engine.store.db import make_engine, session_factory
from engine.store.migrate import upgrade
from engine.workflow_cache import VERIFY_VARIABLE
from forms.catalogue import all_forms
from tests.pg_schema import private_schema

# Every test that steps a case twice also checks that the workflow kept after the first step is exactly
# what the first step saved (engine.workflow_cache): a kept workflow changed afterwards fails the test.
os.environ.setdefault(VERIFY_VARIABLE, "1")

BACKENDS = ["sqlite", "postgres"]


def _postgres_url() -> str | None:
    return os.environ.get("TEST_DATABASE_URL")


@pytest.fixture(params=BACKENDS)
def db_engine(request: pytest.FixtureRequest, tmp_path) -> Iterator[Engine]:  # type: ignore[no-untyped-def]
    """A freshly migrated database: a SQLite file, or a private schema on the PostgreSQL server."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'erkend-test.sqlite3'}")
        upgrade(engine)
        yield engine
        engine.dispose()
        return
    url = _postgres_url()
    if not url:
        pytest.skip("TEST_DATABASE_URL is not set (CI sets it; .ci/run fails if the server is absent)")
    with private_schema(url) as engine:
        yield engine


@pytest.fixture
def sqlite_engine(tmp_path) -> Iterator[Engine]:  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{tmp_path / 'erkend-test.sqlite3'}")
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def clock() -> VirtualClock:
    # A Monday in January 2026, 09:00 Amsterdam time.
    return VirtualClock(dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.timezone.utc))


@pytest.fixture(scope="session")
def library() -> SpecLibrary:
    return SpecLibrary()


@pytest.fixture
def cases(db_engine: Engine, library: SpecLibrary, clock: VirtualClock) -> CaseEngine:
    return CaseEngine(session_factory(db_engine), library, clock, all_forms(), policy_loader=load_policy)


@pytest.fixture
def coordinator() -> Actor:
    return Actor("coco", frozenset({"coordinator"}), "coordinator", purpose="intake")


@pytest.fixture
def panel() -> Actor:
    return Actor("pim", frozenset({"panel"}), "panel", purpose="assessment")
