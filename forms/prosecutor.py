"""Forms filled in by the public prosecutor in the current procedure: the non-punishment assessment that the
officier van justitie makes himself at the prosecution decision (Aanwijzing mensenhandel 2022A002)."""
from __future__ import annotations

from forms.fields import choice
from forms.panel import NonPunishment

PROSECUTION_OUTCOMES = ["no_prosecution", "sepot", "prosecute", "summons", "transaction"]


class ProsecutorNonPunishment(NonPunishment):
    """The checklist of the brief (section 4.2) as the prosecutor records it, with the prosecution decision;
    F1 is the non-punishment ground the decision rests on and F2 its reasons."""

    prosecution_outcome = choice(PROSECUTION_OUTCOMES, "Vervolgingsbeslissing", "Prosecution decision")


SCHEMAS = {"prosecutor.non_punishment": ProsecutorNonPunishment}
