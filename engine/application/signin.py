"""Signing in: the account behind a password (and one-time code) or an API token, as a plain view, and
the audit entries of every attempt. Passwords are argon2 (engine.accounts)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyotp

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
        row = user_for_token(session, token)
        return _account(row) if row is not None else None


def authenticate(deps: Deps, username: str, password: str, code: str) -> Account | None:
    """The account if the password is right and, where the account has a second factor, the code too."""
    with deps.sessions() as session:
        row = check_password(session, username, password)
        if row is None:
            return None
        if row.totp_secret and not pyotp.TOTP(row.totp_secret).verify(code.strip(), valid_window=1):
            return None
        return _account(row)


def record_sign_in(deps: Deps, kind: str, username: str, details: dict[str, Any]) -> None:
    """Sign-ins, failed attempts and blocked attempts go to the audit log: guessing shows up there.
    The name tried is cut to the column's length; nothing else from the form is stored."""
    with UnitOfWork(deps.sessions) as uow:
        append_event(uow.session, case_id=None, at=deps.clock.now(), kind=kind, actor=username[:128] or "-",
                     role=None, details=details)
        uow.commit()
