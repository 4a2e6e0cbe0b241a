"""The case file and the API show the derivation the engine stored when it armed a timer; the web
layer no longer works a deadline out again from the model's timer expressions."""

from __future__ import annotations

import inspect

from sqlalchemy import select

import web.casefile
from engine.store.db import UnitOfWork
from engine.store.tables import Timer

from .conftest import WebEnv


def _rewrite_stored_steps(env: WebEnv, case_id: int) -> None:
    """Mark the stored derivation so the page can only show it by reading what was stored."""
    with UnitOfWork(env.services.sessions) as uow:
        row = uow.session.scalars(select(Timer).where(Timer.case_id == case_id, Timer.status == "pending")).one()
        steps = [{"day": None, "text": "Stored step (en)", "text_nl": "Opgeslagen stap (nl)"}]
        row.derivation = {**row.derivation, "steps": steps, "policy": {"name": "a_named_term", "source": "Wet X"}}
        uow.commit()


def test_the_case_file_shows_the_stored_derivation_in_the_readers_language(env: WebEnv) -> None:
    case_id = env.start_case("Anna V.")
    _rewrite_stored_steps(env, case_id)
    dutch = env.client()
    env.login(dutch, "coordinator")
    html = dutch.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "Opgeslagen stap (nl)" in html and "Stored step (en)" not in html
    assert "Beleidswaarde: a_named_term" in html and "Bron: Wet X" in html
    assert "Laatste dag: 5 april 2026" in html and "Termijn: 3 maanden (kalenderdagen), vanaf 5 januari 2026" in html
    english = env.client()
    env.login(english, "coordinator")
    page = english.get(f"/cases/{case_id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Stored step (en)" in page and "Opgeslagen stap (nl)" not in page
    assert "Policy value: a_named_term" in page and "Source: Wet X" in page


def test_the_case_file_module_no_longer_parses_timer_expressions() -> None:
    assert not hasattr(web.casefile, "_timer_expressions") and not hasattr(web.casefile, "_explain")
    source = inspect.getsource(web.casefile)
    assert "due_in" not in source and "compute_deadline" not in source and "import re" not in source


def test_the_api_gives_the_derivation_to_who_may_see_deadlines(env: WebEnv) -> None:
    case_id = env.start_case("Geheime Naam")
    env.link(case_id, "lawyer", "lawyer")
    env.link(case_id, "police", "investigator")
    client = env.client()
    for role in ("coordinator", "lawyer"):
        [deadline] = client.get(f"/api/v1/cases/{case_id}", headers=env.api(role)).json["deadlines"]
        derivation = deadline["derivation"]
        assert (derivation["base"], derivation["term"], derivation["rule"]) == ("2026-01-05", "P3M", "calendar")
        assert derivation["due"] == "2026-04-05T21:59:59+00:00" and deadline["due_at"].startswith("2026-04-05T21:59:59")
        assert deadline["process_id"] == "reference_case" and "Geheime Naam" not in str(derivation)
    [police] = client.get("/api/v1/cases", headers=env.api("police")).json["cases"]
    assert police["id"] == case_id and "deadlines" not in police
