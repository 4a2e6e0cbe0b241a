"""The API against its own OpenAPI document (issue 12, item 3): schemathesis runs every phase (examples,
coverage, fuzzing, stateful) with all checks, in-process through WSGI, with a fixed seed and a bounded
number of examples, and finds no failure. And a client that knows only the document starts a case."""

from __future__ import annotations

from typing import Any, Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import engine as st_engine
from schemathesis.config import SchemathesisConfig
from schemathesis.transport import wsgi as st_wsgi

from .conftest import WebEnv

SEED = 20261206
MAX_EXAMPLES = 10  # per operation and phase: the run stays under a minute on a busy 2-core machine

# Where a schema-valid body is refused for a reason no schema can state, the document says so and the
# check accepts 422 there: a task's data must fit *that task's* form (its JSON Schema is `form_schema`
# in GET /cases/{id}/tasks), and a party must be an existing account holding the role.
STATE_DEPENDENT_422 = ["/api/v1/cases/{case_id}/tasks/{task_id}", "/api/v1/cases/{case_id}/parties"]


@pytest.fixture
def _wsgi_transport_without_socket_options(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """schemathesis 4.32 passes `max_redirects` (a socket option) on to werkzeug's EnvironBuilder when it
    calls a WSGI app without a requests session, which werkzeug refuses; drop it as its own code does for
    a requests session."""
    send = st_wsgi.WSGITransport.send

    def patched(self: Any, case: Any, **kwargs: Any) -> Any:
        for name in ("max_redirects", "verify", "cert", "proxies"):
            kwargs.pop(name, None)
        return send(self, case, **kwargs)

    monkeypatch.setattr(st_wsgi.WSGITransport, "send", patched)
    yield


def _seeded(env: WebEnv) -> None:
    """Cases for the generated ids to find: one past intake, one with a lawyer and an investigator."""
    first, second = env.start_case("Testpersoon A."), env.start_case("Testpersoon B.")
    env.link(second, "lawyer", "lawyer")
    env.link(first, "police", "investigator")


def _config(env: WebEnv) -> SchemathesisConfig:
    return SchemathesisConfig.from_dict({
        "seed": SEED,
        "headers": env.api("coordinator"),
        "continue-on-failure": True,
        "suppress-health-check": ["all"],
        "generation": {"max-examples": MAX_EXAMPLES, "mode": "all", "deterministic": True, "database": "none"},
        "checks": {"enabled": True},
        "phases": {"stateful": {"max-steps": 6}},
        "operations": [{"include-path": path, "checks": {"positive_data_acceptance": {
            "expected-statuses": ["2XX", "3XX", 401, 403, 404, 409, 422, 429]}}} for path in STATE_DEPENDENT_422],
    })


def _failures(events: Any, phases: dict[str, str]) -> dict[tuple[str, str, str], str]:
    found: dict[tuple[str, str, str], str] = {}
    for event in events:
        name = type(event).__name__
        if name == "PhaseFinished":
            phases[event.phase.name.value] = str(event.status.value)
        if name in {"NonFatalError", "FatalError"}:
            found[("-", name, str(getattr(event, "info", event))[:200])] = ""
        if name != "ScenarioFinished":
            continue
        for case_id, checks in event.recorder.checks.items():
            for check in checks:
                if check.status.name != "FAILURE":
                    continue
                info = check.failure_info
                case = event.recorder.cases[case_id].value
                key = (event.recorder.label, check.name, info.failure.title if info else "")
                found.setdefault(key, f"{case.method} {case.formatted_path} -> {info.code_sample if info else ''}")
    return found


@pytest.mark.usefixtures("_wsgi_transport_without_socket_options")
@pytest.mark.parametrize("backend", ["env", "pg_env"])
def test_schemathesis_finds_no_failure_with_all_checks(backend: str, request: pytest.FixtureRequest) -> None:
    env: WebEnv = request.getfixturevalue(backend)
    _seeded(env)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", env.app, config=_config(env))
    phases: dict[str, str] = {}
    failures = _failures(st_engine.from_schema(schema).execute(), phases)
    assert failures == {}, "\n".join(f"{k}: {v}" for k, v in sorted(failures.items()))
    # Every generating phase ran (a phase that errors or is skipped would pass vacuously).
    assert {p: phases.get(p) for p in ("coverage", "fuzzing", "stateful")} == dict.fromkeys(
        ("coverage", "fuzzing", "stateful"), "success")


@pytest.mark.usefixtures("_wsgi_transport_without_socket_options")
def test_a_client_that_reads_only_the_openapi_document_starts_a_case(env: WebEnv) -> None:
    """Every request the document allows for POST /cases (its enums, its start form) starts a case."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", env.app)
    start = schema["/api/v1/cases"]["POST"]
    started: list[int] = []

    @settings(max_examples=5, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(start.as_strategy())
    def starts(case: Any) -> None:
        response = case.call(headers=env.api("coordinator"))
        assert response.status_code == 201, response.text
        started.append(response.json()["id"])

    starts()
    assert started
    case = env.services.cases.get_case(started[-1])
    assert case.process_id == "procedure" and case.tasks
