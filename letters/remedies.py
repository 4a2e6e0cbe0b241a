"""The legal remedies a letter names: objection or appeal with its statutory term, or why none is open.
Keyed by the `remedy` of each decision type in letters.catalogue."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping


@dataclass(frozen=True)
class Remedy:
    """A legal remedy and its term. ``term`` is an ISO-8601 duration counted from the day after the
    letter is sent (Awb art. 6:8), ending on a weekday that is no holiday (Algemene termijnenwet)."""

    kind: str  # objection | appeal | none
    term: str | None = None
    source: str = ""
    reason_none_nl: str = ""
    reason_none_en: str = ""


REMEDIES: Mapping[str, Remedy] = MappingProxyType(
    {
        # Awb art. 6:7: six weeks for objection and appeal. The terms equal the policy values
        # objection_term_awb / objection_term_vw / appeal_term_awb / appeal_term_vw (a test keeps them so).
        "objection_awb": Remedy("objection", "P6W", "art. 6:7 Algemene wet bestuursrecht"),
        # Vw 2000 art. 69 lid 1 derogates from Awb 6:7: four weeks for decisions under the Aliens Act.
        "objection_vw": Remedy("objection", "P4W", "art. 69, eerste lid, Vreemdelingenwet 2000"),
        "appeal_awb": Remedy("appeal", "P6W", "art. 6:7 Algemene wet bestuursrecht"),
        "appeal_vw": Remedy("appeal", "P4W", "art. 69, eerste lid, Vreemdelingenwet 2000"),
        "none_advice": Remedy(
            "none",
            source="art. 1:3 en 8:1 Algemene wet bestuursrecht",
            reason_none_nl=(
                "Dit is een advies aan het Openbaar Ministerie en geen besluit in de zin van "
                "artikel 1:3 van de Algemene wet bestuursrecht. Tegen een advies staat daarom geen "
                "bezwaar of beroep open. Het Openbaar Ministerie beslist zelf en moet gemotiveerd "
                "aangeven waarom het afwijkt als het dit advies niet volgt."
            ),
            reason_none_en=(
                "This is advice to the Public Prosecution Service, not a decision within the "
                "meaning of article 1:3 of the General Administrative Law Act, so no objection or "
                "appeal is possible. The Public Prosecution Service decides and must give reasons "
                "if it departs from this advice."
            ),
        ),
        # A variant may make the panel's outcome advice to the IND instead of a decision (policy value
        # panel_outcome = "advice"); the remedy then lies against the IND's decision, not the advice.
        "none_panel_advice": Remedy(
            "none",
            source="art. 1:3 en 8:1 Algemene wet bestuursrecht",
            reason_none_nl=(
                "Dit is een advies van het panel aan de Immigratie- en Naturalisatiedienst (IND) en "
                "geen besluit in de zin van artikel 1:3 van de Algemene wet bestuursrecht. Tegen dit "
                "advies kunt u daarom geen bezwaar maken. U kunt wel bezwaar maken tegen het besluit dat "
                "de IND op grond van dit advies neemt; hoe dat moet, staat in dat besluit."
            ),
            reason_none_en=(
                "This is the panel's advice to the Immigration and Naturalisation Service (IND), not a "
                "decision within the meaning of article 1:3 of the General Administrative Law Act, so you "
                "cannot object to it. You can object to the decision the IND takes on the basis of this "
                "advice, as explained in that decision."
            ),
        ),
        "none_factual": Remedy(
            "none",
            source="art. 1:3 en hoofdstuk 9 Algemene wet bestuursrecht",
            reason_none_nl=(
                "Deze brief bevestigt wat er is gebeurd; het is geen besluit in de zin van artikel "
                "1:3 van de Algemene wet bestuursrecht. Bezwaar is daarom niet mogelijk. Bent u niet "
                "tevreden over hoe u bent behandeld, dan kunt u een klacht indienen (hoofdstuk 9 "
                "Algemene wet bestuursrecht)."
            ),
            reason_none_en=(
                "This letter confirms what has happened; it is not a decision within the meaning of "
                "article 1:3 of the General Administrative Law Act, so no objection is possible. If "
                "you are unhappy with how you were treated, you can make a complaint (chapter 9 of "
                "that Act)."
            ),
        ),
        "none_notice": Remedy(
            "none",
            source="art. 1:3 Algemene wet bestuursrecht",
            reason_none_nl=(
                "Deze kennisgeving is zelf geen besluit; bezwaar ertegen is niet mogelijk. Tegen het "
                "besluit waarover deze kennisgeving gaat, kunt u als voogd namens het kind bezwaar "
                "maken zoals in dat besluit staat."
            ),
            reason_none_en=(
                "This notice is not itself a decision, so no objection against it is possible. As "
                "guardian you can object on the child's behalf to the decision it concerns, as "
                "explained in that decision."
            ),
        ),
    }
)
