"""Scenario runs use SQLite only: the PostgreSQL variants of the engine are covered by tests/integration."""
from __future__ import annotations

import pytest
from sqlalchemy import Engine

from engine.cases import CaseEngine
from engine.clock import VirtualClock
from engine.policy_values import load_policy
from engine.specs import SpecLibrary
from engine.store.db import session_factory
from forms.catalogue import all_forms


@pytest.fixture
def cases(sqlite_engine: Engine, library: SpecLibrary, clock: VirtualClock) -> CaseEngine:
    return CaseEngine(session_factory(sqlite_engine), library, clock, all_forms(), policy_loader=load_policy)
