"""Letters as the reader may see them: only letters delivered to her role (and, for a lawyer or
guardian, only when linked to the case). Every list and download is audited by engine.letter_issuing."""

from __future__ import annotations

from typing import Any

from engine.clock import using_clock
from engine.errors import NotFound
from engine.letter_issuing import LetterSummary, letter_pdf, letters_for_case
from engine.policy.parties import is_linked
from engine.ports import Actor
from engine.store.db import UnitOfWork


def summary_dict(letter: LetterSummary) -> dict[str, Any]:
    return {
        "id": letter.id,
        "letter_type": letter.letter_type,
        "version": letter.version,
        "sha256": letter.sha256,
        "size": letter.size,
        "decided_on": letter.decided_on,
        "sent_on": letter.sent_on,
        "objection_deadline": letter.objection_deadline,
        "issued_at": letter.issued_at,
        "superseded": letter.superseded,
    }


def list_letters(services: Any, case_id: int, actor: Actor, missing_ok: bool = False) -> list[LetterSummary]:
    with UnitOfWork(services.sessions) as uow, using_clock(services.clock):
        try:
            letters = letters_for_case(uow.session, case_id, actor.role, actor.user, linked=is_linked)
        except NotFound:
            if missing_ok:
                return []
            raise
        uow.commit()
        return letters


def download(services: Any, case_id: int, letter_id: int, actor: Actor) -> tuple[LetterSummary, bytes]:
    with UnitOfWork(services.sessions) as uow, using_clock(services.clock):
        summary, pdf = letter_pdf(uow.session, letter_id, actor.role, actor.user, linked=is_linked)
        if summary.case_id != case_id:
            raise NotFound("no such letter")
        uow.commit()
        return summary, pdf
