"""Real `erkend serve` / `erkend worker` processes for the fault tests: start one on a database, wait for
it with a deadline, kill it with SIGKILL (no clean-up of any kind runs), and small HTTP helpers."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
MASTER_KEY = "3c" * 32


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(condition: Callable[[], bool], timeout: float, what: str, step: float = 0.05) -> None:
    """Poll `condition` until it holds; fail naming `what` when `timeout` seconds pass first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(step)
    raise AssertionError(f"not within {timeout:.0f} s: {what}")


def process_env(database_url: str, workdir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ERKEND_")}
    env.update(DATABASE_URL=database_url, SECRET_KEY="fault-test", ERKEND_MASTER_KEY=MASTER_KEY,
               ERKEND_INSECURE_COOKIES="1", ERKEND_INSTANCE_DIR=str(workdir / "instance"), PYTHONPATH=str(ROOT),
               **extra)
    return env


class ErkendProcess:
    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log
        self._out = log.open("ab")
        self.popen = subprocess.Popen([sys.executable, "-m", "web.cli", *args], cwd=ROOT, env=env,
                                      stdout=self._out, stderr=subprocess.STDOUT)

    def kill9(self) -> None:
        """SIGKILL: the process gets no chance to finish a request, roll back or close a connection."""
        if self.popen.poll() is None:
            os.kill(self.popen.pid, signal.SIGKILL)
        self.popen.wait(timeout=30)
        self._out.close()

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill9()
        self._out.close()


def serve(env: dict[str, str], workdir: Path, port: int | None = None) -> tuple[ErkendProcess, str]:
    port = port or free_port()
    server = ErkendProcess(["serve", "--port", str(port)], env, workdir / f"serve-{port}.log")
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: status(f"{base}/healthz") == 200, 90, "the server answers /healthz")
    except AssertionError:
        server.kill9()
        raise AssertionError(server.log.read_text()[-3000:]) from None
    return server, base


def status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except OSError:
        return None


def call(method: str, url: str, token: str, body: Any = None, timeout: float = 30) -> tuple[int | None, Any]:
    """(status, parsed JSON body); status None when the connection failed (no answer at all)."""
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Authorization": f"Bearer {token}"}
    if data is not None:
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status), json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        raw = error.read()
        try:
            return int(error.code), json.loads(raw or b"null")
        except ValueError:
            return int(error.code), raw.decode(errors="replace")
    except OSError:
        return None, None
