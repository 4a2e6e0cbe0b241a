"""`erkend simulate`: runs a scenario file end to end, prints the KPI table, writes a self-contained HTML
report (inline SVG, no script) with the assumptions, refuses a bad file naming line and field, and
prints the schema."""
from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from tests.simulation.conftest import EXAMPLES
from web.cli import main


def _tiny(tmp_path: Path, **replace: str) -> Path:
    text = (EXAMPLES / "nl-decoupled.yaml").read_text(encoding="utf-8")
    text = text.replace("    value: 1000\n", "    value: 120\n").replace("arrival_days: 365", "arrival_days: 40")
    text = text.replace("follow_up_days: 365", "follow_up_days: 60")
    for old, new in replace.items():
        text = text.replace(old, new)
    path = tmp_path / "tiny.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_run_prints_the_comparison_and_writes_the_report(tmp_path: Path) -> None:
    out, kpis = tmp_path / "report.html", tmp_path / "kpis.json"
    result = CliRunner().invoke(main, ["simulate", "run", str(_tiny(tmp_path)), "--replications", "2",
                                       "--out", str(out), "--json", str(kpis)])
    assert result.exit_code == 0, result.output
    assert "Reflection period granted" in result.output and "nl-decoupled − nl-current" in result.output
    page = out.read_text(encoding="utf-8")
    assert page.count("<svg") == 2 and "<script" not in page and "src=" not in page
    assert "arrivals.rate_per_year" in page and "<em>assumed</em>" in page
    assert re.search(r"<rect [^>]*height=\"\d", page)
    assert len(json.loads(kpis.read_text())["nl-decoupled"]) == 2


def test_compare_sets_two_scenario_files_side_by_side(tmp_path: Path) -> None:
    first = _tiny(tmp_path)
    second = tmp_path / "more-panels.yaml"
    second.write_text(first.read_text().replace('en: "Decoupled', 'en: "More panels').replace(
        "panel: {members: 36", "panel: {members: 72").replace("variants: [nl-current, nl-decoupled]",
                                                                "variants: [nl-decoupled]"))
    result = CliRunner().invoke(main, ["simulate", "run", str(first), "--compare", str(second), "-r", "1"])
    assert result.exit_code == 0, result.output
    assert "More panels" in result.output and "Decoupled identification" in result.output


def test_a_bad_scenario_is_refused_with_line_and_field(tmp_path: Path) -> None:
    bad = _tiny(tmp_path, **{"  ind: {capacity": "  ind: {capacty"})
    result = CliRunner().invoke(main, ["simulate", "run", str(bad)])
    assert result.exit_code != 0
    assert re.search(r"tiny\.yaml:\d+: resources\.ind\.capacty: unknown field", result.output)


def test_schema_prints_json_schema() -> None:
    result = CliRunner().invoke(main, ["simulate", "schema"])
    assert result.exit_code == 0 and json.loads(result.output)["title"] == "erkend policy simulation scenario"


def test_workers_give_the_same_figures_as_one_process(tmp_path: Path) -> None:
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    path = _tiny(tmp_path, **{"arrival_days: 40": "arrival_days: 15"})
    for out, workers in ((one, "1"), (two, "2")):
        result = CliRunner().invoke(main, ["simulate", "run", str(path), "-r", "2", "--workers", workers,
                                           "--json", str(out)])
        assert result.exit_code == 0, result.output
    assert json.loads(one.read_text()) == json.loads(two.read_text())
