"""Forms filled in by police or KMar: the indication (and the offer or refusal of the reflection period),
and the handling of an objection against that refusal."""
from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, post_load, validates_schema

from forms.fields import choice, day, flag, text
from forms.panel import Escalation, ObjectionDecision, ObjectionHearing, ObjectionLateness


class Indication(Schema):
    indication = flag("Geringste aanwijzing van mensenhandel", "Slightest indication of trafficking",
                      help_nl="Vc 2000 B8/3: bij de geringste aanwijzing wordt bedenktijd aangeboden.",
                      help_en="Vc 2000 B8/3: the reflection period is offered at the slightest indication.")
    offered_by = choice(["police", "kmar"], "Aangeboden door", "Offered by",
                        help_nl="Wie de signalen beoordeelde en de bedenktijd aanbood of weigerde; die instantie "
                                "ondertekent de brief.",
                        help_en="Who assessed the signals and offered or refused the reflection period; that body "
                                "signs the letter.")
    offered_on = day("Aangeboden op", "Offered on",
                     help_nl="De dag van het aanbod, of van de beoordeling als er geen aanwijzing is.",
                     help_en="The day of the offer, or of the assessment when there is no indication.", past_only=True)
    reasons = text("Redenen", "Reasons", required=False,
                   help_nl="Verplicht als er geen aanwijzing is: de persoon krijgt ze in een brief.",
                   help_en="Required when there is no indication: the person receives them in a letter.")
    notes = text("Toelichting", "Notes", required=False)

    @validates_schema
    def reasons_for_no_indication(self, data: dict[str, Any], **_: Any) -> None:
        """A 'no indication' ends nothing silently: its reasons go to the person (issue 9 item 6)."""
        if data.get("indication") is False and not str(data.get("reasons") or "").strip():
            raise ValidationError(["verplicht als er geen aanwijzing is / required when there is no indication"],
                                  "reasons")

    @post_load
    def outcome(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        """The assessment is a decision (the offer or the refusal of the reflection period): its outcome goes
        to the decisions table like every other decision's."""
        data["outcome"] = "indication" if data.get("indication") else "no_indication"
        return data


SCHEMAS = {
    "police.indication": Indication,
    # the objection against the refusal of the reflection period, decided by the body that refused it
    # (issue 9 item 6): the same questions as any objection handling
    "police.objection_hearing": ObjectionHearing,
    "police.objection_decision": ObjectionDecision,
    "police.objection_lateness": ObjectionLateness,
    "police.escalation": Escalation,
}
