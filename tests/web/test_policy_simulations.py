"""The policy page runs a simulation in the background: queued in the database, run by the worker, watched
while it runs (the page survives a reload), and read as a comparison in words with charts. Bad files and
numbers are refused with the field and the reason, and store nothing."""
from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select, update

from engine.simulation import runs
from engine.simulation.run_worker import SimulationWorker
from engine.store.tables import Event, SimulationRun
from tests.web.conftest import WebEnv, csrf_token

EXAMPLE = Path(__file__).resolve().parents[2] / "processes" / "scenarios" / "nl-decoupled.yaml"


def tiny_scenario(replications: int = 2) -> str:
    """The decoupled example with a handful of people, so a run takes seconds."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["name"] = "Kleine proef"
    data["replications"] = replications
    data["arrivals"]["rate_per_year"]["value"] = 60
    data["period"] = {"arrival_days": 45, "follow_up_days": 60}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _post(client, data: dict, upload: tuple[str, str] | None = None):  # type: ignore[no-untyped-def]
    form = {"csrf_token": csrf_token(client, "/policy/simulations/"), **data}
    if upload:
        form["upload"] = (io.BytesIO(upload[1].encode("utf-8")), upload[0])
    return client.post("/policy/simulations/", data=form, content_type="multipart/form-data")


def _runs(env: WebEnv) -> int:
    with env.services.sessions() as session:
        return session.scalar(select(func.count()).select_from(SimulationRun)) or 0


def _worker(env: WebEnv, name: str = "test", with_pdf: bool = False) -> SimulationWorker:
    from letters.simulation_report import pdf_bytes

    svc = env.services
    return SimulationWorker(svc.sessions, svc.forms, svc.library, svc.wall, name,
                            render_pdf=pdf_bytes if with_pdf else None)


def test_only_policy_makers_reach_the_simulations(env: WebEnv) -> None:
    for role in ("coordinator", "panel", "lawyer", "ind", "police", "admin"):
        client = env.client()
        env.login(client, role)
        assert client.get("/policy/simulations/").status_code == 403, role
    assert env.client().get("/policy/simulations/").status_code in (302, 401)


def test_an_invalid_scenario_file_is_refused_with_its_line_and_stores_nothing(env: WebEnv) -> None:
    client = env.client()
    env.login(client, "policy")
    broken = tiny_scenario().replace("seed: 20260105", "seed: twintig")
    page = _post(client, {"example": ""}, ("mijn-scenario.yaml", broken))
    html = page.get_data(as_text=True)
    assert page.status_code == 422
    assert "Het scenariobestand klopt niet" in html
    line = next(i for i, text in enumerate(broken.splitlines(), 1) if text.startswith("seed:"))
    assert f"mijn-scenario.yaml:{line}" in html and "seed" in html
    assert _runs(env) == 0


def test_a_number_of_replications_out_of_range_names_the_field(env: WebEnv) -> None:
    client = env.client()
    env.login(client, "policy")
    for value, reason in (("0", "Kies 1 tot en met 20 herhalingen."), ("21", "Kies 1 tot en met 20 herhalingen."),
                          ("２", "Vul een heel getal in."), ("1e3", "Vul een heel getal in.")):
        page = _post(client, {"example": "nl-decoupled.yaml", "replications": value})
        html = page.get_data(as_text=True)
        assert page.status_code == 422 and reason in html, value
        assert re.search(r'id="replications"[^>]*aria-invalid="true"', html), value
    assert _runs(env) == 0


def test_a_run_is_queued_watched_run_by_the_worker_and_read_as_a_comparison(env: WebEnv) -> None:
    client = env.client()
    env.login(client, "policy")
    answer = _post(client, {"example": "", "replications": "2"}, ("proef.yaml", tiny_scenario()))
    assert answer.status_code == 302
    page_url = answer.headers["Location"]
    waiting = client.get(page_url).get_data(as_text=True)
    assert "wacht op de verwerker" in waiting and 'http-equiv="refresh"' in waiting
    assert "0 van 4 herhalingen klaar" in waiting  # 2 replications x 2 variants

    assert _worker(env, with_pdf=True).run_pass() == "done"

    done = client.get(page_url).get_data(as_text=True)  # a reload: the run is kept in the database
    assert 'http-equiv="refresh"' not in done and "klaar" in done
    assert "huidige werkwijze" in done and "ontkoppelde identificatie" in done  # variants in words
    assert "Bedenktijd verleend" in done and "Mediaan dagen tot eindbesluit identificatie" in done
    assert "<svg" in done and "Mensen die bescherming krijgen" in done
    assert "nl-decoupled" not in done and "days_to_final_decision" not in done  # no codes on the page
    assert "utilisation_" not in done and "per_week_" not in done and "Bezetting multidisciplinair panel" in done
    assert "aangenomen" in done  # the assumptions are listed
    report = client.get(page_url + "/report")
    assert report.status_code == 200 and "attachment" in report.headers["Content-Disposition"]
    assert "<svg" in report.get_data(as_text=True)
    pdf = client.get(page_url + "/report.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF") and "Rapport downloaden (PDF)" in done
    from io import BytesIO

    from pypdf import PdfReader
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf.data)).pages)
    assert "ontkoppelde identificatie" in text and "Bedenktijd verleend" in text

    with env.services.sessions() as session:
        kinds = session.scalars(select(Event.kind).where(Event.kind.like("simulation_%")).order_by(Event.id)).all()
        run = session.scalars(select(SimulationRun)).one()
    assert kinds == ["simulation_requested", "simulation_done"]
    assert run.done_steps == run.total_steps == 4 and set(run.results or {}) == {"nl-current", "nl-decoupled"}
    listing = client.get("/policy/simulations/").get_data(as_text=True)
    assert "Kleine proef" in listing and "100 %" in listing


def test_the_web_run_gives_the_figures_of_the_command_line_run(env: WebEnv) -> None:
    """The page shows what `erkend simulate` computes: the same scenario, the same seed, the same KPIs."""
    from engine.simulation import experiment
    from engine.simulation import scenario as scenario_file

    client = env.client()
    env.login(client, "policy")
    _post(client, {"example": "", "replications": "1"}, ("proef.yaml", tiny_scenario()))
    _worker(env).run_pass()
    done = runs.outcome(env.services.sessions, 1)
    assert done is not None
    direct = experiment.run(scenario_file.parse(tiny_scenario()), env.services.forms, 1, env.services.library)
    for variant, reps in done.columns:
        for key, value in direct[variant][0].items():
            stored = reps[0][key]
            assert stored == value or (stored != stored and value != value), (variant, key)  # NaN == NaN


def test_a_run_whose_worker_died_is_taken_over_and_the_dead_worker_writes_nothing(env: WebEnv) -> None:
    svc = env.services
    now = svc.wall.now()
    run_id = runs.submit(svc.sessions, svc.library, user="policy", role="policy", text=tiny_scenario(1),
                         file_name="proef.yaml", replications=1, now=now)
    assert runs.claim_next(svc.sessions, "first", now) == run_id
    assert runs.claim_next(svc.sessions, "second", now) is None  # fresh heartbeat: still the first's
    later = now + runs.STALE_AFTER + dt.timedelta(seconds=1)
    assert runs.claim_next(svc.sessions, "second", later) == run_id
    # the first worker wakes up: its first progress write finds the run is no longer its own
    assert runs.execute(svc.sessions, run_id, "first", svc.forms, svc.library, svc.wall) == "lost"
    with svc.sessions() as session:
        run = session.get(SimulationRun, run_id)
        assert run is not None and run.status == "running" and run.worker == "second" and run.attempts == 2
    assert runs.execute(svc.sessions, run_id, "second", svc.forms, svc.library, svc.wall) == "done"


def test_a_run_that_keeps_losing_its_worker_is_given_up_with_the_reason(env: WebEnv) -> None:
    svc = env.services
    now = svc.wall.now()
    run_id = runs.submit(svc.sessions, svc.library, user="policy", role="policy", text=tiny_scenario(1),
                         file_name="proef.yaml", replications=1, now=now)
    with svc.sessions.begin() as session:
        session.execute(update(SimulationRun).where(SimulationRun.id == run_id).values(
            status="running", attempts=runs.MAX_ATTEMPTS, heartbeat_at=now - 2 * runs.STALE_AFTER))
    assert runs.claim_next(svc.sessions, "another", now) is None
    view = runs.get(svc.sessions, run_id)
    assert view is not None and view.status == "failed" and "stopped 3 times" in (view.error or "")


@pytest.mark.postgres
def test_results_without_cases_behind_a_figure_are_stored_on_postgres(pg_env: WebEnv) -> None:
    """A KPI with no cases behind it is NaN, which PostgreSQL's JSON refuses: stored as null, read back
    as NaN and shown as a dash."""
    svc = pg_env.services
    run_id = runs.submit(svc.sessions, svc.library, user="policy", role="policy", text=tiny_scenario(1),
                         file_name="proef.yaml", replications=1, now=svc.wall.now())
    assert _worker(pg_env).run_pass() == "done"
    done = runs.outcome(svc.sessions, run_id)
    assert done is not None
    values = [value for _variant, reps in done.columns for value in reps[0].values()]
    assert any(value != value for value in values), "expected at least one figure with no cases behind it"
    client = pg_env.client()
    pg_env.login(client, "policy")
    assert "–" in client.get(f"/policy/simulations/{run_id}").get_data(as_text=True)


def test_the_example_scenarios_are_named_in_the_readers_language(env: WebEnv) -> None:
    client = env.client()
    env.login(client, "policy")
    dutch = client.get("/policy/simulations/").get_data(as_text=True)
    assert "Ontkoppelde identificatie naast de huidige werkwijze" in dutch and "Brits model: kinderpanels" in dutch
    assert "Decoupled identification vs" not in dutch
    english = client.get("/policy/simulations/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Decoupled identification vs the current procedure" in english and "UK-like model" in english
    assert "Ontkoppelde identificatie naast" not in english
