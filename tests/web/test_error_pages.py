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


def test_a_step_already_taken_says_by_whom_and_when_and_leads_back_to_the_case(env: WebEnv) -> None:
    """Issue 11, item 7: a 409 on a task form says what happened, in the reader's language."""
    case_id = env.start_case()
    env.link(case_id, "panel", "panel")
    client = env.client()
    env.login(client, "panel")
    task_id = env.services.cases.get_case(case_id).tasks[0].id
    url = f"/cases/{case_id}/tasks/{task_id}"
    token = csrf_token(client, url)
    env.services.cases.complete_task(case_id, task_id, {"outcome": "positive", "reasons": "Voldoende indicaties."},
                                     Actor("panel", frozenset({"panel"}), "panel"))
    late = client.post(url, data={"csrf_token": token, "outcome": "negative", "reasons": "Te laat ingevuld."})
    page = late.get_data(as_text=True)
    assert late.status_code == 409
    assert "Deze stap (Beslissen) is al afgerond door panel op 5 januari 2026 09:00." in page
    assert f'href="/cases/{case_id}"' in page
    english = client.get(url, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "This step (Decide) was already completed by panel on 5 January 2026 09:00" in english


def test_forms_keep_what_was_typed_across_an_expired_session_for_the_same_user_only(env: WebEnv) -> None:
    """The task form is marked for keeping, the keeping script is ours (strict CSP) and it knows the user
    and the sign-out form, on which it drops everything kept."""
    from pathlib import Path

    case_id = env.start_case()
    env.link(case_id, "panel", "panel")
    client = env.client()
    env.login(client, "panel")
    task_id = env.services.cases.get_case(case_id).tasks[0].id
    html = client.get(f"/cases/{case_id}/tasks/{task_id}").get_data(as_text=True)
    assert 'class="stack keep"' in html and 'data-user="panel"' in html and 'class="inline logout"' in html
    assert '<script src="/static/keep_form.js" defer></script>' in html
    script = (Path(__file__).resolve().parents[2] / "web" / "static" / "keep_form.js").read_text()
    assert "sessionStorage" in script and "localStorage" not in script and "form.logout" in script
    assert "kept.user !== user" in script
