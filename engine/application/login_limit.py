"""Login rate limit. An attempt is admitted only while, within WINDOW,
- one account from one address has had fewer than PER_ACCOUNT_ADDRESS failures (the guesser's limit),
- one address has had fewer than PER_ADDRESS failures over all accounts (high enough that an office
  behind one address is not locked out by a few colleagues' typos), and
- one account has had fewer than PER_ACCOUNT failures from all addresses (guessing spread over many).

An admitted attempt is written as a failure *before* the password is checked, in a transaction that
counts and writes under one lock, so parallel attempts cannot all pass the count first (they once got 9
guesses in instead of 5); a sign-in that succeeds deletes it again. Counting uses the real clock, never
the training clock, so moving the training clock neither clears nor extends a block. Rows live in the
database (`login_attempts`), so the limit holds across every server process and survives a restart.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, delete, func, select

from engine.application.deps import Sessions
from engine.clock import Clock
from engine.store.db import UnitOfWork
from engine.store.tables import LoginAttempt

PER_ACCOUNT_ADDRESS = 5
PER_ADDRESS = 50
PER_ACCOUNT = 20
WINDOW = dt.timedelta(minutes=15)
_LOCK_KEY = 0x6C6F67696E  # "login": one PostgreSQL advisory lock for counting and writing attempts


class LoginLimiter:
    def __init__(self, wall: Clock, sessions: Sessions, per_account_address: int = PER_ACCOUNT_ADDRESS,
                 per_address: int = PER_ADDRESS, per_account: int = PER_ACCOUNT, window: dt.timedelta = WINDOW) -> None:
        self._wall = wall
        self._sessions = sessions
        self._limits = (per_account_address, per_address, per_account)
        self._window = window

    def admit(self, username: str, address: str) -> bool:
        """Reserve one attempt (counted as a failure until `succeeded`); False when a limit is reached."""
        username, address = username.lower()[:128], address[:64]
        now = self._wall.now()
        with UnitOfWork(self._sessions) as uow:
            session = uow.session
            if session.get_bind().dialect.name == "postgresql":
                session.execute(select(func.pg_advisory_xact_lock(_LOCK_KEY)))
            # SQLite: the transaction began IMMEDIATE (engine.store.db), which serialises it already.
            recent = LoginAttempt.at >= now - self._window

            def count(*where: ColumnElement[bool]) -> int:
                return session.scalar(select(func.count()).select_from(LoginAttempt).where(recent, *where)) or 0

            account_address = count(LoginAttempt.username == username, LoginAttempt.address == address)
            if (account_address >= self._limits[0] or count(LoginAttempt.address == address) >= self._limits[1]
                    or count(LoginAttempt.username == username) >= self._limits[2]):
                return False
            session.add(LoginAttempt(username=username, address=address, at=now))
            # Old rows say nothing any more: keep the table small.
            session.execute(delete(LoginAttempt).where(LoginAttempt.at < now - 4 * self._window))
            uow.commit()
        return True

    def succeeded(self, username: str, address: str) -> None:
        """The right password from this address: its failures there no longer count."""
        with UnitOfWork(self._sessions) as uow:
            uow.session.execute(delete(LoginAttempt).where(LoginAttempt.username == username.lower()[:128],
                                                           LoginAttempt.address == address[:64]))
            uow.commit()
