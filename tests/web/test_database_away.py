"""With the database unreachable every request that needs it answers 503 in the error shape, with
Retry-After, never a 500 - also when the failure comes while the sign-in session is read."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy.orm import sessionmaker

from engine.store.db import make_engine
from web import create_app

from .conftest import WebEnv
from .test_health import UNREACHABLE


@pytest.mark.parametrize("backend", sorted(UNREACHABLE))
def test_requests_answer_503_while_the_database_is_away(env: WebEnv, backend: str) -> None:
    signed_in = env.client()
    env.login(signed_in, "lawyer")
    cookie = signed_in.get_cookie("erkend_session")
    assert cookie is not None
    away = make_engine(UNREACHABLE[backend])
    services = dataclasses.replace(env.services, db=away, sessions=sessionmaker(away, expire_on_commit=False))
    app = create_app(services=services)
    api = app.test_client().get("/api/v1/cases", headers=env.api("coordinator"))
    assert api.status_code == 503 and api.headers["Retry-After"] == "5"
    assert api.json == {"error": {"code": "unavailable", "message": api.json["error"]["message"]}}
    page = app.test_client()
    page.set_cookie("erkend_session", cookie.value)
    answer = page.get("/lawyer/")
    assert answer.status_code == 503 and "niet bereikbaar" in answer.get_data(as_text=True)
    away.dispose()
