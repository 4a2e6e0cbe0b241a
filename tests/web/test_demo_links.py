"""The demo data gives every demo login something to see: panel members and lawyer are linked to the
demo cases, the guardian to the minor's; a second seeding changes nothing; every value it shows has words."""

from __future__ import annotations

import re
from typing import Iterator

from sqlalchemy import func, select

from engine.case_parties import visible_case_ids
from engine.demo import seed_demo
from engine.store.tables import Case, CaseParty
from forms.vocabulary import words

from .conftest import WebEnv, csrf_token


def test_demo_links_are_made_once(env: WebEnv) -> None:
    svc = env.services
    seed_demo(svc.sessions, svc.cases, svc.clock)
    with svc.sessions() as session:
        count = session.scalar(select(func.count(CaseParty.id)))
        assert visible_case_ids(session, "lawyer", "lawyer") == [1, 2, 3, 4]
        assert visible_case_ids(session, "panel1", "panel") == [1, 2, 3, 4]
        assert visible_case_ids(session, "police", "investigator") == []  # a role, not a relation
        assert visible_case_ids(session, "police", "police") == [1]
    seed_demo(svc.sessions, svc.cases, svc.clock)
    with svc.sessions() as session:
        assert session.scalar(select(func.count(CaseParty.id))) == count


def test_demo_procedure_case_waits_for_the_panels_first_stage_decision(env: WebEnv) -> None:
    """A new user can take the decoupled demo case to a decision in the browser."""
    svc = env.services
    seed_demo(svc.sessions, svc.cases, svc.clock)
    case = svc.cases.get_case(3)
    assert (case.process_id, case.variant) == ("procedure", "nl-decoupled")
    assert [t.name for t in case.tasks] == ["first_stage"]


def test_demo_seeds_a_case_with_several_procedures_running(env: WebEnv) -> None:
    """The current-procedure demo case: the reflection period runs from the police's indication while the
    minors' route waits for the guardian and placement is still to be decided."""
    svc = env.services
    seed_demo(svc.sessions, svc.cases, svc.clock)
    case = svc.cases.get_case(4)
    assert (case.process_id, case.variant) == ("procedure", "nl-current")
    running = {t.process_id for t in case.tasks} | {t.name for t in case.timers if t.status == "pending"}
    assert "shelter_placement" in running and "Bedenktijd verstreken" in running
    assert "guardian_appointed" in case.waiting_messages


def test_the_demo_links_its_guardian_only_to_minors_cases_by_the_rule_of_the_page_and_api(env: WebEnv) -> None:
    """A guardian is linked only to a minor's case (engine.queries.eligible.is_minors_case, which the
    link form and the API apply): the demo keeps the same rule, so its guardian follows Demo M. alone."""
    from engine.queries.eligible import is_minors_case, kinds_for

    svc = env.services
    seed_demo(svc.sessions, svc.cases, svc.clock)
    with svc.sessions() as session:
        guarded = list(session.scalars(select(CaseParty.case_id).where(CaseParty.kind == "guardian")))
        every_case = list(session.scalars(select(Case.id).order_by(Case.id)))
    assert guarded == [4]
    for case_id in every_case:
        data = svc.cases.get_case(case_id).data
        assert (case_id in guarded) == is_minors_case(data) == ("guardian" in kinds_for(data)), case_id


def _demo_values() -> list[tuple[str, object]]:
    """(field, value) of every value the demo seeding types in, nested rows included."""
    from engine.demo import DEMO_CASES, DEMO_PROCEDURE_STEPS, demo_parallel_steps

    def leaves(data: object, name: str = "") -> Iterator[tuple[str, object]]:
        if isinstance(data, dict):
            for key, value in data.items():
                yield from leaves(value, key)
        elif isinstance(data, list):
            for value in data:
                yield from leaves(value, name)
        else:
            yield name, data

    steps = [*DEMO_CASES, *(d for _, d in DEMO_PROCEDURE_STEPS), *(d for _, d in demo_parallel_steps("2026-01-05"))]
    return [pair for step in steps for pair in leaves(step)]


# What the demo types that is no code: names of people (fictional), said the same in either language.
NAMES = frozenset({"person_alias", "legal_name", "name"})
DAY_OR_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}$|^\d{2}:\d{2}$")


def test_every_demo_value_shown_on_a_page_has_dutch_and_english_words() -> None:
    """A demo value is a name, a date, a yes/no, or a code the vocabulary words in both languages:
    never a word of one language only (the nationality "fictional" once showed as English on Dutch pages)."""
    values = _demo_values()
    assert ("nationality", "ruritanian") in values and ("informed_in_language", "en") in values
    for name, value in values:
        if isinstance(value, bool) or name in NAMES or DAY_OR_TIME.match(str(value)):
            continue
        dutch, english = words("option", value, "nl"), words("option", value, "en")
        assert dutch and english and value not in (dutch, english), f"{name}={value!r} has no words"


def test_the_demo_persons_nationality_and_language_read_as_words_in_either_language(env: WebEnv) -> None:
    svc = env.services
    seed_demo(svc.sessions, svc.cases, svc.clock)
    client = env.client()
    env.login(client, "coordinator")
    for case_id in (3, 4):
        top = client.get(f"/cases/{case_id}").get_data(as_text=True).split('id="h-person"', 1)[1].split("</section>")[0]
        assert "Ruritaans" in top and "ruritanian" not in top.lower() and "fictional" not in top
    top = client.get("/cases/3").get_data(as_text=True).split('id="h-person"', 1)[1].split("</section>")[0]
    assert "Engels" in top
    client.post("/language/en", data={"csrf_token": csrf_token(client, "/worklist"), "next": "/worklist"})
    top = client.get("/cases/3").get_data(as_text=True).split('id="h-person"', 1)[1].split("</section>")[0]
    assert "Ruritanian" in top and "English" in top and "Ruritaans" not in top
