"""The panel previews the letter its decision would produce: the PDF as it would be sent today, nothing
stored or issued; a missing field is named at the form."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest
from sqlalchemy import Engine, func, select

from engine.clock import VirtualClock
from engine.ports import Actor
from engine.specs import SpecLibrary
from engine.store.tables import Letter

from .conftest import WebEnv, csrf_token, make_env

MODELS = Path(__file__).resolve().parents[1] / "letters" / "models"
PERSON = {
    "name": "Mira Kovač",
    "date_of_birth": "1994-07-12",
    "v_number": "9000000001",
    "address": ["Lindelaan 12", "9999 AB Voorbeeldstad"],
}  # fictional


@pytest.fixture
def preview_env(sqlite_engine: Engine, clock: VirtualClock) -> Iterator[WebEnv]:
    env = make_env(sqlite_engine.url.render_as_string(hide_password=False), clock, SpecLibrary(MODELS))
    yield env
    env.services.db.dispose()


def test_panel_previews_the_letter_of_its_decision(preview_env: WebEnv) -> None:
    env = preview_env
    case = env.services.cases.start_case("letter_decision", {"person": PERSON}, Actor.system())
    env.link(case.id, "panel", "panel")
    client = env.client()
    env.login(client, "panel")
    form_url = f"/cases/{case.id}/tasks/{case.tasks[0].id}"
    assert "Voorbeeld van de brief" in client.get(form_url).get_data(as_text=True)
    token = csrf_token(client, form_url)
    pdf = client.post(
        form_url + "/preview",
        data={"outcome": "positive", "csrf_token": token, "reasons": "Voldoende indicaties van uitbuiting."},
    )
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    incomplete = client.post(
        form_url + "/preview", data={"outcome": "negative", "reasons": "", "csrf_token": token}
    )
    assert incomplete.status_code == 422 and 'id="reasons-error"' in incomplete.get_data(as_text=True)
    with env.services.sessions() as session:
        assert session.scalar(select(func.count(Letter.id))) == 0  # a preview issues nothing
    assert env.services.cases.get_case(case.id).tasks[0].id == case.tasks[0].id  # the task is still open
    env.login(other := env.client(), "lawyer")
    assert (
        other.post(form_url + "/preview", data={"csrf_token": csrf_token(other, "/lawyer/")}).status_code
        == 404
    )
