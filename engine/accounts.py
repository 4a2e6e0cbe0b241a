"""User accounts: argon2 password hashes and API tokens (stored only as SHA-256).

Every change to an account is an event in the audit log (`user_created`, `user_approved`, `totp_enabled`,
`token_issued`, `token_revoked`), with who made it. Tokens may carry an expiry (`erkend users token --days`). An account an administrator creates in the application with a role
that reads case data starts inactive until a second administrator approves it: otherwise one administrator
could create a coordinator with a password of her choosing, sign in as it and read every case."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Iterable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.access.rules import ROLES
from engine.errors import NotPermitted, ValidationFailed
from engine.input_bounds import text_fault
from engine.store.event_log import append_event
from engine.store.tables import Event, User

CASE_ROLES = frozenset(ROLES) - {"policy", "admin"}  # roles that read or act on case data
_HASHER = PasswordHasher()
# Verified against when the user does not exist, so that a wrong username costs as much as a wrong password.
_DUMMY_HASH = _HASHER.hash("erkend-timing-equaliser")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_user(session: Session, username: str, roles: Iterable[str], now: dt.datetime,
                password: str | None = None, display_name: str | None = None, with_token: bool = False,
                by: str = "system", four_eyes: bool = False,
                token_expires_at: dt.datetime | None = None) -> tuple[User, str | None]:
    """Create an account (audited as `user_created` by `by`). With `four_eyes` (an administrator in the
    application) an account holding a case role starts inactive until another administrator approves it."""
    roles = sorted(set(roles))
    errors: dict[str, list[str]] = {}
    unknown = [r for r in roles if r not in ROLES]
    if unknown or not roles:
        errors["roles"] = [f"unknown role(s): {', '.join(unknown)}" if unknown else "at least one role"]
    if not username or len(username) > 64:
        errors["username"] = ["1 to 64 characters"]
    elif not username.isprintable() or text_fault(username):
        errors["username"] = ["printable characters only"]
    elif session.scalar(select(User.id).where(User.username == username)) is not None:
        errors["username"] = ["already taken"]
    if password is not None and len(password) < 8:
        errors["password"] = ["at least 8 characters"]
    if errors:
        raise ValidationFailed(errors)
    token = secrets.token_urlsafe(32) if with_token else None
    pending = four_eyes and bool(CASE_ROLES & set(roles))
    user = User(username=username, display_name=display_name or username, roles=roles,
                password_hash=_HASHER.hash(password) if password else None,
                token_hash=hash_token(token) if token else None, active=not pending, created_at=now,
                token_expires_at=token_expires_at if token else None)
    session.add(user)
    session.flush()
    _audit(session, "user_created", by, now, {"username": username, "roles": roles, "password": bool(password),
                                              "token": bool(token), "pending_approval": pending})
    return user, token


def pending_approval(session: Session) -> dict[str, str]:
    """Accounts waiting for a second administrator: username -> who created it."""
    created = {e.details.get("username"): e.actor for e in session.scalars(
        select(Event).where(Event.case_id.is_(None), Event.kind == "user_created"))
        if e.details.get("pending_approval")}
    approved = set(session.scalars(select(Event.details).where(Event.case_id.is_(None),
                                                               Event.kind == "user_approved")))
    done = {d.get("username") for d in approved if isinstance(d, dict)}
    inactive = set(session.scalars(select(User.username).where(User.active.is_(False))))
    return {u: by for u, by in created.items() if u not in done and u in inactive}


def approve_user(session: Session, username: str, by: str, now: dt.datetime) -> None:
    """The second pair of eyes: an administrator other than the creator activates the account."""
    creator = pending_approval(session).get(username)
    if creator is None:
        raise ValidationFailed({"username": ["no account waiting for approval"]})
    if creator == by:
        raise NotPermitted("a second administrator approves an account you created")
    user = session.scalar(select(User).where(User.username == username))
    assert user is not None
    user.active = True
    _audit(session, "user_approved", by, now, {"username": username, "roles": list(user.roles)})


def revoke_token(session: Session, username: str, by: str, now: dt.datetime) -> bool:
    """The account's API token stops working at once; False if it had none."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise ValidationFailed({"username": [f"no user {username!r}"]})
    had = user.token_hash is not None
    user.token_hash, user.token_expires_at = None, None
    _audit(session, "token_revoked", by, now, {"username": username, "had_token": had})
    return had


def issue_token(session: Session, username: str, by: str, now: dt.datetime, lifetime: dt.timedelta) -> str:
    """A new API token for the account, valid for `lifetime` from `now` (real time); the old one stops
    working. Audited as `token_issued`; the token itself is shown once and stored only as its hash."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise ValidationFailed({"username": [f"no user {username!r}"]})
    token = secrets.token_urlsafe(32)
    user.token_hash, user.token_expires_at = hash_token(token), now + lifetime
    _audit(session, "token_issued", by, now, {"username": username, "expires_at": user.token_expires_at.isoformat()})
    return token


def _audit(session: Session, kind: str, by: str, now: dt.datetime, details: dict[str, object]) -> None:
    append_event(session, case_id=None, at=now, kind=kind, actor=by, details=details)


def check_password(session: Session, username: str, password: str) -> User | None:
    user = session.scalar(select(User).where(User.username == username, User.active.is_(True)))
    try:
        _HASHER.verify(user.password_hash if user and user.password_hash else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    return user if user and user.password_hash else None


def user_for_token(session: Session, token: str, now: dt.datetime) -> User | None:
    """The active account the token belongs to, unless the token has expired (`now` is real time)."""
    user = session.scalar(select(User).where(User.token_hash == hash_token(token), User.active.is_(True)))
    if user is None or (user.token_expires_at is not None and user.token_expires_at <= now):
        return None
    return user
