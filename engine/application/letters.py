"""Letters as the reader may see them: only letters delivered to her role (and, for a lawyer or
guardian, only when linked to the case). Every list and download is audited by engine.letter_reading."""
from __future__ import annotations

from engine.application.deps import Deps
from engine.case_parties import is_linked
from engine.clock import using_clock
from engine.errors import NotFound
from engine.letter_reading import LetterSummary, letter_pdf, letters_for_case
from engine.ports import Actor
from engine.store.db import UnitOfWork


def list_letters(deps: Deps, actor: Actor, case_id: int, missing_ok: bool = False) -> list[LetterSummary]:
    """The letters delivered to the actor, newest first; NotFound if there is none (or an empty list
    with `missing_ok`, for pages that list letters beside other things)."""
    with UnitOfWork(deps.sessions) as uow, using_clock(deps.clock):
        try:
            letters = letters_for_case(uow.session, case_id, actor.role, actor.user, linked=is_linked)
        except NotFound:
            if missing_ok:
                return []
            raise
        uow.commit()
        return letters


def download(deps: Deps, actor: Actor, case_id: int, letter_id: int) -> tuple[LetterSummary, bytes]:
    """The PDF exactly as issued, if it was delivered to the actor and belongs to this case."""
    with UnitOfWork(deps.sessions) as uow, using_clock(deps.clock):
        summary, pdf = letter_pdf(uow.session, letter_id, actor.role, actor.user, linked=is_linked)
        if summary.case_id != case_id:
            raise NotFound("no such letter")
        uow.commit()
        return summary, pdf
