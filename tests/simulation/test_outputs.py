"""`erkend simulate SCENARIO.yaml --out DIR`: every output file, from one small run of both variants.

The same seed gives the same bytes in the KPI JSON and the CSV files; the XES log loads in pm4py with a
trace per case and every event; the PDF report has its sections; the calibration table has a row per
published figure."""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from engine.simulation import calibration, exports, outputs
from engine.simulation.scenario import Scenario
from forms.catalogue import all_forms
from tests.simulation.conftest import EXAMPLES
from web.cli import main


def _tiny_file(folder: Path) -> Path:
    text = (EXAMPLES / "nl-decoupled.yaml").read_text(encoding="utf-8")
    text = text.replace("    value: 1000\n", "    value: 150\n").replace("arrival_days: 365", "arrival_days: 30")
    path = folder / "tiny.yaml"
    path.write_text(text.replace("follow_up_days: 365", "follow_up_days: 45"), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("simulate")
    out = folder / "out"
    result = CliRunner().invoke(main, ["simulate", str(_tiny_file(folder)), "--replications", "2", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Reflection period granted" in result.output and "report.pdf" in result.output
    return out


def test_every_output_file_is_written(written: Path) -> None:
    names = {p.relative_to(written).as_posix() for p in written.rglob("*") if p.is_file()}
    charts = {f"charts/{n}.{s}" for n in ("decision_times", "queues", "utilisation", "comparison")
              for s in ("svg", "png")}
    assert {"kpis.json", "cases.csv", "events.csv", "events.xes", "report.html", "report.pdf"} | charts <= names
    assert (written / "charts" / "queues.png").read_bytes().startswith(b"\x89PNG")
    assert b"<svg" in (written / "charts" / "comparison.svg").read_bytes()


def test_kpi_json_has_both_variants_their_cis_and_the_paired_difference(written: Path) -> None:
    doc = json.loads((written / "kpis.json").read_text(encoding="utf-8"))
    assert set(doc["variants"]) == {"nl-current", "nl-decoupled"}
    assert len(doc["variants"]["nl-decoupled"]["replications"]) == 2
    cases = doc["variants"]["nl-current"]["summary"]["cases"]
    assert cases["n"] == 2 and cases["low"] <= cases["mean"] <= cases["high"]
    diff = doc["differences"]["nl-decoupled - nl-current"]["cases"]
    assert diff["mean"] == 0 and diff["significant"] is False  # the same people meet both variants


def test_case_csv_has_a_row_per_simulated_case_with_the_same_people_in_both_variants(written: Path) -> None:
    rows = list(csv.DictReader((written / "cases.csv").open(encoding="utf-8")))
    doc = json.loads((written / "kpis.json").read_text(encoding="utf-8"))
    for variant in ("nl-current", "nl-decoupled"):
        expected = sum(rep["cases"] for rep in doc["variants"][variant]["replications"])
        assert sum(r["variant"] == variant for r in rows) == expected > 0
    ids = {v: {r["case_id"] for r in rows if r["variant"] == v} for v in ("nl-current", "nl-decoupled")}
    assert ids["nl-current"] == ids["nl-decoupled"]
    assert all(r["age_group"] in ("adult", "minor") and r["started_at"].startswith("2026-") for r in rows)


def test_xes_loads_in_pm4py_with_a_trace_per_case_and_every_event(written: Path) -> None:
    import pm4py

    log = pm4py.read_xes(str(written / "events.xes"))
    events = list(csv.DictReader((written / "events.csv").open(encoding="utf-8")))
    cases = list(csv.DictReader((written / "cases.csv").open(encoding="utf-8")))
    assert len(log) == len(events)
    assert log["case:concept:name"].nunique() == len(cases)
    assert "task: register_signal" in set(log["concept:name"])
    assert str(log["time:timestamp"].dt.tz) == "UTC"


def test_the_pdf_report_has_its_sections_in_dutch(written: Path) -> None:
    reader = PdfReader(io.BytesIO((written / "report.pdf").read_bytes()))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for heading in ("1. De vraag", "2. Hoe is dit berekend", "3. Vergelijking", "4. Grafieken",
                    "5. Benodigde capaciteit", "6. IJking aan gepubliceerde cijfers", "7. Aannames en bronnen"):
        assert heading in text
    assert "ontkoppelde identificatie" in text and "Bedenktijd verleend" in text
    assert "aangenomen" in text.lower() and "CoMensha" in text
    assert "nl-decoupled" not in text and "days_to" not in text and "utilisation_" not in text  # words, not codes


def test_the_calibration_table_has_a_row_per_published_figure(written: Path) -> None:
    doc = json.loads((written / "kpis.json").read_text(encoding="utf-8"))
    rows = {row["key"]: row for row in doc["calibration"]}
    assert set(rows) == {f["key"] for f in calibration.published() if f.get("variant", "nl-current") == "nl-current"}
    minors = rows["mix_age_group_minor"]
    assert minors["published"] == pytest.approx(0.084) and 0 <= minors["simulated"] <= 1
    assert minors["difference"] == pytest.approx(minors["simulated"] - 0.084)
    assert rows["mix_dismissal_share"]["modelled"] is False  # no criminal-case messages in this scenario
    pages = PdfReader(io.BytesIO((written / "report.pdf").read_bytes())).pages
    text = " ".join(" ".join(p.extract_text() for p in pages).split())
    assert "Aandeel minderjarigen (2024)" in text and "niet gemodelleerd" in text


def test_same_seed_gives_byte_identical_kpi_json_and_csv(tmp_path: Path, small: Scenario) -> None:
    tiny = dataclasses.replace(small, arrival_days=20.0, follow_up_days=30.0)
    files = []
    for name in ("a", "b"):
        results = outputs.run(tiny, tmp_path / name, all_forms, replications=1)
        exports.write_kpis(tmp_path / name / "kpis.json", exports.kpi_document(tiny.name, tiny.seed, results.kpis))
        files.append([(tmp_path / name / f).read_bytes() for f in ("kpis.json", "cases.csv", "events.csv", "events.xes")])
    assert files[0] == files[1]
    assert files[0][1].count(b"\n") > 1


def test_the_outputs_do_not_change_what_the_simulation_measures(tmp_path: Path, small: Scenario) -> None:
    """The monitor only reads: the KPIs equal those of the plain experiment run."""
    from engine.simulation import experiment

    tiny = dataclasses.replace(small, arrival_days=20.0, follow_up_days=30.0)
    plain = experiment.run(tiny, all_forms(), replications=1)
    with_outputs = outputs.run(tiny, tmp_path, all_forms, replications=1)
    for variant, reps in plain.items():
        assert {k: v for k, v in with_outputs.kpis[variant][0].items() if k in reps[0]} == pytest.approx(
            reps[0], nan_ok=True)



def test_a_scenario_set_after_today_runs_its_forms_on_the_simulated_clock(tmp_path: Path, small: Scenario) -> None:
    """Form checks such as "the signal date cannot lie in the future" read the simulated day: a scenario
    years ahead of the wall clock is not refused."""
    later = dataclasses.replace(small, start=dt.date(2031, 1, 6), arrival_days=15.0, follow_up_days=20.0)
    results = outputs.run(later, tmp_path, all_forms, replications=1)
    assert results.kpis["nl-decoupled"][0]["cases"] > 0
    assert "2031-01" in (tmp_path / "cases.csv").read_text(encoding="utf-8")


def test_workers_write_the_same_files_as_one_process(tmp_path: Path, small: Scenario) -> None:
    tiny = dataclasses.replace(small, arrival_days=15.0, follow_up_days=20.0)
    outputs.run(tiny, tmp_path / "one", all_forms, replications=2)
    outputs.run(tiny, tmp_path / "two", all_forms, replications=2, workers=2)
    for name in ("cases.csv", "events.csv", "events.xes"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
