"""Letters on the web: a reader gets the letters delivered to her, the PDF exactly as issued; anyone
else gets 404 (she cannot tell a letter she may not read from one that does not exist)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Iterator

import pytest
from sqlalchemy import Engine

from engine.cases import CaseEngine
from engine.clock import VirtualClock
from engine.letter_issuing import case_data_loader, make_letter_issuer
from engine.ports import Actor
from engine.specs import SpecLibrary
from letters.render import check_letter, render_letter

from .conftest import WebEnv, make_env

MODELS = Path(__file__).resolve().parents[1] / "letters" / "models"
PERSON = {
    "name": "Mira Kovač",
    "date_of_birth": "1994-07-12",
    "v_number": "9000000001",
    "address": ["Lindelaan 12", "9999 AB Voorbeeldstad"],
}  # fictional


@pytest.fixture
def letters_env(sqlite_engine: Engine, clock: VirtualClock) -> Iterator[WebEnv]:
    library = SpecLibrary(MODELS)
    env = make_env(sqlite_engine.url.render_as_string(hide_password=False), clock, library)
    issuer = make_letter_issuer(render_letter, case_data_loader(library), check_letter)
    env.services.cases = CaseEngine(
        env.services.sessions, library, clock, env.services.forms, outbox_handlers={"issue_letter": issuer}
    )
    env.add_user("other_lawyer", "lawyer")
    yield env
    env.services.db.dispose()


def _decided_case(env: WebEnv) -> int:
    actor = Actor.system("test-seed")
    case = env.services.cases.start_case("letter_decision", {"person": PERSON}, actor)
    env.services.cases.complete_task(
        case.id,
        case.tasks[0].id,
        {"outcome": "positive", "reasons": "Voldoende indicaties van uitbuiting."},
        actor,
    )
    return case.id


def test_linked_lawyer_reads_and_downloads_her_clients_letter(letters_env: WebEnv) -> None:
    env = letters_env
    case_id = _decided_case(env)
    env.link(case_id, "lawyer", "lawyer")
    client = env.client()
    listed = client.get(f"/api/v1/cases/{case_id}/letters", headers=env.api("lawyer"))
    assert listed.status_code == 200
    letter = listed.json["letters"][0]
    assert letter["letter_type"] == "identification_final_positive" and letter["objection_deadline"]
    pdf = client.get(f"/api/v1/cases/{case_id}/letters/{letter['id']}.pdf", headers=env.api("lawyer"))
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert pdf.headers["ETag"] == f'"{letter["sha256"]}"'
    kinds = [e["kind"] for e in env.services.cases.events(case_id)]
    assert "letters_listed" in kinds and "letter_downloaded" in kinds


def test_other_lawyer_and_investigators_get_404(letters_env: WebEnv) -> None:
    env = letters_env
    case_id = _decided_case(env)
    env.link(case_id, "lawyer", "lawyer")
    env.link(case_id, "police", "investigator")
    client = env.client()
    letter_id = client.get(f"/api/v1/cases/{case_id}/letters", headers=env.api("lawyer")).json["letters"][0][
        "id"
    ]
    for user in ("other_lawyer", "police", "policy", "admin"):
        listed = client.get(f"/api/v1/cases/{case_id}/letters", headers=env.api(user))
        assert listed.status_code in (403, 404) or listed.json == {"letters": []}, user
        pdf = client.get(f"/api/v1/cases/{case_id}/letters/{letter_id}.pdf", headers=env.api(user))
        assert pdf.status_code in (403, 404) and not pdf.data.startswith(b"%PDF"), user


def test_case_page_lists_letters_with_the_objection_deadline(letters_env: WebEnv) -> None:
    env = letters_env
    case_id = _decided_case(env)
    env.link(case_id, "lawyer", "lawyer")
    client = env.client()
    env.login(client, "lawyer")
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "Besluit identificatie: slachtofferschap aannemelijk" in page and "bezwaar uiterlijk" in page
    assert client.get(f"/cases/{case_id}/letters/1.pdf").data.startswith(b"%PDF")


def test_the_objection_term_of_an_issued_letter_runs_on_the_case_file_and_the_lawyers_overview(
    letters_env: WebEnv,
) -> None:
    """Issue 11, item 3: the remedy term of an issued letter is a running deadline with days left, the
    next deadline on the lawyer's case file and overview, until its last day has passed."""
    env = letters_env
    case_id = _decided_case(env)
    env.link(case_id, "lawyer", "lawyer")
    client = env.client()
    env.login(client, "lawyer")
    term = "Bezwaartermijn: Besluit identificatie: slachtofferschap aannemelijk"
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    top = page.split('id="h-person"', 1)[1].split("</section>", 1)[0]
    assert "Eerstvolgende termijn" in top and term in top and "nog " in top
    deadlines = page.split('id="h-deadlines"', 1)[1].split("</section>", 1)[0]
    assert term in deadlines and "Geen lopende termijnen" not in deadlines
    overview = client.get("/lawyer/").get_data(as_text=True)
    row = overview.split("<tbody>", 1)[1]
    assert term in row and "nog " in row
    env.clock.advance(dt.timedelta(days=60))
    assert term not in client.get("/lawyer/").get_data(as_text=True)
    assert term not in client.get(f"/cases/{case_id}").get_data(as_text=True).split('id="h-letters"')[0]
