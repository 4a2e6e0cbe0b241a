"""Login rate limit: after MAX_FAILURES failed logins for one username, or from one address, within
WINDOW, further attempts are refused until the window has passed — even with the right password, so
guessing gains nothing. Failures live in the database (`login_attempts`), so the limit holds across
every server process and survives a restart; a successful sign-in clears the user's failures.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select

from engine.application.deps import Sessions
from engine.clock import Clock
from engine.store.db import UnitOfWork
from engine.store.tables import LoginAttempt

MAX_FAILURES = 5
WINDOW = dt.timedelta(minutes=15)


class LoginLimiter:
    def __init__(self, clock: Clock, sessions: Sessions, max_failures: int = MAX_FAILURES,
                 window: dt.timedelta = WINDOW) -> None:
        self._clock = clock
        self._sessions = sessions
        self._max = max_failures
        self._window = window

    def blocked(self, username: str, address: str) -> bool:
        cutoff = self._clock.now() - self._window
        with self._sessions() as session:
            recent = (LoginAttempt.at >= cutoff)
            by_user = session.scalar(select(func.count()).where(recent, LoginAttempt.username == username.lower()))
            by_address = session.scalar(select(func.count()).where(recent, LoginAttempt.address == address))
        return (by_user or 0) >= self._max or (by_address or 0) >= self._max

    def failed(self, username: str, address: str) -> None:
        now = self._clock.now()
        with UnitOfWork(self._sessions) as uow:
            uow.session.add(LoginAttempt(username=username.lower()[:128], address=address[:64], at=now))
            # Old rows say nothing any more: keep the table small.
            uow.session.execute(delete(LoginAttempt).where(LoginAttempt.at < now - 4 * self._window))
            uow.commit()

    def succeeded(self, username: str) -> None:
        with UnitOfWork(self._sessions) as uow:
            uow.session.execute(delete(LoginAttempt).where(LoginAttempt.username == username.lower()))
            uow.commit()
