"""Hand-overs guided (issue 11, item 5): the case file says whose turn it is and offers the step to whoever
may take it; the coordinator links people from a list of those eligible (no user name to type), the
conflict rule still holds, and a guardian is linked only to a minor's case."""

from __future__ import annotations

import re

from .conftest import WebEnv, csrf_token
from .test_pages import _words_case


def _section(html: str, heading_id: str) -> str:
    return html.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]


def _choices(html: str, kind: str) -> list[str]:
    select = html.split(f'id="party-{kind}"', 1)[1].split("</select>", 1)[0] if f'id="party-{kind}"' in html else ""
    return re.findall(r'<option value="([^"]+)"', select)


def test_after_intake_the_case_file_says_the_panel_is_next_and_nobody_is_linked_yet(env: WebEnv) -> None:
    case_id = env.start_case()
    coordinator = env.client()
    env.login(coordinator, "coordinator")
    nxt = _section(coordinator.get(f"/cases/{case_id}").get_data(as_text=True), "h-next")
    assert "Panel" in nxt and "Beslissen" in nxt and "nog niemand gekoppeld" in nxt and 'href="#h-parties"' in nxt
    url = f"/cases/{case_id}"
    linked = coordinator.post(f"/coordinator/cases/{case_id}/parties",
                              data={"csrf_token": csrf_token(coordinator, url), "kind": "panel", "username": "panel"})
    assert linked.status_code == 302
    assert "nog niemand gekoppeld" not in _section(coordinator.get(url).get_data(as_text=True), "h-next")
    panel = env.client()
    env.login(panel, "panel")
    nxt = _section(panel.get(url).get_data(as_text=True), "h-next")
    assert "Nu doen" in nxt and f'href="/cases/{case_id}/tasks/' in nxt


def test_the_picker_lists_eligible_people_only_and_the_conflict_rule_holds(env: WebEnv) -> None:
    env.add_user("panel2", "panel")
    case_id = env.start_case()
    env.link(case_id, "panel2", "conflict")
    client = env.client()
    env.login(client, "coordinator")
    url = f"/cases/{case_id}"
    html = client.get(url).get_data(as_text=True)
    assert _choices(html, "panel") == ["panel"]  # panel2 declared an interest
    assert _choices(html, "lawyer") == ["lawyer"] and "party-username" not in html
    refused = client.post(f"/coordinator/cases/{case_id}/parties",
                          data={"csrf_token": csrf_token(client, url), "kind": "panel", "username": "panel2"})
    assert refused.status_code == 422 and "opsporingsteam" in refused.get_data(as_text=True)


def test_a_guardian_is_linked_only_to_a_minors_case(env: WebEnv) -> None:
    adult = env.start_case()
    client = env.client()
    env.login(client, "coordinator")
    html = client.get(f"/cases/{adult}").get_data(as_text=True)
    assert _choices(html, "guardian") == [] and "alleen gekoppeld aan de zaak van een minderjarige" in html
    refused = client.post(f"/coordinator/cases/{adult}/parties",
                          data={"csrf_token": csrf_token(client, f"/cases/{adult}"), "kind": "guardian",
                                "username": "guardian"})
    assert refused.status_code == 422 and "minderjarige" in refused.get_data(as_text=True)
    api = client.post(f"/api/v1/cases/{adult}/parties", json={"kind": "guardian", "username": "guardian"},
                      headers=env.api("coordinator"))
    assert api.status_code == 422
    minor = _words_case(env)  # a 14-year-old
    assert _choices(client.get(f"/cases/{minor}").get_data(as_text=True), "guardian") == ["guardian"]
