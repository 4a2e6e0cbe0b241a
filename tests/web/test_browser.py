"""End-to-end in a real browser: starts `erkend serve` on a free port over a seeded temporary SQLite
database and runs the Node browser tests (Playwright driving the system's Chromium, never a downloaded
browser; axe-core for WCAG 2.1 AA). Screenshots land in test-artifacts/."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _npm_ci() -> None:
    if (ROOT / "node_modules" / "playwright-core").exists() and (ROOT / "node_modules" / "axe-core").exists():
        return
    env = {**os.environ, "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1"}
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=ROOT, env=env, check=True, timeout=600)


def _erkend(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "web.cli", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_intake_decision_and_lawyer_overview_in_chromium(tmp_path: Path) -> None:
    if shutil.which("node") is None or not Path(CHROMIUM).exists():
        pytest.skip("needs node and Debian's chromium (.ci/run installs it)")
    _npm_ci()
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'e2e.sqlite3'}",
        "SECRET_KEY": "e2e-secret",
        "ERKEND_INSECURE_COOKIES": "1",
        "ERKEND_START_REFERENCE_MODEL": "1",  # the generic intake -> decision flow of the reference model
        "ERKEND_INSTANCE_DIR": str(tmp_path / "instance"),  # the demo's master key, not in the repo
        "PYTHONPATH": str(ROOT),
    }
    env.pop("ERKEND_TRAINING", None)
    _erkend("db", "upgrade", env=env)
    _erkend("demo", env=env)
    server = subprocess.Popen(
        [sys.executable, "-m", "web.cli", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        artifacts = ROOT / "test-artifacts" / "e2e"
        result = subprocess.run(
            ["node", "--test", "--test-reporter=spec", "tests/web/browser/"],
            cwd=ROOT,
            env={**env, "BASE_URL": base, "CHROMIUM": CHROMIUM, "ARTIFACTS": str(artifacts)},
            capture_output=True,
            text=True,
            timeout=300,
        )
        print(result.stdout[-6000:], result.stderr[-3000:])
        assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
        assert (artifacts / "07-case-after-decision.png").exists()
    finally:
        server.terminate()
        server.wait(timeout=10)
