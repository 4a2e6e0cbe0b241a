"""Issue 11, item 7: an error page speaks the reader's language and leads back to the case it was about."""

from __future__ import annotations

from engine.ports import Actor

from .conftest import WebEnv, csrf_token

DECIDE = {"outcome": "positive", "reasons": "Voldoende indicaties van uitbuiting."}


def test_a_step_already_taken_leads_back_to_the_case_file_in_dutch_and_in_english(env: WebEnv) -> None:
    case_id = env.start_case()
    client = env.client()
    env.login(client, "coordinator")
    task = env.services.cases.get_case(case_id).tasks[0]
    token = csrf_token(client, f"/cases/{case_id}/tasks/{task.id}")
    env.services.cases.complete_task(case_id, task.id, DECIDE, Actor.system())
    refused = client.post(f"/cases/{case_id}/tasks/{task.id}",
                          data={"csrf_token": token, **DECIDE})
    page = refused.get_data(as_text=True)
    assert refused.status_code in (404, 409)
    assert f'href="/cases/{case_id}"' in page and "Terug naar het dossier" in page
    client.post("/language/en", data={"csrf_token": csrf_token(client, "/worklist"), "next": "/worklist"})
    page = client.post(f"/cases/{case_id}/tasks/{task.id}",
                       data={"csrf_token": csrf_token(client, "/worklist"), **DECIDE}).get_data(as_text=True)
    assert "Back to the case file" in page and "Terug" not in page


def test_a_refused_case_file_offers_no_link_back_into_it(env: WebEnv) -> None:
    case_id = env.start_case()
    client = env.client()
    env.login(client, "policy")
    refused = client.get(f"/cases/{case_id}")
    assert refused.status_code in (403, 404)
    assert f'href="/cases/{case_id}"' not in refused.get_data(as_text=True)
