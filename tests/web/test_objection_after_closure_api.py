"""The API of an objection received after the case closed (issue 9 item 13): the client's lawyer (or the
coordinator) lists the letters still open to objection and lodges one; the case reopens. Anyone else is
refused, a running case answers 409, a letter not open to objection 422."""

from __future__ import annotations

import datetime as dt
import re

from tests.processes.test_objection import _negative_decision_sent_on

from .conftest import WebEnv

OBJECTION = {"lodged_on": "2026-06-22", "grounds": "Dwang onvoldoende gewogen; nieuwe verklaring."}


def test_the_lawyer_lodges_an_objection_after_closure_and_the_case_reopens(env: WebEnv) -> None:
    s = _negative_decision_sent_on(env.services.cases, env.clock, dt.date(2026, 4, 18))
    client, url = env.client(), f"/api/v1/cases/{s.case_id}/objection-after-closure"
    running = client.get(url, headers=env.api("coordinator"))
    assert running.status_code == 409, "a running case takes the objection as a message"
    s.advance_to(dt.datetime(2026, 6, 22, 9, 0, tzinfo=dt.timezone.utc))
    assert s.case.status == "completed"

    assert client.get(url, headers=env.api("lawyer")).status_code == 404, "not her client's case"
    assert client.get(url, headers=env.api("guardian")).status_code == 404, "no role to lodge it: not disclosed"
    env.link(s.case_id, "lawyer", "lawyer")
    listed = client.get(url, headers=env.api("lawyer"))
    assert listed.status_code == 200
    [letter] = listed.json["letters"]
    assert letter["letter_type"] == "identification_final_negative" and letter["objection_deadline"] == "2026-06-01"

    wrong = client.post(url, json={"letter_id": letter["id"] + 1000, "payload": OBJECTION}, headers=env.api("lawyer"))
    assert wrong.status_code == 422 and "letter_id" in wrong.json["error"]["fields"]
    lodged = client.post(url, json={"letter_id": letter["id"], "payload": OBJECTION}, headers=env.api("lawyer"))
    assert lodged.status_code == 201, lodged.json
    assert lodged.json["status"] == "running"
    again = client.post(url, json={"letter_id": letter["id"], "payload": OBJECTION}, headers=env.api("lawyer"))
    assert again.status_code == 409
    assert [t.name for t in env.services.cases.get_case(s.case_id).tasks] == ["objection_lateness"]


def test_the_case_file_offers_the_lawyer_the_objection_after_closure_and_its_form_reopens_the_case(env: WebEnv) -> None:
    from .conftest import csrf_token

    s = _negative_decision_sent_on(env.services.cases, env.clock, dt.date(2026, 4, 18))
    s.advance_to(dt.datetime(2026, 6, 22, 9, 0, tzinfo=dt.timezone.utc))
    env.link(s.case_id, "lawyer", "lawyer")
    client = env.client()
    env.login(client, "lawyer")
    page = client.get(f"/cases/{s.case_id}").get_data(as_text=True)
    assert "Bezwaar na sluiting van de zaak" in page
    form_url = f"/cases/{s.case_id}/objection-after-closure/"
    assert form_url in page
    letter_id = int(page.split(form_url)[1].split('"')[0])
    form = client.get(form_url + str(letter_id))
    assert form.status_code == 200 and "Bezwaar indienen" in form.get_data(as_text=True)
    token = csrf_token(client, form_url + str(letter_id))
    refused = client.post(form_url + str(letter_id), data={"csrf_token": token, "lodged_on": "2026-06-22"})
    assert refused.status_code == 422, "the objection's grounds are required"
    done = client.post(form_url + str(letter_id), data={"csrf_token": token, **OBJECTION})
    assert done.status_code == 302 and "reopened=1" in done.headers["Location"]
    assert env.services.cases.get_case(s.case_id).status == "running"
    after = client.get(f"/cases/{s.case_id}").get_data(as_text=True)
    assert "Bezwaar na sluiting van de zaak" not in after, "a running case takes the objection as a message"
    assert client.get(form_url + str(letter_id)).status_code == 409


def test_a_reopened_case_shows_its_objection_running_and_the_reopening_in_the_timeline(env: WebEnv) -> None:
    from .conftest import csrf_token

    s = _negative_decision_sent_on(env.services.cases, env.clock, dt.date(2026, 4, 18))
    s.advance_to(dt.datetime(2026, 6, 22, 9, 0, tzinfo=dt.timezone.utc))
    env.link(s.case_id, "lawyer", "lawyer")
    client = env.client()
    env.login(client, "lawyer")
    form_url = f"/cases/{s.case_id}/objection-after-closure/"
    page = client.get(f"/cases/{s.case_id}").get_data(as_text=True)
    letter_id = int(page.split(form_url)[1].split('"')[0])
    token = csrf_token(client, form_url + str(letter_id))
    assert client.post(form_url + str(letter_id), data={"csrf_token": token, **OBJECTION}).status_code == 302
    page = client.get(f"/cases/{s.case_id}").get_data(as_text=True)
    assert "Lopende procedures: 1" in page and "Lopende procedures: 0" not in page
    assert "<dd>Bezwaar en beroep</dd>" in page  # the procedure running, by name
    timeline = page.split('id="h-timeline"', 1)[1]
    assert "Zaak heropend voor bezwaar na sluiting" in timeline
    english = client.get(f"/cases/{s.case_id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    english_timeline = english.split('id="h-timeline"', 1)[1]
    assert "Case reopened for an objection after closure" in english_timeline
    # the models' Dutch task and deadline names read in English on an English page
    assert "Register the signal" in english_timeline and "Signaal registreren" not in english_timeline


def test_where_a_procedure_stands_is_named_in_the_readers_language(env: WebEnv) -> None:
    """The case file's 'Staat bij' names the event a procedure waits for (here the reconsideration and
    objection terms after a negative final decision), in English on an English page."""
    s = _negative_decision_sent_on(env.services.cases, env.clock, dt.date(2026, 4, 18))
    client = env.client()
    env.login(client, "coordinator")
    dutch = client.get(f"/cases/{s.case_id}").get_data(as_text=True)
    assert "Staat bij: Heroverwegings- en bezwaartermijn lopen" in dutch
    english = client.get(f"/cases/{s.case_id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    text = re.sub(r"<svg.*?</svg>", "", english, flags=re.S)  # the diagrams draw the models' own (Dutch) names
    assert "Stands at: Reconsideration and objection terms running" in text and "Heroverwegings" not in text
