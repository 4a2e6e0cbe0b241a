"""The lawyer's remedies (issue 11, item 3): while a remedy term runs she can ask for reconsideration or
lodge the objection from the term on the case file, and she sees the letters it leads to; the way a
term was computed is told in words, not policy keys or ISO codes."""

from __future__ import annotations

import datetime as dt

from forms.deadline_words import duration_words, explain_in_words, in_words
from tests.processes import steps
from tests.processes.scenario import Scenario

from .conftest import WebEnv, csrf_token


def _negative_first_stage(env: WebEnv) -> Scenario:
    s = Scenario(env.services.cases, env.clock, "nl-decoupled")
    steps.intake(s, residence_status="dutch")
    steps.first_stage(s, outcome="negative")
    env.link(s.case_id, "lawyer", "lawyer")
    return s


def _deadlines(html: str) -> str:
    return html.split('id="h-deadlines"', 1)[1].split("</section>", 1)[0]


def test_the_lawyer_asks_for_reconsideration_from_the_term_and_sees_the_letter_it_leads_to(env: WebEnv) -> None:
    s = _negative_first_stage(env)
    client = env.client()
    env.login(client, "lawyer")
    terms = _deadlines(client.get(f"/cases/{s.case_id}").get_data(as_text=True))
    action = f'href="/cases/{s.case_id}/messages/reconsideration_requested"'
    assert "Heroverwegingstermijn verstreken" in terms and action in terms and "Heroverweging vragen" in terms
    form = f"/cases/{s.case_id}/messages/reconsideration_requested"
    sent = client.post(form, data={"csrf_token": csrf_token(client, form), "requested_on": "2026-01-05",
                                   "grounds": "Nieuwe verklaring over de schuldbinding."})
    assert sent.status_code == 302
    assert "reconsideration" in s.ready()
    s.do("reconsideration", {"outcome": "positive", "reasons": "Schuldbinding aannemelijk.",
                             "reconsidered_by": ["Medisch Jansen"]})
    page = client.get(f"/cases/{s.case_id}").get_data(as_text=True)
    letters = page.split('id="h-letters"', 1)[1].split("</section>", 1)[0]
    assert "Besluit eerste fase identificatie: aanwijzingen aanwezig" in letters
    assert "Heroverweging vragen" not in _deadlines(page)  # the window closed with the request


def test_no_remedy_is_offered_to_a_role_that_may_not_send_it(env: WebEnv) -> None:
    s = _negative_first_stage(env)
    env.link(s.case_id, "panel", "panel")
    client = env.client()
    env.login(client, "panel")
    assert "Heroverweging vragen" not in _deadlines(client.get(f"/cases/{s.case_id}").get_data(as_text=True))


def test_a_deadline_is_explained_in_words() -> None:
    derivation = {"kind": "due_in", "due": "2026-02-04", "base": "2026-01-05", "term": "P30D", "rule": "calendar",
                  "deadline": "2026-02-04", "policy": {"name": "reconsideration_term", "source": "bron"},
                  "steps": [{"day": "2026-02-04", "text": "x", "text_nl": "Kalendereinde van P30D: 2026-02-04"}]}
    lines = explain_in_words(derivation, "nl")
    assert lines[0] == "Laatste dag: 4 februari 2026"
    assert "Termijn: 30 dagen (kalenderdagen), vanaf 5 januari 2026" in lines
    assert "Beleidswaarde: Heroverwegingstermijn" in lines and "Kalendereinde van 30 dagen: 4 februari 2026" in lines
    text = " ".join(lines)
    assert "reconsideration_term" not in text and "P30D" not in text and "2026-" not in text
    assert duration_words("P6W", "en") == "6 weeks" and duration_words("PT36H", "nl") == "36 uur"
    assert in_words("2026-05-18T21:59:00+00:00", "en") == "18 May 2026 23:59"
    assert explain_in_words(None, "nl") == [] and dt.date  # nothing stored, nothing said
