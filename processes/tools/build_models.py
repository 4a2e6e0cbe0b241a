"""The procedure models, declared once and written to processes/ (and the variant overlays) with
diagram interchange. Names are Dutch (the language of the procedure); documentation is English.

Every term a timer uses is read from the case's `policy` (processes/policy.json and the variant's own
policy.json); no model contains a literal duration.

Run: python -m processes.tools.build_models
"""
from __future__ import annotations

from pathlib import Path

from processes.tools.model_eu import eu_shelter
from processes.tools.model_identification import (
    identification_current,
    identification_decoupled,
    identification_uk,
)
from processes.tools.model_intake import placement, police_offer, procedure, referral
from processes.tools.model_protection import (
    minors,
    non_punishment,
    non_punishment_current,
    objection,
    objection_reflection,
    objection_residence,
)
from processes.tools.model_residence import residence
from processes.tools.model_routing import ROUTING_ROWS, routing_dmn

ROOT = Path(__file__).resolve().parent.parent

__all__ = ["MODELS", "ROUTING_ROWS", "routing_dmn", "main"]

MODELS = {
    ROOT / "referral.bpmn": referral,
    ROOT / "procedure.bpmn": procedure,
    ROOT / "shelter_placement.bpmn": placement,
    ROOT / "police_offer.bpmn": police_offer,
    ROOT / "identification.bpmn": identification_current,
    ROOT / "variants" / "nl-decoupled" / "identification.bpmn": identification_decoupled,
    ROOT / "variants" / "uk-central" / "identification.bpmn": identification_uk,
    ROOT / "variants" / "uk-devolved" / "identification.bpmn": identification_uk,
    ROOT / "residence.bpmn": residence,
    ROOT / "minors.bpmn": minors,
    ROOT / "eu_shelter.bpmn": eu_shelter,
    ROOT / "non_punishment.bpmn": non_punishment_current,
    ROOT / "variants" / "nl-decoupled" / "non_punishment.bpmn": non_punishment,
    ROOT / "objection.bpmn": objection,
    ROOT / "objection_residence.bpmn": objection_residence,
    ROOT / "objection_reflection.bpmn": objection_reflection,
}


def main() -> None:
    for path, build in MODELS.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(build().to_xml(), encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT.parent)}")
    (ROOT / "routing.dmn").write_text(routing_dmn(), encoding="utf-8")
    print("wrote processes/routing.dmn")


if __name__ == "__main__":
    main()
