"""End-to-end in a real browser: starts `erkend serve` on a free port over a seeded temporary SQLite
database and runs the Node browser tests (Playwright driving the system's Chromium, never a downloaded
browser; axe-core for WCAG 2.1 AA). Screenshots land in test-artifacts/."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Iterable

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


WORD = re.compile(r"[^\W\d_]{4,}")


def _words(texts: Iterable[str]) -> set[str]:
    return {w.lower() for text in texts for w in WORD.findall(text)}


def write_vocabulary(path: Path) -> None:
    """The words only the English interface uses, for the check that no English word reaches a Dutch
    page: every English text of the interface (the translation catalogue, the vocabulary of codes, the
    form labels, the letter titles) minus every word its Dutch side uses."""
    from babel.messages.pofile import read_po

    from forms.vocabulary import KINDS, field_labels
    from letters.catalogue import CATALOGUE

    with (ROOT / "web" / "translations" / "en" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalogue = read_po(po)
    pairs = [(m.id, m.string) for m in catalogue if m.id and isinstance(m.id, str) and isinstance(m.string, str)]
    pairs += [words for table in KINDS.values() for words in table.values()]
    pairs += list(field_labels().values())
    pairs += [(t.title_nl, t.title_en) for t in CATALOGUE.values()]
    english_only = _words(en for _nl, en in pairs) - _words(nl for nl, _en in pairs)
    path.write_text(json.dumps({"english_only": sorted(english_only)}), encoding="utf-8")


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
    # a closed case of the demo lawyer's client, its decision still open to an objection after closure
    closed = subprocess.run([sys.executable, "-m", "tests.web.browser_seed"], cwd=ROOT, env=env, check=True,
                            capture_output=True, text=True, timeout=300).stdout.strip().splitlines()[-1]
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
        vocabulary = tmp_path / "vocabulary.json"
        write_vocabulary(vocabulary)
        result = subprocess.run(
            ["node", "--test", "--test-concurrency=1", "--test-reporter=spec", "tests/web/browser/"],
            cwd=ROOT,
            env={**env, "BASE_URL": base, "CHROMIUM": CHROMIUM, "ARTIFACTS": str(artifacts),
                 "VOCABULARY": str(vocabulary), "CLOSED_CASE": closed},
            capture_output=True,
            text=True,
            timeout=900,
        )
        print(result.stdout[-6000:], result.stderr[-3000:])
        assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
        assert (artifacts / "07-case-after-decision.png").exists()
        assert (artifacts / "31-nl-lawyer-overview.png").exists() and (artifacts / "41-en-ind-inbox.png").exists()
        assert (artifacts / "67-nl-objection-after-closure-errors.png").exists()
        assert (artifacts / "68-nl-case-reopened.png").exists()
    finally:
        server.terminate()
        server.wait(timeout=10)
