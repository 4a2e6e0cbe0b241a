"""Server-side sign-in sessions: create, look up, save and end them. The browser's cookie holds a
random value; the table keeps only its SHA-256, so a copy of the database signs nobody in.

Times here are real time (the caller passes the wall clock), also in training mode: moving the training
clock must neither end nor prolong anyone's session."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from engine.errors import ValidationFailed
from engine.store.event_log import append_event
from engine.store.tables import User, WebSession

LIFETIME = dt.timedelta(hours=8)  # a working day; then sign in again
# Before sign-in a session holds a CSRF token and a language: short-lived, so that a flood of visits to
# the login page leaves no rows for long.
ANONYMOUS_LIFETIME = dt.timedelta(hours=1)


def session_key(cookie_value: str) -> str:
    return hashlib.sha256(cookie_value.encode()).hexdigest()


def new_cookie_value() -> str:
    return secrets.token_urlsafe(32)


def load(session: Session, cookie_value: str, now: dt.datetime) -> WebSession | None:
    """The live session the cookie names, or None (unknown, ended or expired)."""
    row = session.get(WebSession, session_key(cookie_value))
    return row if row is not None and row.expires_at > now else None


def save(session: Session, cookie_value: str, data: str, user_id: int | None, now: dt.datetime) -> None:
    row = session.get(WebSession, session_key(cookie_value))
    if row is None:
        # Expired rows say nothing any more: dropped whenever a session starts, so the table stays small.
        session.execute(delete(WebSession).where(WebSession.expires_at <= now))
        session.add(WebSession(id=session_key(cookie_value), user_id=user_id, data=data, created_at=now,
                               seen_at=now, expires_at=now + (LIFETIME if user_id else ANONYMOUS_LIFETIME)))
    else:
        row.data, row.user_id, row.seen_at = data, user_id, now


def end(session: Session, cookie_value: str) -> None:
    session.execute(delete(WebSession).where(WebSession.id == session_key(cookie_value)))


def handle(key: str) -> str:
    """The name an administrator sees for a session: derived from the stored key, which it does not give
    back (nor, the key being a hash, the cookie)."""
    return hashlib.sha256(f"erkend-session-handle:{key}".encode()).hexdigest()[:16]


def live_of(session: Session, user_id: int, now: dt.datetime) -> list[WebSession]:
    """The account's sessions that still sign in, oldest first."""
    return list(session.scalars(select(WebSession).where(WebSession.user_id == user_id,
                                                         WebSession.expires_at > now)
                                .order_by(WebSession.created_at, WebSession.id)))


def end_one(session: Session, user_id: int, username: str, session_handle: str, by: str,
            now: dt.datetime) -> bool:
    """End the account's live session with this handle (audited as `session_ended`); False if none."""
    row = next((r for r in live_of(session, user_id, now) if handle(r.id) == session_handle), None)
    if row is None:
        return False
    session.execute(delete(WebSession).where(WebSession.id == row.id))
    append_event(session, case_id=None, at=now, kind="session_ended", actor=by,
                 details={"username": username, "session": session_handle})
    return True


def end_all_of(session: Session, username: str, by: str, now: dt.datetime) -> int:
    """End every session of the account at once (an administrator, or the account's revocation);
    audited as `sessions_ended`. Returns how many were live."""
    user_id = session.scalar(select(User.id).where(User.username == username))
    if user_id is None:
        raise ValidationFailed({"username": ["onbekende gebruiker / no such user"]})
    live = session.scalars(select(WebSession.id).where(WebSession.user_id == user_id,
                                                       WebSession.expires_at > now)).all()
    session.execute(delete(WebSession).where(WebSession.user_id == user_id))
    append_event(session, case_id=None, at=now, kind="sessions_ended", actor=by,
                 details={"username": username, "sessions": len(live)})
    return len(live)
