"""`erkend processes check` on the procedure models, and on deliberately broken copies of them: each
rule of the procedure must catch the fault it exists for."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.specs import PROCESSES_DIR, SpecLibrary
from forms.catalogue import all_forms
from web.cli import main


def _broken(tmp_path: Path, file: str, old: str, new: str) -> list[str]:
    root = tmp_path / "processes"
    shutil.copytree(PROCESSES_DIR, root, ignore=shutil.ignore_patterns("__pycache__", "tools", "*.md", "*.svg"))
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return [f"{f.file}: {f.element_id}: {f.reason}" for f in SpecLibrary(root).validate_all(all_forms().has)]


def test_the_procedure_models_pass_every_check() -> None:
    assert SpecLibrary().validate_all(all_forms().has) == []


def test_the_variants_share_every_file_that_does_not_differ() -> None:
    library = SpecLibrary()
    current, decoupled = library.current("nl-current"), library.current("nl-decoupled")
    differing = {name for name in current.files if current.files[name] != decoupled.files.get(name)}
    assert differing == {"identification.bpmn", "non_punishment.bpmn"}
    assert current.version != decoupled.version


def test_a_timer_with_a_literal_term_is_refused(tmp_path: Path) -> None:
    faults = _broken(tmp_path, "residence.bpmn", 'due_in(policy["permit_decision"])', 'due_in("PT24H")')
    assert faults == ["residence.bpmn: permit_24h: timer does not name a policy value (policy[...]): 'due_in(\"PT24H\")'"]


def test_a_decision_without_a_letter_is_refused(tmp_path: Path) -> None:
    faults = _broken(tmp_path, "variants/nl-decoupled/non_punishment.bpmn", 'sourceRef="np_record" targetRef="letter_np"',
                     'sourceRef="np_record" targetRef="np_answer"')
    assert any(f.startswith("non_punishment.bpmn: np_assessment: decision reaches end event") for f in faults), faults


def test_decoupled_identification_may_not_read_investigation_data(tmp_path: Path) -> None:
    faults = _broken(tmp_path, "variants/nl-decoupled/identification.bpmn", 'first_stage_outcome == "negative"',
                     'first_stage_outcome == "negative" or not report')
    assert faults == ["identification.bpmn: f_gw_first_letter_first_negative: decoupled identification reads "
                      "investigation data in a gateway condition: ['report']"]


def test_the_residence_track_may_read_the_criminal_case(tmp_path: Path) -> None:
    """The decoupling rule protects the identification; the B8/3 track is tied to the report by law."""
    faults = _broken(tmp_path, "residence.bpmn", 'fact("residence_track") == "b83_dublin"',
                     'fact("residence_track") == "b83_dublin" and report is not None')
    assert faults == []


@pytest.mark.parametrize(("old", "new", "expected"), [
    ('name="panel">', 'name="panel police">', "lane mixes investigation and panel roles"),
    ('value="panel.hearing"', 'value="police.indication"', "investigation form 'police.indication' in a panel lane"),
])
def test_no_lane_mixes_investigation_and_panel(tmp_path: Path, old: str, new: str, expected: str) -> None:
    faults = _broken(tmp_path, "variants/nl-decoupled/identification.bpmn", old, new)
    assert any(expected in f for f in faults), faults


def test_a_panel_form_in_the_prosecutors_lane_is_refused(tmp_path: Path) -> None:
    """In the current procedure the prosecutor assesses non-punishment himself; the panel's form stays out."""
    faults = _broken(tmp_path, "non_punishment.bpmn", 'value="prosecutor.non_punishment"', 'value="panel.non_punishment"')
    assert faults == ["non_punishment.bpmn: np_assessment: panel form 'panel.non_punishment' in an investigation lane"]


def test_the_cli_check_fails_on_a_broken_copy_and_names_the_fault(tmp_path: Path) -> None:
    _broken(tmp_path, "objection.bpmn",
            'due_in(policy["objection_decision_committee"] if advisory_committee else policy["objection_decision"], '
            'since=objection_term_ends)',
            'due_in("P6W", "statutory", since=objection_term_ends)')
    result = CliRunner().invoke(main, ["processes", "check", "--dir", str(tmp_path / "processes")])
    assert result.exit_code == 1
    assert "objection.bpmn: objection_decision_due: timer does not name a policy value" in result.output
    ok = CliRunner().invoke(main, ["processes", "check"])
    assert ok.exit_code == 0 and "nl-decoupled" in ok.output


def test_an_event_based_gateway_with_two_timers_is_refused(tmp_path: Path) -> None:
    """SpiffWorkflow keeps one due moment per waiting gateway: a second timer would silently share it."""
    old = ('<bpmn:messageEventDefinition id="med_leads" messageRef="msg_leads_assessment">\n'
           '        <bpmn:extensionElements>\n'
           '          <spiffworkflow:messageVariable>leads</spiffworkflow:messageVariable>\n'
           '        </bpmn:extensionElements>\n'
           '      </bpmn:messageEventDefinition>')
    new = ('<bpmn:timerEventDefinition id="ted_leads"><bpmn:timeDate xsi:type="bpmn:tFormalExpression">'
           'due_in(policy["permit_decision"])</bpmn:timeDate></bpmn:timerEventDefinition>')
    faults = _broken(tmp_path, "residence.bpmn", old, new)
    assert "residence.bpmn: wait_leads: event-based gateway waits for 2 timers; one at most" in faults


def test_a_fact_written_by_a_task_not_named_as_its_writer_is_refused(tmp_path: Path) -> None:
    faults = _broken(tmp_path, "residence.bpmn", "residence_basis = 'cannot_cooperate'",
                     "residence_basis = 'cannot_cooperate'\nrecord_fact('identification_outcome', 'positive')")
    assert any(f.startswith("residence.bpmn: threat_ground: task may not write case fact 'identification_outcome'")
               for f in faults), faults


def test_an_unknown_fact_is_refused(tmp_path: Path) -> None:
    faults = _broken(tmp_path, "procedure.bpmn", "record_fact('identification_done', True)",
                     "record_fact('identified_by_police', True)")
    assert "procedure.bpmn: identification_closed: unknown case fact 'identified_by_police'" in faults


def test_decoupled_identification_may_not_wait_for_an_investigation_event(tmp_path: Path) -> None:
    """The timing side of decoupling: an identification step that waits for what only the investigation
    produces (here: the panel waiting for a report instead of its information request's answer)."""
    faults = _broken(tmp_path, "variants/nl-decoupled/identification.bpmn",
                     '<bpmn:message id="msg_information_received" name="information_received"/>',
                     '<bpmn:message id="msg_information_received" name="report_filed"/>')
    assert "identification.bpmn: info_received: decoupled identification waits for the investigation's message " \
           "'report_filed'" in faults, faults


def test_a_path_to_the_decoupled_identification_through_the_prosecutor_is_refused(tmp_path: Path) -> None:
    """The sequential order this project had before the procedures ran side by side: non-punishment before
    identification, so identification waited for the prosecutor's answer. The check sees the wait inside
    the called process."""
    from processes.tools.bpmn_builder import Flow
    from processes.tools.model_intake import procedure

    p = procedure()
    p.flows = [f for f in p.flows if (f.source, f.target) != ("gw_ident", "call_identification")]
    p.flows.append(Flow("f_gw_ident_np_first", "gw_ident", "call_non_punishment", "ja", "True"))
    p.flows.append(Flow("f_np_ident", "call_non_punishment", "call_identification"))
    root = tmp_path / "processes"
    shutil.copytree(PROCESSES_DIR, root, ignore=shutil.ignore_patterns("__pycache__", "tools", "*.md", "*.svg"))
    (root / "procedure.bpmn").write_text(p.to_xml(), encoding="utf-8")
    faults = [f"{f.file}: {f.element_id}: {f.reason}" for f in SpecLibrary(root).validate_all(all_forms().has)]
    assert any(f.startswith("procedure.bpmn: call_non_punishment: on the way to the decoupled identification: calls "
                            "'non_punishment', which waits for the investigation's message 'prosecution_decision'")
               for f in faults), faults
