"""Sign-in sessions and API tokens of an account, for an administrator through the API: list the live
sessions (no secret: a handle, when started, last seen, until when), end one or all, revoke the token,
issue a new one (shown once). Every call is audited with the administrator's name.

The four-eyes rule is the same as for accounts: an administrator may not come to act in a role that reads
case data, nor as another administrator (who could then approve the first one's accounts). So a token is
issued here only for an account without a case role, and an administrator's token only to that
administrator; the operator issues the others (`erkend users token`), as before."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.accounts import CASE_ROLES, issue_token, revoke_token
from engine.application.deps import Deps
from engine.errors import NotFound, NotPermitted, ValidationFailed
from engine.input_bounds import text_fault
from engine.ports import Actor
from engine.sign_in_sessions import end_all_of, end_one, handle, live_of
from engine.store.db import UnitOfWork
from engine.store.event_log import append_event
from engine.store.tables import User

MAX_TOKEN_DAYS = 365


@dataclass(frozen=True)
class SessionRow:
    id: str  # a handle derived from the stored key; it signs nobody in
    created_at: dt.datetime
    seen_at: dt.datetime
    expires_at: dt.datetime


@dataclass(frozen=True)
class IssuedToken:
    username: str
    token: str  # shown once; stored only as its hash
    expires_at: dt.datetime


def _account(session: Session, username: str) -> User:
    user = None
    if 0 < len(username) <= 64 and text_fault(username) is None:
        user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound("no such account")
    return user


def list_sessions(deps: Deps, actor: Actor, username: str) -> list[SessionRow]:
    """The account's live sessions (audited as `sessions_listed`)."""
    now = deps.wall.now()
    with UnitOfWork(deps.sessions) as uow:
        user = _account(uow.session, username)
        rows = [SessionRow(handle(r.id), r.created_at, r.seen_at, r.expires_at)
                for r in live_of(uow.session, user.id, now)]
        append_event(uow.session, case_id=None, at=now, kind="sessions_listed", actor=actor.user,
                     role=actor.role, details={"username": username, "sessions": len(rows)})
        uow.commit()
    return rows


def end_session(deps: Deps, actor: Actor, username: str, session_id: str) -> None:
    """End one session of the account (audited as `session_ended`); NotFound if it is not live."""
    with UnitOfWork(deps.sessions) as uow:
        user = _account(uow.session, username)
        if not end_one(uow.session, user.id, username, session_id, actor.user, deps.wall.now()):
            raise NotFound("no such session")
        uow.commit()


def end_all_sessions(deps: Deps, actor: Actor, username: str) -> int:
    """End every session of the account (audited as `sessions_ended`); how many were live."""
    with UnitOfWork(deps.sessions) as uow:
        _account(uow.session, username)
        ended = end_all_of(uow.session, username, actor.user, deps.wall.now())
        uow.commit()
    return ended


def revoke(deps: Deps, actor: Actor, username: str) -> bool:
    """The account's API token stops working (audited as `token_revoked`); whether it had one. Its
    sessions go on: end them with end_all_sessions."""
    with UnitOfWork(deps.sessions) as uow:
        _account(uow.session, username)
        had = revoke_token(uow.session, username, actor.user, deps.wall.now())
        uow.commit()
    return had


def issue(deps: Deps, actor: Actor, username: str, days: int) -> IssuedToken:
    """A new token for the account, valid `days` (1 .. MAX_TOKEN_DAYS, real time); the old one stops
    working (audited as `token_issued`). Refused (four eyes) for an account with a case role, and for
    another administrator's account."""
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise ValidationFailed({"days": [f"1 to {MAX_TOKEN_DAYS}"]})
    now = deps.wall.now()
    with UnitOfWork(deps.sessions) as uow:
        user = _account(uow.session, username)
        roles = set(user.roles)
        if roles & CASE_ROLES:
            raise NotPermitted("a token for an account with a case role is issued by the operator")
        if "admin" in roles and username != actor.user:
            raise NotPermitted("an administrator's token is issued to that administrator only")
        token = issue_token(uow.session, username, actor.user, now, dt.timedelta(days=days))
        expires_at = now + dt.timedelta(days=days)
        uow.commit()
    return IssuedToken(username, token, expires_at)
