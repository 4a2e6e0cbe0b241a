"""A broken model is refused with its file, element id and reason; `erkend processes check` exits 1."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.errors import SpecInvalid
from engine.specs import PROCESSES_DIR, SpecLibrary
from forms.catalogue import all_forms
from web.cli import main

REFERENCE = (PROCESSES_DIR / "reference.bpmn").read_text()


def _library_with(tmp_path: Path, text: str) -> Path:
    for name in ("reference_review.bpmn",):
        shutil.copy(PROCESSES_DIR / name, tmp_path / name)
    (tmp_path / "reference.bpmn").write_text(text)
    return tmp_path


BREAKAGES = {
    "flow to a missing element": (
        '<bpmn:sequenceFlow id="f_wait_end" sourceRef="wait_closed" targetRef="end_done"/>',
        '<bpmn:sequenceFlow id="f_wait_end" sourceRef="wait_closed" targetRef="end_nowhere"/>',
        "f_wait_end"),
    "unquoted duration": (
        'due_in("P3M", "calendar")', "P3M", "decision_deadline"),
    "user task without a form": (
        '<spiffworkflow:property name="formKey" value="reference.intake"/>', "", "intake"),
    "form that does not exist": (
        'value="reference.decide"', 'value="reference.nonexistent"', "decide"),
    "sandbox-forbidden script": (
        'outcome = "expired"', 'outcome = __import__("os").getcwd()', "mark_expired"),
    "call to a process that does not exist": (
        'calledElement="reference_review"', 'calledElement="reference_missing"', "call_review"),
}


@pytest.mark.parametrize("label", BREAKAGES)
def test_broken_model_is_refused_with_its_element_id(tmp_path: Path, label: str) -> None:
    old, new, element_id = BREAKAGES[label]
    assert old in REFERENCE
    directory = _library_with(tmp_path, REFERENCE.replace(old, new))
    faults = SpecLibrary(directory).validate_all(all_forms().has)
    assert faults, label
    assert any(f.element_id == element_id and f.file.endswith(".bpmn") for f in faults), [str(f) for f in faults]


def test_not_well_formed_xml_names_the_file_and_line(tmp_path: Path) -> None:
    directory = _library_with(tmp_path, REFERENCE.replace("</bpmn:process>", "</bpmn:proces>"))
    (fault,) = SpecLibrary(directory).validate_all()
    assert fault.file == "reference.bpmn" and fault.element_id.startswith("line ")


def test_the_shipped_models_pass() -> None:
    assert SpecLibrary().validate_all(all_forms().has) == []


def test_cli_check_fails_on_a_broken_copy(tmp_path: Path) -> None:
    old, new, element_id = BREAKAGES["unquoted duration"]
    directory = _library_with(tmp_path, REFERENCE.replace(old, new))
    result = CliRunner().invoke(main, ["processes", "check", "--dir", str(directory)])
    assert result.exit_code == 1 and element_id in result.output


def test_cli_check_passes_on_the_models() -> None:
    result = CliRunner().invoke(main, ["processes", "check"])
    assert result.exit_code == 0, result.output
    assert "ok" in result.output


def test_starting_an_unknown_process_is_refused() -> None:
    with pytest.raises(SpecInvalid):
        SpecLibrary().current().spec("no_such_process")
