"""POST /api/v1/clock/advance exists only in training mode: it moves the shared clock and fires what
fell due (a coordinator or administrator may do it; bad terms get 422 naming the field)."""

from __future__ import annotations

import datetime as dt
from typing import Iterator

import pytest
from sqlalchemy import Engine

from engine.accounts import ROLES
from engine.specs import SpecLibrary
from web import create_app
from web.services import build_services
from web.settings import Settings

from .conftest import WebEnv


@pytest.fixture
def training_env(sqlite_engine: Engine, library: SpecLibrary) -> Iterator[WebEnv]:
    settings = Settings(
        database_url=sqlite_engine.url.render_as_string(hide_password=False),
        secret_key="t",
        training=True,
        secure_cookies=False,
        testing=True,
    )
    services = build_services(settings, library=library)  # the stored-offset clock of training mode
    env = WebEnv(create_app(services=services), services, {}, services.clock)  # type: ignore[arg-type]
    for role in ROLES:
        env.add_user(role, role)
    yield env
    services.db.dispose()


def test_advancing_the_training_clock_fires_due_timers(training_env: WebEnv) -> None:
    env = training_env
    case_id = env.start_case()
    client = env.client()
    bad = client.post("/api/v1/clock/advance", json={"term": "three months"}, headers=env.api("coordinator"))
    assert bad.status_code == 422 and list(bad.json["error"]["fields"]) == ["term"]
    assert (
        client.post("/api/v1/clock/advance", json={"term": "P1D"}, headers=env.api("panel")).status_code
        == 403
    )
    moved = client.post("/api/v1/clock/advance", json={"term": "P4M"}, headers=env.api("coordinator"))
    assert moved.status_code == 200 and moved.json["fired"] == 1
    assert env.services.cases.get_case(case_id).status == "completed"  # the decision term expired
    assert "timer_fired" in [e["kind"] for e in env.services.cases.events(case_id)]


@pytest.mark.parametrize("term", ["PT9999999999999999H", "P99999999Y", "P9999999999999999999D"])
def test_a_term_past_any_calendar_is_refused_not_a_500(training_env: WebEnv, term: str) -> None:
    env = training_env
    before = env.services.clock.now()
    bad = env.client().post("/api/v1/clock/advance", json={"term": term}, headers=env.api("coordinator"))
    assert bad.status_code == 422 and list(bad.json["error"]["fields"]) == ["term"]
    assert env.services.clock.now() - before < dt.timedelta(minutes=1)
