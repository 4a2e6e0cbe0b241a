"""Login rate limit: after MAX_FAILURES failed logins for one username, or from one address, within
WINDOW, further attempts are refused until the window has passed — even with the right password, so
guessing gains nothing. Kept in memory: one server process per deployment (waitress threads share it).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import defaultdict, deque

from engine.clock import Clock

MAX_FAILURES = 5
WINDOW = dt.timedelta(minutes=15)


class LoginLimiter:
    def __init__(self, clock: Clock, max_failures: int = MAX_FAILURES, window: dt.timedelta = WINDOW) -> None:
        self._clock = clock
        self._max = max_failures
        self._window = window
        self._failures: dict[str, deque[dt.datetime]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: str) -> deque[dt.datetime]:
        cutoff = self._clock.now() - self._window
        failures = self._failures[key]
        while failures and failures[0] < cutoff:
            failures.popleft()
        return failures

    def blocked(self, username: str, address: str) -> bool:
        with self._lock:
            return any(
                len(self._recent(key)) >= self._max for key in (f"u:{username.lower()}", f"a:{address}")
            )

    def failed(self, username: str, address: str) -> None:
        with self._lock:
            now = self._clock.now()
            for key in (f"u:{username.lower()}", f"a:{address}"):
                self._recent(key).append(now)

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._failures.pop(f"u:{username.lower()}", None)
