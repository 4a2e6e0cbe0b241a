"""Simulated users: each a thread in a closed loop (act, think, act) against the app workers.

The mix, per action drawn: the worklist page, a case file page, a case read through the API, a task
completion through the API (read the case for its task and version, then complete `register_signal`
of a case no one completed yet), and a letter download. Page users sign in through the login form
(a pool of sessions shared by the simulated users); API users carry a bearer token. Each request is
timed; every completion the server acknowledged (200) is kept for the check against the event log.
Each user keeps one connection to one worker (users spread evenly), as a load balancer with sticky
connections would do: waitress accepts 100 connections per process, and 200 users each holding a
connection to every worker would wait in the accept queue instead of being served.
"""
from __future__ import annotations

import http.client
import itertools
import json
import queue
import random
import re
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

MIX = (("worklist", 25), ("case_page", 20), ("case_api", 25), ("complete", 15), ("letter", 15))
REGISTER_SIGNAL = {"signal_source": "ngo", "signal_date": "2026-01-05", "person_alias": "Load T.",
                   "legal_name": "Lotte Testmans",
                   "birth_date": "1994-03-12", "age_doubt": False, "residence_status": "tcn_unlawful",
                   "exploitation_form": "labour", "suspected_offence": False, "nationality": "fictional"}


@dataclass
class Results:
    samples: list[tuple[str, float, int]] = field(default_factory=list)  # (kind, ms, status)
    acknowledged: list[tuple[int, str]] = field(default_factory=list)  # (case id, task id)
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, ms: float, status: int, note: str = "") -> None:
        with self.lock:
            self.samples.append((kind, ms, status))
            if not 200 <= status < 300 and len(self.failures) < 50:
                self.failures.append(f"{kind} {status} {note}"[:300])


class Client:
    """One keep-alive connection per worker port; reconnects after an error."""

    def __init__(self, ports: list[int]) -> None:
        self.ports = ports
        self.next = itertools.cycle(range(len(ports)))
        self.conns: dict[int, http.client.HTTPConnection] = {}

    def request(self, method: str, path: str, headers: dict[str, str] | None = None,
                body: bytes | None = None) -> tuple[int, dict[str, str], bytes]:
        port = self.ports[next(self.next)]
        for attempt in (1, 2):
            conn = self.conns.get(port) or http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            self.conns[port] = conn
            try:
                conn.request(method, path, body=body, headers=headers or {})
                response = conn.getresponse()
                data = response.read()
                return response.status, {k.lower(): v for k, v in response.getheaders()}, data
            except (http.client.HTTPException, OSError):
                conn.close()
                self.conns.pop(port, None)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


def sign_in(ports: list[int], username: str, password: str) -> str:
    """A session cookie from the login form (CSRF token included)."""
    client = Client(ports[:1])
    status, headers, body = client.request("GET", "/login")
    token = re.search(rb'name="csrf_token" value="([^"]+)"', body)
    if status != 200 or token is None:
        raise RuntimeError(f"login form not served ({status})")
    cookie = headers.get("set-cookie", "").split(";")[0]
    form = urllib.parse.urlencode({"username": username, "password": password, "csrf_token": token.group(1).decode()})
    status, headers, _ = client.request("POST", "/login", {"Cookie": cookie,
                                                           "Content-Type": "application/x-www-form-urlencoded"},
                                        form.encode())
    if status not in (302, 303) or "set-cookie" not in headers:
        raise RuntimeError(f"sign-in refused ({status})")
    return headers["set-cookie"].split(";")[0]


class User(threading.Thread):
    def __init__(self, ports: list[int], token: str, cookie: str, case_ids: list[int],
                 fresh: queue.SimpleQueue[int], letters: list[tuple[int, int]], results: Results, until: float,
                 think: float, seed: int, mix: tuple[tuple[str, int], ...] = MIX) -> None:
        super().__init__(daemon=True)
        self.client = Client(ports)
        self.until, self.think, self.results = until, think, results
        self.api = {"Authorization": f"Bearer {token}"}
        self.page = {"Cookie": cookie}
        self.case_ids, self.fresh, self.letters = case_ids, fresh, letters
        self.random = random.Random(seed)
        self.kinds = [k for k, _ in mix]
        self.weights = [w for _, w in mix]

    def run(self) -> None:
        while time.monotonic() < self.until:
            kind = self.random.choices(self.kinds, self.weights)[0]
            try:
                getattr(self, kind)()
            except Exception as error:  # noqa: BLE001 - a failed request is counted, the user goes on
                self.results.add(kind, 0.0, 599, type(error).__name__)
            if self.think > 0:
                time.sleep(self.random.expovariate(1.0 / self.think))

    def _timed(self, kind: str, method: str, path: str, headers: dict[str, str],
               body: bytes | None = None) -> tuple[int, bytes]:
        start = time.perf_counter()
        status, _, data = self.client.request(method, path, headers, body)
        self.results.add(kind, (time.perf_counter() - start) * 1000, status, path)
        return status, data

    def worklist(self) -> None:
        self._timed("worklist", "GET", "/worklist", self.page)

    def case_page(self) -> None:
        self._timed("case_page", "GET", f"/cases/{self.random.choice(self.case_ids)}", self.page)

    def case_api(self) -> None:
        self._timed("case_api", "GET", f"/api/v1/cases/{self.random.choice(self.case_ids)}", self.api)

    def letter(self) -> None:
        case_id, letter_id = self.random.choice(self.letters)
        self._timed("letter", "GET", f"/api/v1/cases/{case_id}/letters/{letter_id}.pdf", self.api)

    def complete(self) -> None:
        try:
            case_id = self.fresh.get_nowait()
        except queue.Empty:
            return self.case_api()
        status, body = self._timed("case_api", "GET", f"/api/v1/cases/{case_id}", self.api)
        if status != 200:
            return None
        case: dict[str, Any] = json.loads(body)
        task = next((t for t in case["tasks"] if t["name"] == "register_signal"), None)
        if task is None:
            self.results.add("complete", 0.0, 598, f"case {case_id} has no register_signal")
            return None
        payload = json.dumps({"data": REGISTER_SIGNAL, "version": case["version"]}).encode()
        status, _ = self._timed("complete", "POST", f"/api/v1/cases/{case_id}/tasks/{task['id']}",
                                {**self.api, "Content-Type": "application/json"}, payload)
        if status == 200:
            with self.results.lock:
                self.results.acknowledged.append((case_id, task["id"]))
        return None


def run_users(ports: list[int], token: str, cookies: list[str], case_ids: list[int], fresh: queue.SimpleQueue[int],
              letters: list[tuple[int, int]], users: int, seconds: float, think: float, seed: int = 1) -> tuple[Results, float]:
    """Run `users` simulated users for `seconds`; returns the results and the wall time taken."""
    results = Results()
    start = time.monotonic()
    until = start + seconds
    threads = [User([ports[i % len(ports)]], token, cookies[i % len(cookies)], case_ids, fresh, letters, results,
                    until, think, seed * 100_003 + i) for i in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.monotonic() - start
