"""Forms that help (issue 11, item 6): list errors speak of what is counted, a date the law makes
impossible is refused with the reason, rows are added and removed by a script of our own (the form works
without it), and the preview validates like the final submit and is the letter that will be issued."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from sqlalchemy import select

from engine.store.tables import Letter
from forms.catalogue import all_forms
from tests.processes import steps
from tests.processes.scenario import Scenario
from web.form_render import translate

from .conftest import WebEnv, csrf_token

STATIC = Path(__file__).resolve().parents[2] / "web" / "static"
FIRST_STAGE = {"indicators.0.list_name": "ilo_forced_labour", "indicators.0.code": "withholding_wages",
               "indicators.0.status": "reported_by_person", "indicators.0.source": "self",
               "indicators.0.weight": "strong", "threshold": "suspect_cannot_prove", "outcome": "negative",
               "reasons": "Onvoldoende aanwijzingen voor dwang."}


def _errors(key: str, data: dict[str, object]) -> dict[str, list[str]]:
    from engine.errors import ValidationFailed

    try:
        all_forms().validate(key, data)
    except ValidationFailed as failure:
        return failure.errors
    return {}


def test_too_few_rows_speak_of_members_not_characters() -> None:
    errors = _errors("panel.compose", {"panel_members": [{"name": "Voorzitter Smit", "role": "chair", "voting": True}]})
    [reason] = errors["panel_members"]
    assert translate(reason, "nl") == "Minstens 3 leden." and translate(reason, "en") == "At least 3 members."


def test_a_signal_before_the_persons_birth_is_refused_with_the_reason() -> None:
    errors = _errors("coordinator.register_signal", steps.signal(signal_date="2000-01-05", birth_date="2001-03-12"))
    [reason] = errors["signal_date"]
    assert translate(reason, "nl") == "het signaal kan niet vóór de geboortedatum liggen"
    assert "cannot come before the date of birth" in translate(reason, "en")
    future = _errors("coordinator.register_signal", steps.signal(birth_date="2031-01-01"))
    assert "toekomst" in translate(future["birth_date"][0], "nl")


def _compose_panel_page(env: WebEnv) -> tuple[Scenario, Any, str]:
    """A Dutch adult's case after intake, the panel member signed in: (scenario, client, the URL of the
    task that composes the panel, a form of rows)."""
    s = Scenario(env.services.cases, env.clock, "nl-decoupled")
    steps.intake(s, residence_status="dutch")
    env.link(s.case_id, "panel", "panel")
    client = env.client()
    env.login(client, "panel")
    task = next(t for t in s.case.tasks if t.name == "compose_panel")
    return s, client, f"/cases/{s.case_id}/tasks/{task.id}"


def test_rows_are_added_by_a_script_of_our_own_and_the_form_works_without_it(env: WebEnv) -> None:
    s, client, url = _compose_panel_page(env)
    html = client.get(url).get_data(as_text=True)
    assert '<script src="/static/rows.js" defer></script>' in html
    assert 'data-list="panel_members"' in html and 'data-add="Regel toevoegen"' in html
    assert ">Naam <" in html and ">Stemgerechtigd <" in html and ">voting <" not in html  # row fields by label
    # a row is named as a row of the list, not by the list's plural ("Panelleden 1")
    assert "<legend>Panelleden, regel 1</legend>" in html and 'data-label="Panelleden, regel"' in html
    english = client.get(url,
                         headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert "<legend>Panel members, row 1</legend>" in english
    script = (STATIC / "rows.js").read_text()
    assert "innerHTML" not in script and "eval(" not in script  # nothing a strict CSP would refuse
    assert client.get("/static/rows.js").status_code == 200
    short = client.post(url,
                        data={"csrf_token": csrf_token(client, f"/cases/{s.case_id}"),
                              "panel_members.0.name": "Voorzitter Smit", "panel_members.0.role": "chair",
                              "panel_members.0.voting": "true"})
    assert short.status_code == 422 and "Minstens 3 leden." in short.get_data(as_text=True)


def test_the_preview_refuses_what_the_submit_refuses_and_is_the_letter_that_is_issued(env: WebEnv) -> None:
    s = Scenario(env.services.cases, env.clock, "nl-decoupled")
    steps.intake(s, residence_status="dutch")
    s.do("compose_panel", {"panel_members": steps.MEMBERS})
    env.link(s.case_id, "panel", "panel")
    client = env.client()
    env.login(client, "panel")
    task = next(t for t in s.case.tasks if t.name == "first_stage")
    url = f"/cases/{s.case_id}/tasks/{task.id}"
    token = csrf_token(client, url)
    no_indicator = {k: v for k, v in FIRST_STAGE.items() if not k.startswith("indicators.")}
    refused = client.post(url + "/preview", data={**no_indicator, "csrf_token": token})
    assert refused.status_code == 422 and "Minstens 1 indicator." in refused.get_data(as_text=True)
    preview = client.post(url + "/preview", data={**FIRST_STAGE, "csrf_token": token})
    assert preview.status_code == 200 and preview.data.startswith(b"%PDF")
    with env.services.sessions() as session:
        assert session.scalar(select(Letter.id).where(Letter.letter_type == "identification_first_stage_negative")) is None
    assert client.post(url, data={**FIRST_STAGE, "csrf_token": token}).status_code == 302
    with env.services.sessions() as session:
        letter_id = session.scalar(select(Letter.id).where(Letter.letter_type == "identification_first_stage_negative"))
    issued = client.get(f"/cases/{s.case_id}/letters/{letter_id}.pdf")
    assert issued.status_code == 200
    # The reconsideration window's sentence and all: the same pages, drawn the same way. Not the same
    # bytes: the embedded font subset may come out differently from one rendering to the next.
    assert _pages_drawn(preview.data) == _pages_drawn(issued.data)


def _pages_drawn(pdf: bytes) -> list[tuple[bytes, str]]:
    """Each page's drawing instructions and its text."""
    return [(page.get_contents().get_data(), page.extract_text()) for page in PdfReader(BytesIO(pdf)).pages]


def test_rows_with_gaps_in_their_numbers_are_all_read_in_order() -> None:
    """A form sent without the script may skip a number (a blank row left out, a row removed by hand),
    and one sent by an older page may carry numbers past the 50 blank rows: every row sent is read, in
    the order of its number, and the errors name the row as the form shows it again."""
    from werkzeug.datastructures import MultiDict

    from web.form_render import parse_submission

    schema = all_forms().json_schema("panel.compose")
    sent = MultiDict([("panel_members.7.name", "Jurist Bakker"), ("panel_members.7.role", "legal"),
                      ("panel_members.0.name", "Voorzitter Smit"), ("panel_members.0.role", "chair"),
                      ("panel_members.3.name", ""), ("panel_members.3.role", ""),
                      ("panel_members.3.voting", ""),
                      ("panel_members.120.name", "Zorg de Wit"), ("panel_members.120.role", "care"),
                      ("panel_members.120.voting", "maybe")])
    data, errors = parse_submission(schema, sent)
    assert [m["name"] for m in data["panel_members"]] == ["Voorzitter Smit", "Jurist Bakker", "Zorg de Wit"]
    assert errors == {"panel_members.2.voting": ["Not a valid boolean."]}


def test_more_rows_than_a_list_takes_are_refused_not_dropped() -> None:
    from werkzeug.datastructures import MultiDict

    from web.form_render import parse_submission

    schema = all_forms().json_schema("panel.compose")
    sent = MultiDict([(f"panel_members.{i}.name", f"Lid {i}") for i in range(0, 102, 2)])
    data, errors = parse_submission(schema, sent)
    assert len(data["panel_members"]) == 50
    [reason] = errors["panel_members"]
    assert translate(reason, "nl") == "Hoogstens 50 regels." and translate(reason, "en") == "At most 50 rows."


def test_a_form_posted_with_gaps_in_its_row_numbers_is_accepted(env: WebEnv) -> None:
    s, client, url = _compose_panel_page(env)
    rows = {}
    for number, member in zip((0, 2, 5, 9), steps.MEMBERS):
        rows.update({f"panel_members.{number}.{k}": str(v).lower() if isinstance(v, bool) else v
                     for k, v in member.items()})
    assert client.post(url, data={**rows, "csrf_token": csrf_token(client, url)}).status_code == 302
    assert [m["name"] for m in s.case.data["panel_members"]] == [m["name"] for m in steps.MEMBERS[:4]]
