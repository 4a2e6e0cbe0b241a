"""Every BPMN file under processes/ passes bpmnlint's recommended rules (.bpmnlintrc) without an error, so
the models open cleanly in a modeller; and the linter, as this test reads it, does catch a broken copy."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from engine.specs import PROCESSES_DIR
from processes.tools import build_models

ROOT = Path(__file__).resolve().parents[2]
BPMNLINT = ROOT / "node_modules" / ".bin" / "bpmnlint"
SUMMARY = re.compile(r"(\d+) problems? \((\d+) errors?, (\d+) warnings?\)")


@dataclass(frozen=True)
class Finding:
    file: str
    element: str
    severity: str
    message: str
    rule: str


def _install() -> None:
    if BPMNLINT.exists():
        return
    if shutil.which("npm") is None:
        pytest.skip("needs node and npm (.ci/run installs them)")
    env = {**os.environ, "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1"}
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=ROOT, env=env, check=True, timeout=600)


def bpmnlint(*paths: Path) -> list[Finding]:
    """Runs bpmnlint with the repository's .bpmnlintrc and reads its report: a line per problem
    (`element  severity  message  rule`) under the file's path, then a count that must agree."""
    _install()
    result = subprocess.run([str(BPMNLINT), *map(str, paths)], cwd=ROOT, capture_output=True, text=True,
                            timeout=300)
    findings: list[Finding] = []
    file = ""
    for line in result.stdout.splitlines():
        if line and not line[0].isspace() and SUMMARY.search(line) is None:
            file = line.strip()
            continue
        fields = re.split(r"\s{2,}", line.strip())
        if "error" in fields[:2] or "warning" in fields[:2]:
            at = fields.index("error") if "error" in fields[:2] else fields.index("warning")
            element = fields[0] if at == 1 else ""
            rest = fields[at + 1:] + ["", ""]
            findings.append(Finding(file, element, fields[at], rest[0], rest[1] if at == 1 else ""))
    summary = SUMMARY.search(result.stdout)
    errors = sum(f.severity == "error" for f in findings)
    assert (int(summary.group(2)) if summary else 0) == errors, result.stdout + result.stderr
    assert result.returncode == (1 if errors else 0), result.stdout + result.stderr
    return findings


def _errors(findings: list[Finding]) -> list[str]:
    return [f"{Path(f.file).name}: {f.element}: {f.message} ({f.rule})" for f in findings if f.severity == "error"]


def test_every_model_passes_the_recommended_rules() -> None:
    models = sorted(PROCESSES_DIR.rglob("*.bpmn"))
    assert len(models) >= 13
    assert _errors(bpmnlint(*models)) == []


def test_every_gateway_that_forks_and_joins_in_a_declaration_is_an_error(tmp_path: Path) -> None:
    """Each model written as declared, without the joins the builder adds: bpmnlint reports exactly the
    gateways that fork and join at once."""
    expected, copies = [], []
    for number, (path, build) in enumerate(build_models.MODELS.items()):
        proc = build()
        incoming, outgoing = Counter(f.target for f in proc.flows), Counter(f.source for f in proc.flows)
        copy = tmp_path / f"{number:02}_{path.name}"
        copy.write_text(proc.to_xml(explicit_joins=False), encoding="utf-8")
        copies.append(copy)
        expected += [f"{copy.name}: {nid}" for nid, node in proc.nodes.items()
                     if node.shape == "gateway" and incoming[nid] > 1 and outgoing[nid] > 1]
    assert expected, "no declaration has a gateway that forks and joins: break a copy another way"
    found = [f"{Path(f.file).name}: {f.element}" for f in bpmnlint(*copies)
             if f.severity == "error" and f.rule == "no-gateway-join-fork"]
    assert sorted(found) == sorted(expected)


def test_an_unnamed_event_is_an_error(tmp_path: Path) -> None:
    text = (PROCESSES_DIR / "reference_review.bpmn").read_text(encoding="utf-8")
    broken = tmp_path / "reference_review.bpmn"
    broken.write_text(text.replace(' name="Beoordeling gegeven"', ""), encoding="utf-8")
    assert _errors(bpmnlint(broken)) == ["reference_review.bpmn: review_end: Element is missing label/name "
                                         "(label-required)"]


def test_a_file_that_does_not_parse_is_an_error(tmp_path: Path) -> None:
    broken = tmp_path / "cut.bpmn"
    broken.write_text((PROCESSES_DIR / "referral.bpmn").read_text(encoding="utf-8")[:400], encoding="utf-8")
    (finding,) = bpmnlint(broken)
    assert finding.severity == "error" and finding.message.startswith("Parse error")
