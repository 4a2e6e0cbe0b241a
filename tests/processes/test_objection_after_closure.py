"""An objection received after the case closed (issue 9 item 13): the case reopens with the objection
procedure of the decision objected to, as a new procedure of the same case. Posted in time (art. 6:9 lid 2
Awb) or excusably late (art. 6:11 Awb) it is acknowledged (art. 6:14 Awb), heard and decided; otherwise it
is declared inadmissible with its own letter. Only the person's lawyer and the coordinator may lodge it;
the reopening is in the audit log; the reopened procedure's timers fire once; the case is on the worklists
again."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import Engine, func, select

from engine.access.rules import decide
from engine.case_reopening import objectable_letters
from engine.cases import CaseEngine
from engine.clock import VirtualClock
from engine.errors import InvalidTransition, ValidationFailed
from engine.legal_values import load_policy
from engine.letter_issuing import case_data_loader, make_letter_issuer
from engine.ports import Actor
from engine.queries.worklists import worklist
from engine.retention import expiry, run_retention
from engine.specs import SpecLibrary
from engine.store.db import session_factory
from engine.store.tables import Case, CaseParty, ClosedWorkflow, Letter, OpenTask
from forms.catalogue import all_forms
from letters.render import check_letter, render_letter
from tests.letters.conftest import pdf_text
from tests.processes.scenario import Scenario
from tests.processes.test_objection import _negative_decision_sent_on

UTC = dt.timezone.utc
LAWYER = Actor("lawyer-1", frozenset({"lawyer"}), "lawyer", purpose="objection")
GROUNDS = "Dwang onvoldoende gewogen; nieuwe verklaring van de cliënte."


@pytest.fixture
def issuing(db_engine: Engine, library: SpecLibrary, clock: VirtualClock) -> CaseEngine:
    """The scenarios with the real letter issuer, so the letters exist as rows (the objection names one)."""
    outbox = {"issue_letter": make_letter_issuer(render_letter, case_data_loader(library), check_letter)}
    return CaseEngine(session_factory(db_engine), library, clock, all_forms(), policy_loader=load_policy,
                      outbox_handlers=outbox)


def _closed(cases: CaseEngine, clock: VirtualClock) -> tuple[Scenario, Letter]:
    """A Dutch adult's negative final decision sent on Saturday 18 April 2026: the 6-week objection term
    ends on Monday 1 June (Atw), the late window (policy late_objection_window, 2 weeks) on 15 June; on 22
    June the case is closed."""
    s = _negative_decision_sent_on(cases, clock, dt.date(2026, 4, 18))
    s.advance_to(dt.datetime(2026, 6, 22, 9, 0, tzinfo=UTC))
    assert s.case.status == "completed" and s.case.data["objection_status"] == "final"
    with cases.sessions() as session:
        [letter] = objectable_letters(session, s.case_id)
        session.expunge(letter)
    assert letter.letter_type == "identification_final_negative" and letter.objection_deadline == dt.date(2026, 6, 1)
    return s, letter


def _letter_text(cases: CaseEngine, case_id: int, letter_type: str) -> str:
    with cases.sessions() as session:
        pdf = session.scalars(select(Letter.pdf).where(Letter.case_id == case_id, Letter.letter_type == letter_type)
                              .order_by(Letter.id.desc())).first()
    assert pdf is not None, f"no {letter_type} letter"
    return pdf_text(pdf)


def test_an_excusably_late_objection_after_closure_reopens_the_case_and_is_decided(issuing, clock) -> None:
    s, letter = _closed(issuing, clock)
    with issuing.sessions() as session:
        session.add(CaseParty(case_id=s.case_id, username="panel-1", kind="panel", linked_by="coco",
                              linked_at=clock.now()))
        session.commit()
        assert not worklist(session, "panel-1", ["panel"], clock.now()), "a closed case is on no worklist"

    view = issuing.reopen_for_objection(s.case_id, letter.id, {"lodged_on": "2026-06-22", "grounds": GROUNDS}, LAWYER)
    assert view.status == "running" and view.completed_at is None
    assert view.process_id == "objection" and [t.name for t in view.tasks] == ["objection_lateness"]
    assert view.data["objection_status"] == "late" and view.data["objection_posted_in_time"] is False
    assert view.data["objection_term_ends"] == "2026-06-01" and view.data["case_reference"] == s.case.reference
    assert view.data["residence_status"] == "dutch", "the reopened case keeps its facts"
    # the legal values it started under come with its row, not as the new procedure's task data
    with issuing.sessions() as session:
        state, values = session.execute(select(Case.state, Case.legal_values).where(Case.id == s.case_id)).one()
    assert values and view.data["policy"] == values
    doc = json.loads(state)
    assert not any("policy" in t["data"] or "policy" in (t["delta"] or {}).get("updates", {})
                   for wf in (doc, *doc["subprocesses"].values()) for t in wf["tasks"].values())
    with issuing.sessions() as session:
        items = worklist(session, "panel-1", ["panel"], clock.now())
        assert [(i.case_id, i.title) for i in items] == [(s.case_id, "Termijnoverschrijding beoordelen")]
        assert session.scalar(select(func.count()).select_from(ClosedWorkflow)
                              .where(ClosedWorkflow.case_id == s.case_id)) == 1
    [reopened] = [e for e in s.events() if e["kind"] == "case_reopened"]
    assert (reopened["actor"], reopened["role"]) == ("lawyer-1", "lawyer")
    assert reopened["details"]["letter"] == letter.id and reopened["details"]["closed_process"] == "procedure"
    assert reopened["details"]["message"] == "objection_lodged" and reopened["details"]["data_hash"]

    s.do("objection_lateness", {"excusable": True, "reasons": "Opgenomen in het ziekenhuis tijdens de termijn."})
    assert s.decisions()[-1] == ("objection_admissibility", "excusable")
    [ack] = s.letter_payloads("objection_acknowledgement")
    # 6 weeks from the day after the objection term ended on 1 June (art. 7:10 lid 1 Awb)
    assert ack["objection_decision_due_on"] == "2026-07-13" and ack["objection_lodged_on"] == "2026-06-22"
    text = _letter_text(issuing, s.case_id, "objection_acknowledgement")
    assert "ontvangen op 22 juni 2026" in text and "art. 6:14, eerste lid, Algemene wet bestuursrecht" in text
    s.advance_to(dt.datetime(2026, 7, 6, 9, 0, tzinfo=UTC))
    s.do("objection_hearing", {"heard_on": "2026-07-06", "waived": False, "notes": "Gehoord met advocaat."})
    assert s.timer_due("Beslistermijn bezwaar verstreken") == dt.date(2026, 7, 13)

    s.advance_to(dt.datetime(2026, 7, 14, 9, 0, tzinfo=UTC))
    s.advance_to(dt.datetime(2026, 7, 20, 9, 0, tzinfo=UTC))  # a second pass of the worker fires nothing again
    assert s.fired().count("Beslistermijn bezwaar verstreken") == 1, "the reopened procedure's timer fires once"
    assert s.ready() == ["objection_decision", "objection_overdue"]
    s.do("objection_decision", {"outcome": "upheld", "reasons": "Nieuwe verklaring maakt dwang aannemelijk."})
    assert s.decisions()[-1] == ("objection", "upheld")
    assert s.letters()[-2:] == ["objection_acknowledgement", "objection_decision"]
    assert "gegrond" in _letter_text(issuing, s.case_id, "objection_decision")


def test_a_late_objection_after_closure_that_is_not_excusable_is_inadmissible_with_its_own_letter(issuing, clock) -> None:
    s, letter = _closed(issuing, clock)
    coordinator = Actor("coco", frozenset({"coordinator"}), "coordinator", purpose="objection")
    issuing.reopen_for_objection(s.case_id, letter.id, {"lodged_on": "2026-06-22", "posted_on": "2026-06-19",
                                                        "grounds": GROUNDS}, coordinator)
    s.do("objection_lateness", {"excusable": False, "reasons": "Geen reden aangevoerd voor de late indiening."})
    case = s.case
    assert case.status == "completed" and case.data["objection_status"] == "inadmissible"
    assert s.decisions()[-1] == ("objection_admissibility", "not_excusable")
    assert s.letters()[-1] == "objection_decision" and "objection_acknowledgement" not in s.letters()
    text = _letter_text(issuing, s.case_id, "objection_decision")
    assert "Wij verklaren uw bezwaar niet-ontvankelijk." in text
    assert "art. 6:9, tweede lid, en art. 6:11 Algemene wet bestuursrecht" in text
    assert [e["kind"] for e in s.events()].count("case_completed") == 2

    # closed again, the case is purged after the retention term with the workflow it closed with before
    completed_at = s.case.completed_at
    assert completed_at is not None
    clock.set(expiry(completed_at, load_policy("nl-decoupled")["case_retention"]) + dt.timedelta(seconds=1))
    purged = run_retention(issuing.sessions, clock.now(), load_policy, Actor.system("cli:operator", purpose="retention"))
    assert [e.case_id for e in purged] == [s.case_id]
    with issuing.sessions() as session:
        assert not session.scalars(select(ClosedWorkflow).where(ClosedWorkflow.case_id == s.case_id)).all()


def test_an_objection_posted_in_time_and_received_after_closure_is_taken_in(issuing, clock) -> None:
    """Art. 6:9 lid 2 Awb: posted on the term's last day (1 June), received within the week after."""
    s = _negative_decision_sent_on(issuing, clock, dt.date(2026, 4, 18))
    s.advance_to(dt.datetime(2026, 6, 16, 9, 0, tzinfo=UTC))  # the window ends on 15 June (policy P2W)
    assert s.case.status == "completed"
    with issuing.sessions() as session:
        [letter] = objectable_letters(session, s.case_id)
    view = issuing.reopen_for_objection(s.case_id, letter.id, {"lodged_on": "2026-06-05", "posted_on": "2026-06-01",
                                                               "grounds": GROUNDS}, LAWYER)
    assert view.data["objection_posted_in_time"] is True


def test_only_a_closed_case_reopens_and_only_on_a_decision_open_to_objection(issuing, clock) -> None:
    s = _negative_decision_sent_on(issuing, clock, dt.date(2026, 4, 18))
    with issuing.sessions() as session:
        [letter] = objectable_letters(session, s.case_id)
        other = session.scalar(select(Letter.id).where(Letter.case_id == s.case_id,
                                                       Letter.letter_type == "referral_acknowledgement"))
    with pytest.raises(InvalidTransition):
        issuing.reopen_for_objection(s.case_id, letter.id, {"lodged_on": s.today(), "grounds": GROUNDS}, LAWYER)
    s.advance_to(dt.datetime(2026, 6, 22, 9, 0, tzinfo=UTC))
    with pytest.raises(ValidationFailed) as refused:
        issuing.reopen_for_objection(s.case_id, other, {"lodged_on": "2026-06-22", "grounds": GROUNDS}, LAWYER)
    assert "letter_id" in refused.value.errors
    with pytest.raises(ValidationFailed):  # the objection's own form: grounds are required
        issuing.reopen_for_objection(s.case_id, letter.id, {"lodged_on": "2026-06-22"}, LAWYER)
    assert s.case.status == "completed" and "case_reopened" not in [e["kind"] for e in s.events()]


@pytest.mark.parametrize(("roles", "links", "status", "allowed"), [
    ({"lawyer"}, {"lawyer"}, "completed", True),
    ({"coordinator"}, set(), "completed", True),
    ({"lawyer"}, set(), "completed", False),  # not the client's lawyer
    ({"guardian"}, {"guardian"}, "completed", False),
    ({"panel"}, {"panel"}, "completed", False),
    ({"lawyer"}, {"lawyer"}, "running", False),  # a running case takes the objection as a message
])
def test_who_may_lodge_an_objection_after_closure(roles, links, status, allowed) -> None:
    assert decide("objection.after_closure", roles, frozenset(links), status).allowed is allowed


def test_reopened_case_has_its_open_task_rows(issuing, clock) -> None:
    s, letter = _closed(issuing, clock)
    issuing.reopen_for_objection(s.case_id, letter.id, {"lodged_on": "2026-06-22", "grounds": GROUNDS}, LAWYER)
    with issuing.sessions() as session:
        rows = session.scalars(select(OpenTask.name).where(OpenTask.case_id == s.case_id)).all()
    assert rows == ["objection_lateness"]


def test_every_decision_an_objection_after_closure_may_concern_has_its_procedure_in_every_variant(library) -> None:
    """The routes of engine.case_reopening agree with the letters and the models: the letter type is open to
    objection, the subject the models pass maps back to that letter type (what the objection letters name),
    and every variant that runs cases holds the objection procedure."""
    from engine.case_reopening import OBJECTION_AFTER_CLOSURE
    from engine.legal_values import runs_cases
    from letters.catalogue import decision_type
    from letters.payload import resolve

    for letter_type, route in OBJECTION_AFTER_CLOSURE.items():
        assert decision_type(letter_type).remedy_rule.kind == "objection", letter_type
        objected = resolve("objection_decision", {"subject": route.subject}, {})["objected_letter_type"]
        assert objected == letter_type, (route.subject, objected)
        for variant in library.variants:
            if runs_cases(variant, library.root):
                assert route.process_id in library.current(variant).process_ids, (variant, route.process_id)


def test_a_case_reopened_on_newer_models_keeps_its_own_legal_values_and_takes_only_the_missing_ones(
        issuing, clock) -> None:
    """A case that started before a legal value existed (here: the objection's postal receipt term and the
    extension of the decision term are gone from its values, its decision term is 8 weeks): reopened on
    the current models, it keeps its own 8 weeks and takes the current value only for the names it
    lacks; the audit record says which."""
    s, letter = _closed(issuing, clock)
    with issuing.sessions() as session:
        case = session.get(Case, s.case_id)
        own = dict(case.legal_values)
        for name in ("objection_postal_receipt", "objection_decision_extension"):
            own.pop(name)
        own["objection_decision"] = {**own["objection_decision"], "term": "P8W"}
        case.legal_values = own
        session.commit()
    view = issuing.reopen_for_objection(s.case_id, letter.id, {"lodged_on": "2026-06-22", "grounds": GROUNDS}, LAWYER)
    assert [t.name for t in view.tasks] == ["objection_lateness"]
    with issuing.sessions() as session:
        values = session.get(Case, s.case_id).legal_values
    current = load_policy("nl-decoupled")
    assert values["objection_decision"]["term"] == "P8W", "the case keeps the value it started under"
    assert values["objection_postal_receipt"] == current["objection_postal_receipt"]
    assert values["objection_decision_extension"] == current["objection_decision_extension"]
    [reopened] = [e for e in s.events() if e["kind"] == "case_reopened"]
    assert reopened["details"]["legal_values_added"] == ["objection_decision_extension", "objection_postal_receipt"]
    s.do("objection_lateness", {"excusable": True, "reasons": "Opgenomen in het ziekenhuis tijdens de termijn."})
    [ack] = s.letter_payloads("objection_acknowledgement")
    # its own 8 weeks from the day after the objection term ended on 1 June
    assert ack["objection_decision_due_on"] == "2026-07-27"
