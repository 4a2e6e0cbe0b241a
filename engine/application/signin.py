"""Signing in: the account behind a password (and one-time code) or an API token, as a plain view, and
the audit entries of every attempt, and the server-side sign-in sessions (engine.sign_in_sessions).
Passwords are argon2 (engine.accounts); TOTP secrets are sealed at rest (engine.secrets_box)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyotp

from engine import sign_in_sessions
from engine.accounts import check_password, user_for_token
from engine.application.deps import Deps
from engine.store.db import UnitOfWork
from engine.store.event_log import append_event
from engine.store.tables import User


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    display_name: str
    roles: frozenset[str]
    has_totp: bool = False


def _account(row: User) -> Account:
    return Account(row.id, row.username, row.display_name, frozenset(row.roles), bool(row.totp_secret))


def account_by_id(deps: Deps, user_id: int) -> Account | None:
    """The active account with this id (the session cookie names it), else None."""
    with deps.sessions() as session:
        row = session.get(User, user_id)
        return _account(row) if row is not None and row.active else None


def account_for_token(deps: Deps, token: str) -> Account | None:
    with deps.sessions() as session:
        row = user_for_token(session, token, deps.wall.now())
        return _account(row) if row is not None else None


def authenticate(deps: Deps, username: str, password: str, code: str) -> Account | None:
    """The account if the password is right and, where the account has a second factor, the code too."""
    with deps.sessions() as session:
        row = check_password(session, username, password)
        if row is None:
            return None
        if row.totp_secret and not pyotp.TOTP(deps.box.open(row.totp_secret)).verify(code.strip(),
                                                                                        valid_window=1):
            return None
        return _account(row)


def record_sign_in(deps: Deps, kind: str, username: str, details: dict[str, Any]) -> None:
    """Sign-ins, failed attempts and blocked attempts go to the audit log: guessing shows up there.
    The name tried is cut to the column's length; nothing else from the form is stored."""
    with UnitOfWork(deps.sessions) as uow:
        append_event(uow.session, case_id=None, at=deps.clock.now(), kind=kind, actor=username[:128] or "-",
                     role=None, details=details)
        uow.commit()


def load_session(deps: Deps, cookie_value: str) -> str | None:
    """The stored data (Flask's tagged JSON) of the live session the cookie names, else None."""
    with deps.sessions() as session:
        row = sign_in_sessions.load(session, cookie_value, deps.wall.now())
        return row.data if row is not None else None


def save_session(deps: Deps, cookie_value: str | None, data: str | None, user_id: int | None,
                 renewed_from: str | None = None) -> str | None:
    """Store the session under `cookie_value` (a new value when None); `data` None ends it instead.
    `renewed_from` (the key before sign-in) ends in the same transaction. Returns the cookie's value,
    None once the session has ended."""
    with UnitOfWork(deps.sessions) as uow:
        if renewed_from:
            sign_in_sessions.end(uow.session, renewed_from)
        if data is None:
            if cookie_value:
                sign_in_sessions.end(uow.session, cookie_value)
            uow.commit()
            return None
        cookie_value = cookie_value or sign_in_sessions.new_cookie_value()
        sign_in_sessions.save(uow.session, cookie_value, data, user_id, deps.wall.now())
        uow.commit()
    return cookie_value
