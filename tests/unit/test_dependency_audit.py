"""The dependency audit never passes when it could not look the dependencies up (pip-audit itself exits
0 then, reporting every package as "not found"), and fails on any known vulnerability."""
from __future__ import annotations

import importlib.util
import json
import subprocess
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / ".ci" / "audit_dependencies.py"


def _script(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, report: dict[str, object] | None) -> ModuleType:
    spec = importlib.util.spec_from_file_location("audit_dependencies", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    stdout = json.dumps(report) if report is not None else "Traceback: connection refused"
    monkeypatch.setattr(module.subprocess, "run",
                        lambda *a, **k: subprocess.CompletedProcess(a, 0, stdout=stdout, stderr=""))
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ERKEND_AUDIT_UNREACHABLE", raising=False)
    return module


UNREACHABLE = {"dependencies": [{"name": "flask", "skip_reason": "Dependency not found on PyPI"}], "fixes": []}
CLEAN = {"dependencies": [{"name": "flask", "version": "3.1.0", "vulns": []}], "fixes": []}
VULNERABLE = {"dependencies": [{"name": "flask", "version": "0.1", "vulns": [
    {"id": "PYSEC-0000-1", "fix_versions": ["3.1.1"], "description": "x"}]}], "fixes": []}


@pytest.mark.parametrize("report, expected", [(CLEAN, 0), (VULNERABLE, 1), (UNREACHABLE, 2), (None, 2)])
def test_audit_outcome(report: dict[str, object] | None, expected: int, monkeypatch: pytest.MonkeyPatch,
                       tmp_path: Path) -> None:
    assert _script(monkeypatch, tmp_path, report).main() == expected


def test_unreachable_may_only_warn_when_told_and_says_so(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    module = _script(monkeypatch, tmp_path, UNREACHABLE)
    monkeypatch.setenv("ERKEND_AUDIT_UNREACHABLE", "warn")
    assert module.main() == 0
    assert "NOT AUDITED" in capsys.readouterr().err
    assert json.loads((tmp_path / ".bench" / "pip-audit.json").read_text())["status"] == "not-audited"
    monkeypatch.setattr(module.subprocess, "run", lambda *a, **k: subprocess.CompletedProcess(
        a, 1, stdout=json.dumps(VULNERABLE), stderr=""))
    assert module.main() == 1  # a vulnerability fails whatever the variable says
