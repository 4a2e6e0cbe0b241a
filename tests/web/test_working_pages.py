"""Pages people work from (issue 11): the person the lawyer represents named on her overview, and an
IND inbox that gives per decision the person's nationality and residence status, the letter, the
IND's deadline and its own open tasks."""

from __future__ import annotations

from engine.access.person import person
from engine.ports import Actor

from .conftest import WebEnv, csrf_token
from .test_letters import PERSON, letters_env  # noqa: F401  (fixture)

PERSON_DATA = {
    "person_alias": "Ewa K.",
    "nationality": "Pools",
    "statement": "wat zij de panel vertelde",
    "case_facts": {"residence_status": {"value": "eu_citizen", "version": 1, "by": "assess_age", "at": "x"}},
}


def test_the_lawyer_and_guardian_know_the_person_by_her_alias_the_ind_by_nationality_and_status() -> None:
    """A lawyer represents the person and a guardian was appointed for her: they know her name. The IND
    sees what its decision turns on, not the alias. Nobody outside the panel gets the case data."""
    for role in ("lawyer", "guardian"):
        seen = person(role, PERSON_DATA)
        assert seen["person_alias"] == "Ewa K." and seen["nationality"] == "Pools"
        assert "statement" not in seen
    ind = person("ind", PERSON_DATA)
    assert ind == {"nationality": "Pools", "residence_status": "eu_citizen"}
    for role in ("police", "prosecutor", "policy", "admin", None):
        assert person(role, PERSON_DATA) == {}


def test_my_clients_shows_the_clients_name(env: WebEnv) -> None:
    mine = env.start_case("Ewa K.")
    env.link(mine, "lawyer", "lawyer")
    client = env.client()
    env.login(client, "lawyer")
    row = client.get("/lawyer/").get_data(as_text=True).split("<tbody>", 1)[1]
    assert "Ewa K." in row and "ERK-2026-000001" in row
    top = client.get(f"/cases/{mine}").get_data(as_text=True).split('id="h-person"', 1)[1].split("</section>")[0]
    assert "Ewa K." in top


def test_ind_inbox_row_links_the_letter_of_the_decision(letters_env: WebEnv) -> None:  # noqa: F811
    env = letters_env
    actor = Actor.system("test-seed")
    data = {"person": PERSON, "residence_track": "b83", "nationality": "Oekraïens"}  # her stay depends on it
    case = env.services.cases.start_case("letter_decision", data, actor)
    env.services.cases.complete_task(case.id, case.tasks[0].id, {"outcome": "positive", "reasons": "Voldoende indicaties."},
                                     actor)
    case_id = case.id
    client = env.client()
    env.login(client, "ind")
    html = client.get("/ind/").get_data(as_text=True)
    row = html.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    assert f'href="/cases/{case_id}/letters/' in row
    assert "Besluit identificatie: slachtofferschap aannemelijk" in row
    assert "Oekraïens" in row and "geen lopende termijn" in row
    letter_href = row.split(f'href="/cases/{case_id}/letters/', 1)[1].split('"', 1)[0]
    assert client.get(f"/cases/{case_id}/letters/{letter_href}").data.startswith(b"%PDF")



def test_the_audit_export_takes_the_case_reference(env: WebEnv) -> None:
    from .conftest import csrf_token

    case_id = env.start_case()
    client = env.client()
    env.login(client, "admin")
    found = client.post("/admin/audit", data={"csrf_token": csrf_token(client, "/admin/"),
                                              "case_reference": "erk-2026-000001"})
    assert found.status_code == 302 and found.headers["Location"].endswith(f"/admin/cases/{case_id}/audit.json")
    export = client.get(found.headers["Location"])
    assert export.json["reference"] == "ERK-2026-000001"
    assert 'filename="audit-ERK-2026-000001.json"' in export.headers["Content-Disposition"]
    for wrong, reason in (("1", "geen kenmerk van de vorm"), ("ERK-2026-000999", "geen zaak met dit kenmerk")):
        refused = client.post("/admin/audit", data={"csrf_token": csrf_token(client, "/admin/"), "case_reference": wrong})
        page = refused.get_data(as_text=True)
        assert refused.status_code == 422 and reason in page and "Kenmerk van de zaak" in page


def test_each_procedures_diagram_opens_full_size_with_the_legend_and_no_script(env: WebEnv) -> None:
    case_id = env.start_case()
    client = env.client()
    env.login(client, "coordinator")
    case_page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    link = f"/cases/{case_id}/diagrams/reference_case"
    assert f'href="{link}"' in case_page and "Diagram op ware grootte" in case_page
    page = client.get(link)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "<svg" in html and "Legenda" in html and "Geel: open taak" in html
    assert 'data-state="active"' in html and "<script" not in html.split("</main>")[0]  # the diagram needs none
    assert client.get(f"/cases/{case_id}/diagrams/no_such_process").status_code == 404
    env.link(case_id, "police", "investigator")
    police = env.client()
    env.login(police, "police")
    assert police.get(link).status_code in (403, 404)  # investigation roles see no diagram


def test_ind_inbox_shows_a_nationality_the_vocabulary_knows_in_the_readers_words(letters_env: WebEnv) -> None:  # noqa: F811
    """Nationality is typed as text; a value with words (the demo's fictional "ruritanian") reads as words."""
    env = letters_env
    actor = Actor.system("test-seed")
    data = {"person": PERSON, "residence_track": "b83", "nationality": "ruritanian"}
    case = env.services.cases.start_case("letter_decision", data, actor)
    env.services.cases.complete_task(case.id, case.tasks[0].id, {"outcome": "positive", "reasons": "Voldoende indicaties."},
                                     actor)
    client = env.client()
    env.login(client, "ind")
    row = client.get("/ind/").get_data(as_text=True).split("<tbody>", 1)[1].split("</tr>", 1)[0]
    assert "<dd>Ruritaans</dd>" in row and "ruritanian" not in row
    client.post("/language/en", data={"csrf_token": csrf_token(client, "/ind/"), "next": "/ind/"})
    row = client.get("/ind/").get_data(as_text=True).split("<tbody>", 1)[1].split("</tr>", 1)[0]
    assert "<dd>Ruritanian</dd>" in row
