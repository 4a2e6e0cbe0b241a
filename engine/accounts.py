"""User accounts: argon2 password hashes and API tokens (stored only as SHA-256)."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Iterable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.errors import ValidationFailed
from engine.policy.access import ROLES
from engine.store.tables import User

_HASHER = PasswordHasher()
# Verified against when the user does not exist, so that a wrong username costs as much as a wrong password.
_DUMMY_HASH = _HASHER.hash("erkend-timing-equaliser")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_user(session: Session, username: str, roles: Iterable[str], now: dt.datetime,
                password: str | None = None, display_name: str | None = None, with_token: bool = False
                ) -> tuple[User, str | None]:
    roles = sorted(set(roles))
    errors: dict[str, list[str]] = {}
    unknown = [r for r in roles if r not in ROLES]
    if unknown or not roles:
        errors["roles"] = [f"unknown role(s): {', '.join(unknown)}" if unknown else "at least one role"]
    if not username or len(username) > 64:
        errors["username"] = ["1 to 64 characters"]
    elif session.scalar(select(User.id).where(User.username == username)) is not None:
        errors["username"] = ["already taken"]
    if password is not None and len(password) < 8:
        errors["password"] = ["at least 8 characters"]
    if errors:
        raise ValidationFailed(errors)
    token = secrets.token_urlsafe(32) if with_token else None
    user = User(username=username, display_name=display_name or username, roles=roles,
                password_hash=_HASHER.hash(password) if password else None,
                token_hash=hash_token(token) if token else None, active=True, created_at=now)
    session.add(user)
    session.flush()
    return user, token


def check_password(session: Session, username: str, password: str) -> User | None:
    user = session.scalar(select(User).where(User.username == username, User.active.is_(True)))
    try:
        _HASHER.verify(user.password_hash if user and user.password_hash else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    return user if user and user.password_hash else None


def user_for_token(session: Session, token: str) -> User | None:
    return session.scalar(select(User).where(User.token_hash == hash_token(token), User.active.is_(True)))
