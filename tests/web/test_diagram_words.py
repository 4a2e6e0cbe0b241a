"""A procedure's diagram speaks the reader's language: the models name their steps in Dutch, and on an
English page every step's label and tooltip is its English (forms/node_titles.py and the step titles of
forms/vocabulary.py); the Dutch page shows the models' own names."""

from __future__ import annotations

import re

from tests.processes import steps
from tests.processes.scenario import Scenario

from .conftest import WebEnv

# A step of each kind the top-level model draws: a choice, a procedure called, a closing step and the pool.
STEPS = {
    "Procedures starten": "Start the procedures",
    "Verwijzing en intake": "Referral and intake",
    "Zaak afronden": "Close the case",
    "Procedure slachtoffer mensenhandel": "Procedure for victims of trafficking",
}


def _svgs(html: str) -> str:
    return "\n".join(re.findall(r"<svg.*?</svg>", html, flags=re.S))


def _running_case(env: WebEnv) -> int:
    s = Scenario(env.services.cases, env.clock, "nl-decoupled")
    steps.intake(s, residence_status="dutch")
    assert s.case.status == "running"
    return s.case_id


def test_the_diagrams_of_an_english_case_file_name_every_step_in_english(env: WebEnv) -> None:
    case_id = _running_case(env)
    client = env.client()
    env.login(client, "coordinator")
    english_page = client.get(f"/cases/{case_id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    dutch_page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    english, dutch = _svgs(english_page), _svgs(dutch_page)
    # the panel's task, waiting for the panel (the coordinator reads it), is named in words outside the SVG too
    assert "Waiting for others: Compose the panel" in english_page and "Panel samenstellen" not in english_page
    assert "Wacht op anderen: Panel samenstellen" in dutch_page
    for name, words in STEPS.items():
        assert words in english and name not in english, name
        assert name in dutch and words not in dutch, name


def test_the_full_size_diagram_labels_and_tooltips_are_in_the_readers_language(env: WebEnv) -> None:
    """The panel's task stands open in the identification model: its tooltip names it and its state in
    the reader's words; script tasks, choices and letters are in English too, and the Dutch page is as
    the model names them."""
    case_id = _running_case(env)
    client = env.client()
    env.login(client, "coordinator")
    link = f"/cases/{case_id}/diagrams/identification"
    english = _svgs(client.get(link, headers={"Accept-Language": "en"}).get_data(as_text=True))
    dutch = _svgs(client.get(link).get_data(as_text=True))
    assert re.search(r"<title>Compose the panel — [a-z ]+</title>", english)
    assert "<title>Panel samenstellen — open taak</title>" in dutch
    for name, words in {"Samenstelling toetsen": "Check the composition",
                        "Samenstelling volledig?": "Composition complete?",
                        "Brief: geen redelijke gronden": "Letter: no reasonable grounds",
                        }.items():
        assert f"<title>{words}</title>" in english and name not in english, name
        assert f"<title>{name}</title>" in dutch and words not in dutch, name
    assert ">no: child expert missing</text>" in english and "kinderdeskundige" not in english  # an arrow
    assert ">nee: kinderdeskundige ontbreekt</text>" in dutch
    pool = 'font-weight="bold">{}</text>'
    assert pool.format("Decoupled multidisciplinary identification") in english
    assert pool.format("Ontkoppelde multidisciplinaire identificatie") in dutch
