"""Issuing is an engine step: a decision's letter is rendered once, kept byte for byte with its SHA-256,
logged, and delivered only to the inboxes allowed to receive it. Re-issue makes a new version."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest
from sqlalchemy import func, select

from engine.cases import CaseEngine
from engine.errors import NotFound, ValidationFailed
from engine.letter_issuing import case_data_loader, make_letter_issuer, reissue_letter
from engine.letter_reading import letter_pdf, letters_for_case
from engine.ports import Actor
from engine.store.db import UnitOfWork
from engine.store.tables import Case, Letter, LetterDelivery
from letters.render import check_letter, render_letter
from tests.letters.conftest import LAWYER, case_data, pdf_text

REASONS = "Het panel heeft de verklaringen en de documenten van de arbeidsinspectie gewogen."


def decide(
    cases: CaseEngine,
    panel: Actor,
    coordinator: Actor,
    outcome: str = "positive",
    data: dict[str, Any] | None = None,
) -> int:
    view = cases.start_case("letter_decision", data or case_data(), coordinator)
    cases.complete_task(view.id, view.tasks[0].id, {"outcome": outcome, "reasons": REASONS}, panel)
    return view.id


def letters_of(cases: CaseEngine, case_id: int) -> list[Letter]:
    with cases.sessions() as session:
        rows = session.scalars(select(Letter).where(Letter.case_id == case_id).order_by(Letter.id)).all()
        session.expunge_all()
        return list(rows)


def test_a_decision_issues_its_letter_once_with_hash_event_and_deliveries(
    issuing_cases: CaseEngine, panel_member: Actor, coordinator: Actor
) -> None:
    case_id = decide(issuing_cases, panel_member, coordinator)
    [letter] = letters_of(issuing_cases, case_id)
    assert letter.letter_type == "identification_final_positive" and letter.version == 1
    assert letter.sha256 == hashlib.sha256(letter.pdf).hexdigest() and letter.size == len(letter.pdf)
    assert letter.objection_deadline == dt.date(2026, 2, 16)  # sent Monday 5 January 2026 + six weeks
    text = pdf_text(letter.pdf)
    assert REASONS in text and "maandag 16 februari 2026" in text  # reasons from the decision task
    events = [e for e in issuing_cases.events(case_id) if e["kind"] == "letter_issued"]
    assert len(events) == 1 and events[0]["details"]["sha256"] == letter.sha256
    with issuing_cases.sessions() as session:
        roles = {
            d.role
            for d in session.scalars(select(LetterDelivery).where(LetterDelivery.letter_id == letter.id))
        }
    assert roles == {"coordinator", "panel", "ind", "lawyer"}
    assert not roles & {"police", "prosecutor"}


def test_the_same_decision_thrown_again_issues_nothing_new(
    issuing_cases: CaseEngine, panel_member: Actor, coordinator: Actor
) -> None:
    case_id = decide(issuing_cases, panel_member, coordinator)
    [letter] = letters_of(issuing_cases, case_id)
    issuer = make_letter_issuer(render_letter, case_data_loader(issuing_cases.library), check_letter)
    with UnitOfWork(issuing_cases.sessions) as uow:
        case = uow.session.get(Case, case_id)
        issuer(
            uow.session,
            case,
            {"letter_type": letter.letter_type, "decision_id": "final", "case_reference": case.reference},
            issuing_cases.clock.now(),
            panel_member,
        )
        uow.commit()
    assert [x.id for x in letters_of(issuing_cases, case_id)] == [letter.id]


def test_reissue_creates_version_two_and_keeps_version_one_byte_identical(
    issuing_cases: CaseEngine, panel_member: Actor, coordinator: Actor, clock: Any
) -> None:
    case_id = decide(issuing_cases, panel_member, coordinator)
    [v1] = letters_of(issuing_cases, case_id)
    clock.advance(dt.timedelta(days=3))
    new_id = reissue_letter(
        issuing_cases.sessions,
        v1.id,
        render_letter,
        case_data_loader(issuing_cases.library),
        clock.now(),
        coordinator,
        reason="adres van de advocaat gecorrigeerd",
    )
    first, second = letters_of(issuing_cases, case_id)
    assert (first.id, first.version, second.id, second.version) == (v1.id, 1, new_id, 2)
    assert first.pdf == v1.pdf and hashlib.sha256(first.pdf).hexdigest() == v1.sha256
    assert second.supersedes_id == v1.id and second.sha256 != v1.sha256
    assert second.sent_on == dt.date(2026, 1, 8) and second.objection_deadline == dt.date(2026, 2, 19)
    with issuing_cases.sessions() as session:
        summaries = letters_for_case(session, case_id, "coordinator", "coco")
    assert [(s.version, s.superseded) for s in summaries] == [(2, False), (1, True)]


def test_an_issued_letter_cannot_be_changed(
    issuing_cases: CaseEngine, panel_member: Actor, coordinator: Actor
) -> None:
    case_id = decide(issuing_cases, panel_member, coordinator)
    with pytest.raises(ValueError, match="never changed"), UnitOfWork(issuing_cases.sessions) as uow:
        letter = uow.session.scalar(select(Letter).where(Letter.case_id == case_id))
        letter.pdf = b"%PDF- forged"
        uow.flush()
    [letter] = letters_of(issuing_cases, case_id)
    assert letter.pdf != b"%PDF- forged"


@pytest.mark.parametrize(
    "role, user",
    [
        ("police", "pol1"),
        ("prosecutor", "ovj1"),
        ("lawyer", "other-lawyer"),
        ("guardian", "svisser"),
        ("policy", "pm1"),
        (None, "x"),
        ("panel", None),
    ],
)
def test_a_viewer_not_allowed_gets_not_found(
    issuing_cases: CaseEngine, panel_member: Actor, coordinator: Actor, role: str | None, user: str | None
) -> None:
    """Police never receive identification letters; a lawyer sees only her own client's letters."""
    case_id = decide(issuing_cases, panel_member, coordinator)
    [letter] = letters_of(issuing_cases, case_id)
    with issuing_cases.sessions() as session:
        with pytest.raises(NotFound):
            letters_for_case(session, case_id, role, user)
        with pytest.raises(NotFound):
            letter_pdf(session, letter.id, role, user)


@pytest.mark.parametrize(
    "role, user", [("coordinator", "coco"), ("panel", "pim"), ("ind", "ind1"), ("lawyer", LAWYER["username"])]
)
def test_an_allowed_viewer_gets_the_stored_bytes_and_the_read_is_audited(
    issuing_cases: CaseEngine, panel_member: Actor, coordinator: Actor, role: str, user: str
) -> None:
    case_id = decide(issuing_cases, panel_member, coordinator)
    [letter] = letters_of(issuing_cases, case_id)
    with UnitOfWork(issuing_cases.sessions) as uow:
        assert [s.id for s in letters_for_case(uow.session, case_id, role, user)] == [letter.id]
        summary, pdf = letter_pdf(uow.session, letter.id, role, user)
        uow.commit()
    assert pdf == letter.pdf and summary.sha256 == letter.sha256
    kinds = [(e["kind"], e["actor"]) for e in issuing_cases.events(case_id)]
    assert ("letter_downloaded", user) in kinds and ("letters_listed", user) in kinds


def test_a_lawyer_linked_to_the_case_reads_letters_addressed_to_the_role(
    issuing_cases: CaseEngine, panel_member: Actor, coordinator: Actor
) -> None:
    """Without a username in the case data the delivery is to the role; the link decides who reads."""
    data = case_data()
    del data["lawyer"]["username"]
    case_id = decide(issuing_cases, panel_member, coordinator, data=data)
    [letter] = letters_of(issuing_cases, case_id)
    linked = lambda session, cid, role, user: (cid, role, user) == (case_id, "lawyer", "new-lawyer")
    with issuing_cases.sessions() as session:
        assert letter_pdf(session, letter.id, "lawyer", "new-lawyer", linked)[1] == letter.pdf
        with pytest.raises(NotFound):
            letter_pdf(session, letter.id, "lawyer", "someone-else", linked)
        with pytest.raises(NotFound):
            letter_pdf(session, letter.id, "lawyer", "new-lawyer")  # no link check: default deny


def test_a_decision_whose_letter_lacks_data_changes_nothing(
    issuing_cases: CaseEngine, panel_member: Actor, coordinator: Actor
) -> None:
    """A person without a name cannot be written to: the decision is refused, the task stays open."""
    view = issuing_cases.start_case("letter_decision", {"lawyer": LAWYER}, coordinator)
    with pytest.raises(ValidationFailed) as error:
        issuing_cases.complete_task(
            view.id, view.tasks[0].id, {"outcome": "negative", "reasons": REASONS}, panel_member
        )
    assert "case.legal_name" in error.value.errors
    after = issuing_cases.get_case(view.id)
    assert [t.name for t in after.tasks] == ["decide"] and after.version == view.version
    with issuing_cases.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Letter)) == 0


def test_with_a_link_check_a_role_inbox_is_read_only_by_users_linked_to_the_case(
    issuing_cases: CaseEngine, panel_member: Actor, coordinator: Actor
) -> None:
    """A panel member not assigned to the case does not read its letters, though the panel inbox got one."""
    case_id = decide(issuing_cases, panel_member, coordinator)
    [letter] = letters_of(issuing_cases, case_id)
    linked = lambda session, cid, role, user: (role, user) in {("panel", "pim"), ("coordinator", "coco")}
    with issuing_cases.sessions() as session:
        assert letter_pdf(session, letter.id, "panel", "pim", linked)[1] == letter.pdf
        assert letter_pdf(session, letter.id, "coordinator", "coco", linked)[1] == letter.pdf
        with pytest.raises(NotFound):
            letter_pdf(session, letter.id, "panel", "unassigned-member", linked)
        with pytest.raises(NotFound):
            letters_for_case(
                session, case_id, "police", "pol1", lambda *a: True
            )  # no delivery to police at all


def test_without_a_decision_id_a_later_decision_with_the_same_content_gets_its_own_letter(
    issuing_cases: CaseEngine, panel_member: Actor, coordinator: Actor
) -> None:
    case_id = decide(issuing_cases, panel_member, coordinator)
    issuer = make_letter_issuer(render_letter, case_data_loader(issuing_cases.library), check_letter)
    payload = {"letter_type": "identification_final_negative", "reasons": REASONS}
    for _ in range(2):  # the same throw twice in one state change: one letter
        with UnitOfWork(issuing_cases.sessions) as uow:
            case = uow.session.get(Case, case_id)
            issuer(uow.session, case, dict(payload), issuing_cases.clock.now(), panel_member)
            issuer(uow.session, case, dict(payload), issuing_cases.clock.now(), panel_member)
            case.updated_at = issuing_cases.clock.now() + dt.timedelta(
                seconds=1
            )  # a state change: new version
            uow.commit()
    assert issuer.recover(issuing_cases.sessions) == 2  # recorded as due; issued after the commit
    negatives = [
        x for x in letters_of(issuing_cases, case_id) if x.letter_type == "identification_final_negative"
    ]
    assert len(negatives) == 2 and len({x.decision_key for x in negatives}) == 2
