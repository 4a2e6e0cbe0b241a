"""Every decision type renders from a real case state, and the PDF says what the Awb requires: the
authority, the reference, the dates of decision and sending, the addressee, the decision, the legal
basis, and the remedy with the last day computed by the engine's deadline code (or why there is none)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from engine.cases import CaseEngine
from engine.deadlines import Rule, compute_deadline
from engine.letter_issuing import LetterRequest
from engine.ports import Actor
from letters.authorities import load_authorities
from letters.catalogue import CATALOGUE, LETTER_TYPES
from letters.context import build_context
from letters.formatting import nl_date, nl_weekday_date
from letters.remedies import REMEDIES
from letters.render import render_letter
from tests.letters.conftest import GUARDIAN, LAWYER, case_data, pdf_text

DECIDED = "2026-01-02"
REASONS = "Het panel heeft de verklaringen, het rapport van de hulpverlening en de documenten gewogen."
INDICATORS = [
    {"code": "retention_of_documents", "status": "documented", "source": "inspector"},
    {
        "code": "debt_bondage",
        "status": "reported_by_person",
        "source": "self",
        "note": "schuld van 4.000 euro",
    },
]

# letter type -> (decision payload, a phrase of the one-sentence decision that must appear)
PAYLOADS: dict[str, tuple[dict[str, Any], str]] = {
    "referral_acknowledgement": (
        {"placement": "COSM", "placement_on": "2026-01-03"},
        "bent geplaatst in de categorale opvang voor slachtoffers van mensenhandel (COSM)",
    ),
    "reflection_granted": (
        {"period_start": "2026-01-02", "term": "P90D"},
        "U krijgt bedenktijd van 2 januari 2026 tot en met 1 april 2026.",
    ),
    "reflection_refused": ({"reasons": REASONS}, "U krijgt geen bedenktijd."),
    "reflection_ended": (
        {"ended_on": "2026-01-04", "reasons": REASONS},
        "Uw bedenktijd eindigt op 4 januari 2026.",
    ),
    "identification_first_stage_positive": (
        {"indicators": INDICATORS, "final_decision_due": "2026-04-02"},
        "er aanwijzingen zijn dat u slachtoffer bent van mensenhandel",
    ),
    "identification_first_stage_negative": ({"reasons": REASONS}, "onvoldoende aanwijzingen"),
    "identification_final_positive": (
        {"reasons": REASONS, "indicators": INDICATORS, "exploitation": "labour"},
        "het aannemelijk is dat u slachtoffer bent van mensenhandel",
    ),
    "identification_final_negative": ({"reasons": REASONS}, "het niet aannemelijk is dat u slachtoffer bent"),
    "non_punishment_advice": (
        {"advice": "sepot", "offence": "diefstal (art. 310 Sr)", "reasons": REASONS},
        "Het panel adviseert u de zaak te seponeren",
    ),
    "residence_granted": (
        {"valid_until": "2027-01-01", "ground": "a"},
        "geldig van 2 januari 2026 tot en met 1 januari 2027",
    ),
    "residence_refused": ({"reasons": REASONS}, "Wij weigeren u een verblijfsvergunning te verlenen."),
    "residence_continued": ({"ground": "conviction", "reasons": REASONS}, "(voortgezet verblijf)"),
    "residence_extension_refused": (
        {"reasons": REASONS, "valid_until": "2026-01-01"},
        "Wij weigeren uw verblijfsvergunning te verlengen. Uw vergunning was geldig tot en met 1 januari 2026",
    ),
    "residence_extension_pending": (
        {"valid_until": "2026-01-01", "statement_due": "2026-01-19"},
        "Zolang wij dat niet hebben gedaan, verblijft u rechtmatig in Nederland.",
    ),
    "continued_residence_refused": (
        {"reasons": REASONS, "ground": "three_years"},
        "Wij weigeren u een verblijfsvergunning op niet-tijdelijke humanitaire gronden (voortgezet verblijf)",
    ),
    "eu_exemption_granted": (
        {"exemption_ground": "threat", "statement_by": "police", "statement_date": "2026-01-02"},
        "Wij verlenen u ontheffing",
    ),
    "eu_exemption_refused": ({"reasons": REASONS}, "Wij weigeren u ontheffing voor het gebruik van opvang"),
    "objection_decision": (
        {"outcome": "unfounded", "objected_letter_type": "residence_refused", "reasons": REASONS},
        "Wij verklaren uw bezwaar ongegrond",
    ),
    "objection_acknowledgement": (
        {"objected_letter_type": "identification_final_negative", "objection_received_on": "2026-01-02",
         "objection_term_ends": "2026-01-12", "decision_due": "2026-02-23", "decision_due_committee": "2026-04-06"},
        "Wij beslissen op uw bezwaar uiterlijk op maandag 23 februari 2026.",
    ),
    "no_indication_notice": (
        {"reasons": REASONS, "offered_by": "kmar"},
        "zien geen aanwijzing dat u slachtoffer bent van mensenhandel",
    ),
    "intended_decision": (
        {"intended": "withdrawal", "reasons": REASONS, "respond_by": "2026-01-30"},
        "Wij zijn van plan uw verblijfsvergunning in te trekken. Dit is nog geen besluit.",
    ),
    "objection_decision_extended": (
        {"objected_letter_type": "identification_final_negative", "objection_received_on": "2026-01-02",
         "decision_due_before": "2026-02-23", "decision_due": "2026-04-06", "reasons": REASONS},
        "Wij beslissen nu uiterlijk op maandag 6 april 2026.",
    ),
    "minor_guardian_notice": (
        {"about": "het kind is aangemeld als mogelijk slachtoffer van mensenhandel."},
        "Wij informeren u als voogd van",
    ),
}


def test_every_catalogue_type_has_a_test_payload() -> None:
    assert set(PAYLOADS) == set(LETTER_TYPES)


def reference_case_state(cases: CaseEngine, coordinator: Actor, panel: Actor, minor: bool) -> Any:
    """A real case: the reference process walked to its decision, with the person's data recorded."""
    view = cases.start_case("reference_case", case_data(minor=minor), coordinator)
    view = cases.complete_task(
        view.id, view.tasks[0].id, {"person_alias": "M.", "needs_review": False}, coordinator
    )
    return cases.complete_task(view.id, view.tasks[0].id, {"outcome": "positive", "reasons": REASONS}, panel)


@pytest.mark.parametrize("letter_type", LETTER_TYPES)
def test_letter_contains_the_required_elements(
    letter_type: str, cases: CaseEngine, coordinator: Actor, panel: Actor, clock: Any
) -> None:
    minor = letter_type == "minor_guardian_notice"
    view = reference_case_state(cases, coordinator, panel, minor)
    payload, dictum = PAYLOADS[letter_type]
    payload = {"letter_type": letter_type, "decided_on": DECIDED, **payload}
    rendered = render_letter(LetterRequest(view.id, view.reference, view.data, payload, clock.now()))
    text = pdf_text(rendered.pdf)
    kind = CATALOGUE[letter_type]
    sent_on = dt.date(2026, 1, 5)  # the clock's day in Amsterdam

    authority = load_authorities()[
        CATALOGUE["residence_refused"].authority if letter_type == "objection_decision"
        else str(payload.get("offered_by") or kind.authority)
    ]
    assert authority.name in text and authority.address[0] in text
    assert view.reference.startswith("ERK-") and f"Kenmerk {view.reference}" in text
    assert nl_date(dt.date(2026, 1, 2)) in text and f"Verzenddatum {nl_date(sent_on)}" in text
    assert dictum in text
    assert kind.legal_basis[0] in text

    addressee = {
        "person": view.data["person"]["name"],
        "guardian": GUARDIAN["name"],
        "prosecutor": "De officier van justitie",
    }[kind.addressee]
    assert addressee in text
    assert LAWYER["name"] in text.split("Afschrift aan")[1]  # copy to the lawyer

    remedy = REMEDIES["appeal_vw" if letter_type == "objection_decision" else kind.remedy]
    if remedy.kind == "none":
        assert rendered.objection_deadline is None
        assert "laatste dag" not in text
        assert " ".join(remedy.reason_none_nl.split()[:8]) in text  # says why there is no remedy
    else:
        expected = compute_deadline(sent_on, remedy.term, Rule.STATUTORY).due
        assert rendered.objection_deadline == expected
        verb = "beroep in te stellen" if remedy.kind == "appeal" else "bezwaar te maken"
        assert f"De laatste dag om {verb} is {nl_weekday_date(expected)}." in text
        assert remedy.source in text
        send_to = authority.appeal_to if remedy.kind == "appeal" else authority.objection_to
        assert " ".join(send_to) in text


@pytest.mark.parametrize(
    "letter_type, last_day",
    [
        ("identification_final_negative", "maandag 16 februari 2026"),  # Awb 6:7: six weeks
        ("residence_refused", "maandag 2 februari 2026"),  # Vw 2000 art. 69: four weeks
    ],
)
def test_objection_term_follows_the_legal_regime(letter_type: str, last_day: str) -> None:
    payload = {"letter_type": letter_type, "reasons": REASONS}
    rendered = render_letter(
        LetterRequest(
            1, "ERK-2026-000001", case_data(), payload, dt.datetime(2026, 1, 5, 8, tzinfo=dt.timezone.utc)
        )
    )
    assert f"is {last_day}." in pdf_text(rendered.pdf)


def test_last_day_on_a_holiday_runs_on_to_the_next_working_day() -> None:
    """Sent Monday 16 March 2026: six weeks end on Koningsdag (27 April), so the term runs to 28 April
    (Algemene termijnenwet art. 1)."""
    payload = {"letter_type": "identification_final_negative", "reasons": REASONS}
    rendered = render_letter(
        LetterRequest(
            1, "ERK-2026-000001", case_data(), payload, dt.datetime(2026, 3, 16, 9, tzinfo=dt.timezone.utc)
        )
    )
    assert rendered.objection_deadline == dt.date(2026, 4, 28)
    assert "is dinsdag 28 april 2026." in pdf_text(rendered.pdf)


def test_minor_letter_goes_to_the_guardian_with_a_section_for_the_child() -> None:
    """A child's letter is addressed to her legal representative (issue 9 item 9), the guardian; the
    child reads her own section in plain words."""
    payload = {"letter_type": "identification_final_positive", "reasons": REASONS}
    rendered = render_letter(
        LetterRequest(
            1,
            "ERK-2026-000001",
            case_data(minor=True),
            payload,
            dt.datetime(2026, 1, 5, 8, tzinfo=dt.timezone.utc),
        )
    )
    text = pdf_text(rendered.pdf)
    assert "In gewone woorden" in text and "Het panel gelooft dat je slachtoffer bent" in text
    assert "Geachte S. Visser," in text and "Beste Daan Smit" not in text
    head = text.split("Datum besluit")[0]
    assert "S. Visser Nidos Postbus 9950" in head, "the guardian is the addressee"
    assert "Betreft Daan Smit, V-nummer 9000000002" in text
    assert "S. Visser" not in text.split("Afschrift aan")[1], "the addressee gets no copy of her own letter"
    assert "Deze brief gaat naar je voogd en naar je advocaat." in text
    assert "uiterlijk op 16 februari 2026" in text  # the child is told the last day too
    assert {"guardian", "lawyer"} <= {r.role for r in rendered.recipients}


def test_adult_letter_has_no_child_section() -> None:
    payload = {"letter_type": "identification_final_positive", "reasons": REASONS}
    rendered = render_letter(
        LetterRequest(
            1, "ERK-2026-000001", case_data(), payload, dt.datetime(2026, 1, 5, 8, tzinfo=dt.timezone.utc)
        )
    )
    assert "In gewone woorden" not in pdf_text(rendered.pdf)


def test_english_translation_is_attached_for_a_person_who_reads_english() -> None:
    data = case_data()
    data["person"]["language"] = "en"
    payload = {"letter_type": "residence_refused", "reasons": REASONS}
    rendered = render_letter(
        LetterRequest(1, "ERK-2026-000001", data, payload, dt.datetime(2026, 1, 5, 8, tzinfo=dt.timezone.utc))
    )
    text = pdf_text(rendered.pdf)
    assert "de Nederlandse tekst is het officiële besluit" in text
    assert "The last day to object is Monday 2 February 2026." in text



@pytest.mark.parametrize(
    "overtaken, nl, en",
    [
        ("2026-12-21",
         "Op 21 december 2026 schreven wij u dat wij van plan waren uw verblijfsvergunning in te trekken.",
         "On 21 December 2026 we wrote to you that we intended to withdraw your residence permit."),
        (None, "Uw vergunning is inmiddels afgelopen. Wij trekken haar daarom niet in",
         "Your permit has since expired. We will therefore not withdraw it"),
    ],
)
def test_the_extension_pending_after_an_overtaken_withdrawal_speaks_of_it(
        overtaken: str | None, nl: str, en: str) -> None:
    """The permit's end overtook a withdrawal (its notice, or before one was sent): the notice of the
    extension pending says the IND decides on the extension instead, in Dutch and English, and speaks of no
    statement on threats."""
    data = case_data()
    data["person"]["language"] = "en"
    payload = {"letter_type": "residence_extension_pending", "valid_until": "2027-01-05",
               "withdrawal_dropped": True, "intended_withdrawal_on": overtaken}
    rendered = render_letter(
        LetterRequest(1, "ERK-2026-000001", data, payload, dt.datetime(2027, 1, 6, 8, tzinfo=dt.timezone.utc))
    )
    text = pdf_text(rendered.pdf)
    assert nl in text and en in text
    assert "Marechaussee" not in text and "Uw verblijfsvergunning was geldig tot en met 5 januari 2027" in text

@pytest.mark.parametrize(
    "letter_type, payload, field",
    [
        ("reflection_refused", {}, "payload.reasons"),
        ("residence_granted", {}, "payload.valid_until"),
        ("non_punishment_advice", {"offence": "diefstal", "reasons": REASONS}, "payload.advice"),
        ("objection_decision", {"outcome": "unfounded", "reasons": REASONS}, "payload.objected_letter_type"),
        ("identification_final_positive", {}, "payload.reasons"),
        ("residence_granted", {"valid_until": "01-01-2027"}, "payload.valid_until"),
        ("no_such_letter", {}, "payload.letter_type"),
    ],
)
def test_missing_or_bad_required_field_is_named(
    letter_type: str, payload: dict[str, Any], field: str
) -> None:
    from engine.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as error:
        build_context(
            "ERK-2026-000001",
            case_data(),
            {"letter_type": letter_type, **payload},
            dt.datetime(2026, 1, 5, 8, tzinfo=dt.timezone.utc),
        )
    assert list(error.value.errors) == [field]
    assert " / " in error.value.errors[field][0]  # Dutch and English


def test_optional_fields_fall_back_to_the_case_data_the_decision_task_recorded() -> None:
    """The procedure models throw only the letter type; reasons and indicators come from the case."""
    data = case_data(reasons=REASONS, indicators=INDICATORS, threshold="balance_of_probabilities")
    context = build_context(
        "ERK-2026-000001",
        data,
        {"letter_type": "identification_final_positive"},
        dt.datetime(2026, 1, 5, 8, tzinfo=dt.timezone.utc),
    )
    assert context.reasons == (REASONS,)
    assert [i.label_nl for i in context.indicators] == ["afpakken van identiteitspapieren", "schuldslavernij"]


def test_child_section_sentences_are_separated() -> None:
    data = case_data(minor=True)
    del data["lawyer"]
    payload = {"letter_type": "identification_final_positive", "reasons": REASONS}
    text = pdf_text(
        render_letter(
            LetterRequest(
                1, "ERK-2026-000001", data, payload, dt.datetime(2026, 1, 5, 8, tzinfo=dt.timezone.utc)
            )
        ).pdf
    )
    assert "Deze brief gaat naar je voogd. Vraag hun gerust wat dit voor jou betekent. Ben je het er niet mee eens?" in text


@pytest.mark.parametrize(
    "extra, minor",
    [
        ({"age_status": "doubt"}, True),  # presumption of minority while the age is in doubt
        ({"presumed_minor": True}, True),
        ({"age_status": "adult", "birth_date": "2012-01-01"}, False),  # the assessment prevails
        ({"birth_date": "2012-01-01"}, True),
        ({"birth_date": "2007-12-31"}, False),  # 18 on the decision date
    ],
)
def test_who_counts_as_a_minor(extra: dict[str, Any], minor: bool) -> None:
    data = {"legal_name": "Kim de Wit", "guardian": dict(GUARDIAN), **extra}
    context = build_context(
        "ERK-2026-000001",
        data,
        {"letter_type": "identification_final_negative", "reasons": REASONS, "decided_on": "2026-01-02"},
        dt.datetime(2026, 1, 5, 8, tzinfo=dt.timezone.utc),
    )
    assert context.minor is minor


def _text(letter_type: str, data: dict[str, Any], **payload: Any) -> str:
    request = LetterRequest(
        1,
        "ERK-2026-000001",
        data,
        {"letter_type": letter_type, **payload},
        dt.datetime(2026, 1, 5, 8, tzinfo=dt.timezone.utc),
    )
    return pdf_text(render_letter(request).pdf)


def test_panel_outcome_as_advice_to_the_ind_has_no_remedy_and_says_where_it_lies() -> None:
    """A variant may make the panel's outcome advice (policy panel_outcome = advice)."""
    data = case_data(policy={"panel_outcome": {"value": "advice", "source": "variant"}})
    text = _text("identification_final_negative", data, reasons=REASONS)
    assert "Datum advies" in text and "Geen bezwaar mogelijk" in text
    assert "bezwaar maken tegen het besluit dat de IND op grond van dit advies neemt" in text
    assert "laatste dag" not in text


def test_a_childs_letter_quotes_the_best_interests_assessment() -> None:
    data = case_data(minor=True, bia_summary="Daan wil bij zijn broer blijven; school en zorg lopen door.")
    text = _text("identification_final_positive", data, reasons=REASONS)
    assert "Het belang van het kind Daan wil bij zijn broer blijven; school en zorg lopen door." in text
    assert "art. 3 Verdrag inzake de rechten van het kind" in text


def test_first_stage_negative_names_the_reconsideration_window() -> None:
    text = _text(
        "identification_first_stage_negative",
        case_data(),
        reasons=REASONS,
        reconsideration_until="2026-02-04",
    )
    assert "tot en met 4 februari 2026 vragen dit besluit opnieuw te bekijken" in text
    again = _text("identification_first_stage_negative", case_data(), reasons=REASONS, reconsidered=True)
    assert "na heroverweging op uw verzoek" in again and "opnieuw te bekijken" not in again


def test_final_negative_names_the_reconsideration_window_beside_the_objection_term() -> None:
    text = _text("identification_final_negative", case_data(), reasons=REASONS,
                 reconsideration_until="2026-02-04")
    assert "tot en met 4 februari 2026 vragen dit besluit opnieuw te bekijken" in text
    assert "houdt de bezwaartermijn niet tegen" in text and "laatste dag" in text
    again = _text("identification_final_negative", case_data(), reasons=REASONS, reconsidered=True)
    assert "na heroverweging op uw verzoek" in again and "opnieuw te bekijken" not in again


def test_permit_extension_says_it_extends() -> None:
    text = _text("residence_granted", case_data(), valid_until="2027-04-06", extension=True)
    assert "Wij verlengen uw verblijfsvergunning regulier voor bepaalde tijd tot en met 6 april 2027." in text


def test_a_minor_without_a_named_guardian_is_written_to_through_the_guardianship_body() -> None:
    data = {"legal_name": "Kim de Wit", "age_status": "minor", "guardian_body": "Nidos"}
    text = _text("identification_final_negative", data, reasons=REASONS)
    assert "De voogd van het kind Nidos" in text.split("Datum besluit")[0]
    assert "Geachte heer, mevrouw," in text
