"""Sign-in sessions live on the server and end when told; the login limit holds under parallel attempts,
per account and address, without locking out an office, and in real time (issue 12, item 6)."""

from __future__ import annotations

import datetime as dt
import threading

from flask.testing import FlaskClient
from sqlalchemy import func, select

from engine.application.login_limit import LoginLimiter
from engine.clock import SystemClock, VirtualClock
from engine.sign_in_sessions import session_key
from engine.store.tables import Event, WebSession

from .conftest import WebEnv, csrf_token

COOKIE = "erkend_session"


def _cookie(client: FlaskClient) -> str:
    cookie = client.get_cookie(COOKIE)
    assert cookie is not None
    return cookie.value


def _with_cookie(env: WebEnv, value: str) -> FlaskClient:
    other = env.client()
    other.set_cookie(COOKIE, value)
    return other


def test_the_cookie_holds_only_a_random_key_and_the_table_only_its_hash(env: WebEnv) -> None:
    client = env.client()
    assert env.login(client, "lawyer").status_code == 302
    value = _cookie(client)
    assert "." not in value and "lawyer" not in value and len(value) >= 40
    with env.services.sessions() as session:
        row = session.get(WebSession, session_key(value))
        assert row is not None and row.user_id is not None
        assert session.get(WebSession, value) is None


def test_a_cookie_copied_before_logout_no_longer_signs_in(env: WebEnv) -> None:
    client = env.client()
    env.login(client, "lawyer")
    copied = _cookie(client)
    assert _with_cookie(env, copied).get("/lawyer/").status_code == 200
    client.post("/logout", data={"csrf_token": csrf_token(client, "/lawyer/")})
    assert _with_cookie(env, copied).get("/lawyer/").status_code == 302  # to the login page
    with env.services.sessions() as session:
        assert session.get(WebSession, session_key(copied)) is None


def test_signing_in_gives_a_new_key_so_a_planted_one_opens_nothing(env: WebEnv) -> None:
    client = env.client()
    csrf_token(client, "/login")  # an anonymous session exists now (its CSRF token)
    planted = _cookie(client)
    env.login(client, "lawyer")
    assert _cookie(client) != planted
    assert _with_cookie(env, planted).get("/lawyer/").status_code == 302


def test_an_administrator_ends_every_session_of_an_account(env: WebEnv) -> None:
    lawyer_a, lawyer_b = env.client(), env.client()
    env.login(lawyer_a, "lawyer")
    env.login(lawyer_b, "lawyer")
    admin = env.client()
    env.login(admin, "admin")
    ended = admin.post("/admin/users/lawyer/end-sessions", data={"csrf_token": csrf_token(admin, "/admin/")})
    assert ended.status_code == 302
    assert lawyer_a.get("/lawyer/").status_code == 302 and lawyer_b.get("/lawyer/").status_code == 302
    assert admin.get("/admin/").status_code == 200  # only that account's sessions
    with env.services.sessions() as session:
        event = session.scalar(select(Event).where(Event.kind == "sessions_ended"))
        assert event is not None and event.actor == "admin" and event.details == {"username": "lawyer",
                                                                                  "sessions": 2}
    refused = admin.post("/admin/users/lawyer/end-sessions", data={"csrf_token": "x"})
    assert refused.status_code == 400
    assert env.client().post("/admin/users/lawyer/end-sessions").status_code in (302, 400)


def test_a_revoked_or_expired_token_stops_working(env: WebEnv) -> None:
    from engine.accounts import issue_token, revoke_token
    from engine.store.db import UnitOfWork

    now = SystemClock().now()
    with UnitOfWork(env.services.sessions) as uow:
        short = issue_token(uow.session, "ind", "test", now - dt.timedelta(days=1), dt.timedelta(hours=1))
        uow.commit()
    assert env.client().get("/api/v1/cases", headers={"Authorization": f"Bearer {short}"}).status_code == 401
    with UnitOfWork(env.services.sessions) as uow:
        fresh = issue_token(uow.session, "ind", "test", now, dt.timedelta(days=1))
        uow.commit()
    assert env.client().get("/api/v1/cases", headers={"Authorization": f"Bearer {fresh}"}).status_code == 200
    with UnitOfWork(env.services.sessions) as uow:
        revoke_token(uow.session, "ind", "test", now)
        uow.commit()
    assert env.client().get("/api/v1/cases", headers={"Authorization": f"Bearer {fresh}"}).status_code == 401


def test_parallel_wrong_passwords_get_no_more_than_five_guesses(env: WebEnv) -> None:
    """Twelve threads at once, each with a wrong password: five are checked, the rest refused (429)."""
    _parallel_guesses(env)


def test_parallel_wrong_passwords_get_no_more_than_five_guesses_on_postgresql(pg_env: WebEnv) -> None:
    _parallel_guesses(pg_env)


def _parallel_guesses(env: WebEnv) -> None:
    clients = [env.client() for _ in range(12)]
    tokens = [csrf_token(c, "/login") for c in clients]
    statuses: list[int] = []
    start = threading.Barrier(len(clients))

    def guess(client: FlaskClient, token: str) -> None:
        start.wait()
        response = client.post("/login", data={"username": "panel", "password": "wrong", "csrf_token": token})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=guess, args=pair) for pair in zip(clients, tokens)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses) == [401] * 5 + [429] * 7
    with env.services.sessions() as session:
        failed = session.scalar(select(func.count()).select_from(Event).where(Event.kind == "login_failed"))
    assert failed == 5


def test_one_colleagues_typos_do_not_lock_out_the_office_behind_the_same_address(env: WebEnv) -> None:
    office = env.client()
    for _ in range(5):
        assert env.login(office, "panel", "wrong-password").status_code == 401
    assert env.login(office, "panel").status_code == 429  # that account, from that address
    assert env.login(env.client(), "lawyer").status_code == 302  # a colleague at the same address


def test_one_address_guessing_many_accounts_is_stopped_at_its_ceiling(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from engine.store.db import make_engine, session_factory
    from engine.store.migrate import upgrade

    engine = make_engine(f"sqlite:///{tmp_path / 'limit.sqlite3'}")
    upgrade(engine)
    limiter = LoginLimiter(VirtualClock(SystemClock().now()), session_factory(engine), per_address=8)
    admitted = [limiter.admit(f"user{i}", "10.0.0.9") for i in range(10)]
    assert admitted == [True] * 8 + [False] * 2
    assert limiter.admit("user0", "10.0.0.10")  # another address is not affected
    engine.dispose()


def test_the_training_clock_neither_clears_nor_extends_a_block(env: WebEnv) -> None:
    client = env.client()
    for _ in range(5):
        env.login(client, "panel", "wrong-password")
    env.clock.advance(dt.timedelta(days=1))
    assert env.login(client, "panel").status_code == 429
