"""Fixtures for the web tests: an app on a fresh migrated SQLite database with a virtual clock, one
user per role (password `pw-<role>-123`, and an API token), and helpers to sign in with CSRF."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine

from engine.accounts import ROLES, create_user
from engine.case_parties import link_party
from engine.clock import VirtualClock
from engine.ports import Actor
from engine.specs import SpecLibrary
from engine.store.db import UnitOfWork
from web import create_app
from web.services import Services, build_services
from web.settings import Settings

TEST_MASTER_KEY = "5e" * 32  # the test apps' master key (ERKEND_MASTER_KEY), so a CLI run can share it
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2 with minimal cost for test users only: production hashes keep the library defaults, and
    verification reads the parameters from each hash, so sign-in is exercised the same way."""
    from argon2 import PasswordHasher

    import engine.accounts

    monkeypatch.setattr(engine.accounts, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@dataclass
class WebEnv:
    app: Flask
    services: Services
    tokens: dict[str, str]
    clock: VirtualClock

    def client(self) -> FlaskClient:
        return self.app.test_client()

    def api(self, username: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[username]}"}

    def add_user(self, username: str, *roles: str) -> str:
        with UnitOfWork(self.services.sessions) as uow:
            _, token = create_user(
                uow.session, username, roles, self.clock.now(), password=f"pw-{username}-123", with_token=True
            )
            uow.commit()
        self.tokens[username] = token or ""
        return token or ""

    def link(self, case_id: int, username: str, kind: str) -> None:
        with UnitOfWork(self.services.sessions) as uow:
            link_party(uow.session, case_id, username, kind, "test", "coordinator", self.clock.now())
            uow.commit()

    def start_case(self, alias: str = "Testpersoon A.", needs_review: bool = False) -> int:
        """A reference case past intake, waiting for the panel's decision."""
        actor = Actor.system("test-seed")
        case = self.services.cases.start_case("reference_case", {}, actor)
        self.services.cases.complete_task(
            case.id, case.tasks[0].id, {"person_alias": alias, "needs_review": needs_review}, actor
        )
        return case.id

    def login(self, client: FlaskClient, username: str, password: str | None = None) -> Any:
        token = csrf_token(client, "/login")
        return client.post(
            "/login",
            data={"username": username, "password": password or f"pw-{username}-123", "csrf_token": token},
        )


def csrf_token(client: FlaskClient, path: str) -> str:
    page = client.get(path)
    match = CSRF_RE.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {path} ({page.status_code})"
    return match.group(1)


def make_env(url: str, clock: VirtualClock, library: SpecLibrary, training: bool = False) -> WebEnv:
    settings = Settings(
        database_url=url, secret_key="test-secret", training=training, secure_cookies=False, testing=True,
        master_key=TEST_MASTER_KEY,
    )
    services = build_services(settings, clock=clock, library=library)
    env = WebEnv(create_app(services=services), services, {}, clock)
    for role in ROLES:
        env.add_user(role, role)
    return env


@pytest.fixture
def env(sqlite_engine: Engine, clock: VirtualClock, library: SpecLibrary) -> Iterator[WebEnv]:
    url = sqlite_engine.url.render_as_string(hide_password=False)
    web_env = make_env(url, clock, library)
    yield web_env
    web_env.services.db.dispose()


@pytest.fixture
def pg_env(clock: VirtualClock, library: SpecLibrary) -> Iterator[WebEnv]:
    """The web app on PostgreSQL (a private schema, chosen through the connection URL)."""
    import os

    from tests.pg_schema import private_schema_url, scoped_url

    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip("TEST_DATABASE_URL is not set (CI sets it; .ci/run fails if the server is absent)")
    with private_schema_url(url, prefix="w") as schema:
        web_env = make_env(scoped_url(url, schema), clock, library)
        try:
            yield web_env
        finally:
            web_env.services.db.dispose()
