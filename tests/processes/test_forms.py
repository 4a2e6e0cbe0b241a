"""The procedure's forms: every user task and message has one, every field is labelled in Dutch and
English, and the rules that protect the panel's independence hold at the form."""
from __future__ import annotations

import pytest

from engine.errors import ValidationFailed
from forms import coordinator, guardian, ind, lawyer, messages, panel, police
from forms.catalogue import all_forms
from tests.processes.steps import MEMBERS

PROCEDURE_FORMS = {**coordinator.SCHEMAS, **panel.SCHEMAS, **ind.SCHEMAS, **police.SCHEMAS, **guardian.SCHEMAS,
                   **lawyer.SCHEMAS, **messages.SCHEMAS}


@pytest.mark.parametrize("key", sorted(PROCEDURE_FORMS))
def test_every_field_has_a_dutch_and_english_label(key: str) -> None:
    schema = all_forms().json_schema(key)
    for name, prop in schema["properties"].items():
        assert set(prop.get("x-label", {})) == {"nl", "en"}, f"{key}.{name}"


def test_police_may_inform_the_panel_but_never_vote() -> None:
    forms = all_forms()
    voting_police = [*MEMBERS[:-1], {"name": "Rechercheur Kok", "role": "police_liaison", "voting": True}]
    with pytest.raises(ValidationFailed) as caught:
        forms.validate("panel.compose", {"panel_members": voting_police})
    assert any("police and prosecution never vote" in m for m in caught.value.errors["panel_members.4"])


def test_whoever_investigates_the_case_cannot_sit_on_its_panel() -> None:
    investigator = {"name": "Rechercheur Kok", "role": "police_liaison", "voting": False, "investigates_case": True}
    with pytest.raises(ValidationFailed) as caught:
        all_forms().validate("panel.compose", {"panel_members": [*MEMBERS[:-1], investigator]})
    assert "panel_members.4" in caught.value.errors


def test_an_indicator_is_structured_not_free_text() -> None:
    with pytest.raises(ValidationFailed) as caught:
        all_forms().validate("panel.first_stage", {"indicators": [{"code": "debt_bondage", "weight": "very strong"}],
                                                   "threshold": "suspect_cannot_prove", "outcome": "positive",
                                                   "reasons": "Schuld bij werkgever."})
    assert {"indicators.0.weight", "indicators.0.status", "indicators.0.source", "indicators.0.list_name"} <= set(caught.value.errors)
