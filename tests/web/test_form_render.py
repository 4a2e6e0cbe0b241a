"""Forms generated from JSON Schema: widgets per type, typed parsing, lists of structured items
(indicators as fields, not free text), field errors in the user's language."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from forms.catalogue import all_forms
from web.form_render import form_fields, parse_submission, translate


def test_widgets_follow_the_schema() -> None:
    fields = {f.name: f for f in form_fields(all_forms().json_schema("reference.intake"), "nl")}
    assert fields["person_alias"].widget == "text" and fields["person_alias"].required
    assert fields["needs_review"].widget == "boolean"
    assert fields["signal_date"].widget == "date" and not fields["signal_date"].required
    assert fields["person_alias"].label == "Roepnaam (pseudoniem)"


def test_posted_strings_become_typed_data_and_unreadable_values_are_named() -> None:
    schema = all_forms().json_schema("reference.intake")
    data, errors = parse_submission(
        schema, MultiDict({"person_alias": "A.", "needs_review": "false", "signal_date": ""})
    )
    assert data == {"person_alias": "A.", "needs_review": False, "signal_date": None} and errors == {}
    _, errors = parse_submission(schema, MultiDict({"needs_review": "misschien"}))
    assert list(errors) == ["needs_review"]


def test_a_list_of_indicators_is_rows_of_fields() -> None:
    schema = all_forms().json_schema("panel.first_stage")
    [indicators] = [f for f in form_fields(schema, "en") if f.name == "indicators"]
    assert indicators.widget == "rows" and len(indicators.rows) == 2
    assert {f.name for f in indicators.rows[1]} >= {"indicators.1.code", "indicators.1.status"}
    posted = MultiDict(
        {
            "indicators.0.list_name": "",
            "indicators.1.list_name": "ilo_forced_labour",
            "indicators.1.code": "withholding_wages",
            "indicators.1.status": "reported_by_person",
            "indicators.1.source": "self",
            "indicators.1.weight": "strong",
            "outcome": "positive",
        }
    )
    data, errors = parse_submission(schema, posted)
    assert errors == {}
    assert data["indicators"] == [
        {
            "list_name": "ilo_forced_labour",
            "code": "withholding_wages",
            "status": "reported_by_person",
            "source": "self",
            "weight": "strong",
        }
    ]
    cleaned = all_forms().validate(
        "panel.first_stage",
        {**data, "threshold": "suspect_cannot_prove", "reasons": "Loon ingehouden, paspoort afgenomen."},
    )
    assert cleaned["indicators"][0]["code"] == "withholding_wages"


def test_reasons_are_translated_for_dutch_users() -> None:
    assert translate("Missing data for required field.", "nl") == "Dit veld is verplicht."
    assert translate("Must be one of: positive, negative.", "nl") == "Kies een van: positive, negative."
    assert translate("Missing data for required field.", "en") == "Missing data for required field."
