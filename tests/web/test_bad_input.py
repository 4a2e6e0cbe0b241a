"""Nothing the caller sends breaks a case or the server (issue 12, item 3): each input the probe found
answering 500, or being stored and breaking every later read, answers 4xx in the documented shape and
changes nothing."""

from __future__ import annotations

from typing import Any, Callable

import pytest
from sqlalchemy import func, select

from engine.ports import Actor
from engine.store.tables import Case, CaseParty, Event, User

from .conftest import WebEnv, csrf_token


@pytest.fixture(params=["sqlite", "postgres"])
def env(request: pytest.FixtureRequest) -> WebEnv:
    """Both databases: several of these inputs answered 500 only on PostgreSQL (NUL in text, integer
    overflow), which SQLite takes in its stride."""
    return request.getfixturevalue("env" if request.param == "sqlite" else "pg_env")


DEEP_900 = '{"process_id": "procedure", "data": {"x": ' + "[" * 900 + "]" * 900 + "}}"
DEEP_10K = '{"process_id": "procedure", "data": {"x": ' + "[" * 10_000 + "]" * 10_000 + "}}"
BIG_INT = '{"process_id": "procedure", "data": {"n": ' + "9" * 5000 + "}}"
SURROGATE = '{"process_id": "procedure", "data": {"note": "\\ud800"}}'
NUL_TEXT = '{"process_id": "procedure", "data": {"note": "a\\u0000b"}}'


def _state(env: WebEnv) -> tuple[Any, ...]:
    with env.services.sessions() as s:
        return (s.scalar(select(func.count(Case.id))), s.scalar(select(func.sum(Case.row_version))),
                s.scalar(select(func.count(CaseParty.id))), s.scalar(select(func.count(User.id))))


def _intake_case(env: WebEnv) -> tuple[int, str]:
    case = env.services.cases.start_case("reference_case", {}, Actor.system("test-seed"))
    return case.id, case.tasks[0].id


def _api(env: WebEnv, method: str, path: str, body: str | dict | None = None) -> Any:
    client, headers = env.client(), env.api("coordinator")
    if isinstance(body, str):
        return client.open(path, method=method, data=body.encode("utf-8", "surrogatepass"), headers=headers,
                           content_type="application/json")
    return client.open(path, method=method, json=body, headers=headers)


def _task(env: WebEnv, data: dict, version: Any = None) -> Any:
    case_id, task_id = _intake_case(env)
    body: dict[str, Any] = {"data": data}
    if version is not None:
        body["version"] = version
    return _api(env, "POST", f"/api/v1/cases/{case_id}/tasks/{task_id}", body)


INTAKE = {"person_alias": "A.", "needs_review": False}
API_INPUTS: dict[str, Callable[[WebEnv], Any]] = {
    "json 900 deep": lambda env: _api(env, "POST", "/api/v1/cases", DEEP_900),
    "json 10,000 deep": lambda env: _api(env, "POST", "/api/v1/cases", DEEP_10K),
    "5,000-digit integer": lambda env: _api(env, "POST", "/api/v1/cases", BIG_INT),
    "lone surrogate": lambda env: _api(env, "POST", "/api/v1/cases", SURROGATE),
    "NUL in start data": lambda env: _api(env, "POST", "/api/v1/cases", NUL_TEXT),
    "id >= 2**31": lambda env: _api(env, "GET", "/api/v1/cases/2147483648"),
    "id 2**63": lambda env: _api(env, "GET", "/api/v1/cases/9223372036854775808/events"),
    "full-width digit": lambda env: _api(env, "GET", "/api/v1/cases/\uff15"),
    "offset >= 2**63": lambda env: _api(env, "GET", "/api/v1/cases?offset=9223372036854775808"),
    "version '²'": lambda env: _task(env, INTAKE, version="\u00b2"),
    "version 2**63": lambda env: _task(env, INTAKE, version=2**63),
    "signal date in 2035": lambda env: _task(env, {**INTAKE, "signal_date": "2035-01-01"}),
    "signal date 9999-12-31": lambda env: _task(env, {**INTAKE, "signal_date": "9999-12-31"}),
    "NUL in a party's name": lambda env: _api(env, "POST", f"/api/v1/cases/{env.start_case()}/parties",
                                              {"username": "lawyer\x00", "kind": "lawyer"}),
}


@pytest.mark.parametrize("name", sorted(API_INPUTS))
def test_api_answers_bad_input_with_4xx_in_the_error_shape_and_changes_nothing(env: WebEnv, name: str) -> None:
    API_INPUTS[name](env)  # the case the input is aimed at, if any, exists before the snapshot
    before = _state(env)
    response = API_INPUTS[name](env)
    assert 400 <= response.status_code < 500, (name, response.status_code)
    error = response.json["error"]
    assert set(error) <= {"code", "message", "fields"} and error["code"] and error["message"]
    assert _state(env)[2:] == before[2:]
    if name not in {"signal date in 2035", "signal date 9999-12-31", "version '²'", "version 2**63",
                    "NUL in a party's name"}:
        assert _state(env) == before


def test_dates_are_refused_with_a_reason_naming_the_field(env: WebEnv) -> None:
    response = _task(env, {**INTAKE, "signal_date": "2035-01-01"})
    reason = response.json["error"]["fields"]["signal_date"][0]
    assert "Datum signaal" in reason and "Date of signal" in reason and "toekomst" in reason


def test_a_refused_task_leaves_the_case_as_it_was(env: WebEnv) -> None:
    case_id, task_id = _intake_case(env)
    version = env.services.cases.get_case(case_id).version
    url = f"/api/v1/cases/{case_id}/tasks/{task_id}"
    for data in ({**INTAKE, "signal_date": "9999-12-31"}, {**INTAKE, "x": [[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]}):
        assert _api(env, "POST", url, {"data": data}).status_code == 422
    case = env.services.cases.get_case(case_id)
    assert case.version == version and [t.id for t in case.tasks] == [task_id]


def _page_login(env: WebEnv, username: str) -> Any:
    """`username` percent-encoded as a browser would send it (the test client cannot encode a surrogate)."""
    client = env.client()
    body = f"username={username}&password=xxxxxxxxx&csrf_token={csrf_token(client, '/login')}"
    return client.post("/login", data=body, content_type="application/x-www-form-urlencoded")


def _page_party(env: WebEnv) -> Any:
    case_id = env.start_case()
    client = env.client()
    env.login(client, "coordinator")
    token = csrf_token(client, "/coordinator/")
    return client.post(f"/coordinator/cases/{case_id}/parties",
                       data={"username": "lawyer\x00", "kind": "lawyer", "csrf_token": token})


def _page_task(env: WebEnv, signal_date: str, language: str = "nl") -> Any:
    case_id, task_id = _intake_case(env)
    client = env.client()
    env.login(client, "coordinator")
    token = csrf_token(client, f"/cases/{case_id}/tasks/{task_id}")
    return client.post(f"/cases/{case_id}/tasks/{task_id}",
                       data={"person_alias": "A.", "needs_review": "false", "signal_date": signal_date,
                             "csrf_token": token}, headers={"Accept-Language": language})


PAGE_INPUTS: dict[str, Callable[[WebEnv], Any]] = {
    "NUL in the login name": lambda env: _page_login(env, "admin%00"),
    "lone surrogate in the login name": lambda env: _page_login(env, "admin%ED%A0%80"),
    "NUL in a party's name": _page_party,
    "signal date in 2035": lambda env: _page_task(env, "2035-01-01"),
    "birth-like date 9999-12-31": lambda env: _page_task(env, "9999-12-31"),
    "case id >= 2**31": lambda env: env.client().get("/cases/2147483648"),
}


@pytest.mark.parametrize("name", sorted(PAGE_INPUTS))
def test_pages_answer_bad_input_with_4xx_and_change_nothing(env: WebEnv, name: str) -> None:
    before = _state(env)
    response = PAGE_INPUTS[name](env)
    assert 400 <= response.status_code < 500, (name, response.status_code)
    assert _state(env)[2:] == before[2:]
    if "date" in name:
        with env.services.sessions() as s:
            assert not s.scalar(select(func.count(Event.id)).where(Event.kind == "task_completed")), \
                "the intake task is still open"


def test_a_refused_date_on_a_page_names_the_field_in_both_languages(env: WebEnv) -> None:
    html = _page_task(env, "2035-01-01").get_data(as_text=True)
    assert "Datum signaal: mag niet in de toekomst liggen" in html and "cannot lie in the future" not in html
    english = _page_task(env, "2035-01-01", "en").get_data(as_text=True)
    assert "Date of signal: cannot lie in the future" in english and "toekomst" not in english
