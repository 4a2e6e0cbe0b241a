"""The `erkend` command line: database, demo data, server, worker, model checks, policy simulation, clock and
deadlines."""
from __future__ import annotations

import datetime as dt
import json
import sys
import threading
from pathlib import Path

import click

from engine.deadlines import InvalidTerm, Rule, compute_deadline
from engine.errors import ValidationFailed


def _services():  # type: ignore[no-untyped-def]
    from web.services import build_services
    from web.settings import Settings

    return build_services(Settings())


def _refuse_broken_models(services) -> None:  # type: ignore[no-untyped-def]
    """A server or worker never starts on models that fail the checks: new cases would run on them."""
    faults = services.library.validate_all(services.forms.has)
    for fault in faults:
        click.echo(f"{fault.file}: {fault.element_id}: {fault.reason}", err=True)
    if faults:
        raise click.ClickException(f"{len(faults)} fault(s) in the process models; see `erkend processes check`")


@click.group(help="erkend: identification of victims of human trafficking, decoupled from investigations.")
def main() -> None:
    pass


@main.group(help="Database schema.")
def db() -> None:
    pass


@db.command("upgrade", help="Apply every pending migration.")
def db_upgrade() -> None:
    from engine.store.migrate import upgrade

    services = _services()
    upgrade(services.db)
    click.echo(f"database at {services.db.url.render_as_string(hide_password=True)} is up to date")


@main.command(help="Seed fictional demo users and cases (running it twice changes nothing).")
def demo() -> None:
    from engine.demo import DEMO_USERS, demo_password, seed_demo

    services = _services()
    created = seed_demo(services.sessions, services.cases, services.clock)
    click.echo(f"demo data: {created['users']} users and {created['cases']} cases created")
    click.echo("demo logins (fictional people; local demo only):")
    for username, name, roles in DEMO_USERS:
        click.echo(f"  {username:<12} password {demo_password(username):<18} {', '.join(roles)} ({name})")


@main.command(help="Serve the web application with a production WSGI server (waitress).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--with-worker/--no-worker", default=False, help="Also fire due timers in this process.")
def serve(host: str, port: int, with_worker: bool) -> None:
    from waitress import serve as waitress_serve

    from web import create_app

    _log_to_stderr()
    services = _services()
    _refuse_broken_models(services)
    if with_worker:
        services.worker = _timer_worker(services, 5.0)
        threading.Thread(target=services.worker.run, daemon=True, name="timer-worker").start()
    app = create_app(services=services)
    click.echo(f"erkend serving on http://{host}:{port}" + (" (training mode)" if services.settings.training else ""))
    waitress_serve(app, host=host, port=port, threads=8)


def _timer_worker(services, interval: float):  # type: ignore[no-untyped-def]
    from engine.timer_worker import TimerWorker

    return TimerWorker(services.cases, services.wall, interval=interval, report=click.echo)


@main.command(help="Fire due timers: forever, or once with --once. Survives database outages.")
@click.option("--once", is_flag=True)
@click.option("--interval", default=5.0, show_default=True, help="Seconds between polls.")
def worker(once: bool, interval: float) -> None:
    _log_to_stderr()
    services = _services()
    _refuse_broken_models(services)
    timer_worker = _timer_worker(services, interval)
    timer_worker.run(passes=1 if once else None)
    if timer_worker.heartbeat.failures:
        raise click.ClickException(f"the pass failed ({timer_worker.heartbeat.last_error_class}); see the log")


def _log_to_stderr() -> None:
    import logging

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


@main.group(help="Timers that failed: list them (the default), retry one.", invoke_without_command=True)
@click.pass_context
def timers(context: click.Context) -> None:
    if context.invoked_subcommand is None:
        context.invoke(timers_list)


@timers.command("list", help="Timers parked as incidents or stuck, and timers failing and waiting to retry.")
def timers_list() -> None:
    from engine.timers import problem_timers

    with _services().sessions() as session:
        problems = problem_timers(session)
    if not problems:
        click.echo("no failed timers")
        return
    for p in problems:
        retry = f", next attempt {p.next_attempt_at.isoformat(timespec='seconds')}" if p.next_attempt_at else ""
        error = f"{p.last_error_class}: {p.last_error}" if p.last_error_class else "-"
        click.echo(f"{p.id:>6}  {p.status:<8} {p.case_reference:<16} {p.name!r} due "
                   f"{p.due_at.isoformat(timespec='seconds')}, {p.attempts} attempt(s){retry}; {error}")


@timers.command("retry", help="Put a parked or failing timer back in the queue; written to the audit log.")
@click.argument("timer_id", type=int)
def timers_retry(timer_id: int) -> None:
    import getpass

    from engine.errors import InvalidTransition, NotFound
    from engine.ports import Actor
    from engine.timers import retry_timer

    services = _services()
    actor = Actor.system(f"cli:{getpass.getuser()}", purpose="timer retried by an operator")
    try:
        retry_timer(services.sessions, timer_id, services.clock.now(), actor)
    except (NotFound, InvalidTransition) as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"timer {timer_id} is pending again; the next worker pass fires it")


@main.group(help="Process models.")
def processes() -> None:
    pass


@processes.command("check", help="Parse and check every model; exit 1 on any fault.")
@click.option("--dir", "directory", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None)
def processes_check(directory: Path | None) -> None:
    from engine.specs import PROCESSES_DIR, SpecLibrary
    from forms.catalogue import all_forms

    library = SpecLibrary(directory or PROCESSES_DIR)
    faults = library.validate_all(all_forms().has)
    for fault in faults:
        click.echo(f"{fault.file}: {fault.element_id}: {fault.reason}", err=True)
    if faults:
        sys.exit(1)
    for variant in library.variants:
        model_set = library.current(variant)
        click.echo(f"{variant}: {len(model_set.files)} files, {len(model_set.process_ids)} processes, "
                   f"version {model_set.version[:12]} - ok")


@main.group(help="Policy simulation: synthetic caseloads through the real models of each variant.")
def simulate() -> None:
    pass


@simulate.command("run", help="Run a scenario (every variant, every replication), print the KPIs with 95 % CIs "
                  "and write an HTML report: erkend simulate run processes/scenarios/nl-decoupled.yaml")
@click.argument("scenario", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--replications", "-r", type=click.IntRange(min=1), default=None,
              help="Replications per variant (default: the scenario's).")
@click.option("--compare", "other", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="A second scenario file to set side by side.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="HTML report to write.")
@click.option("--json", "json_out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="KPIs per replication as JSON.")
@click.option("--workers", "-w", type=click.IntRange(min=1), default=1, show_default=True,
              help="Processes to spread the replications over (same results as one).")
def simulate_run(scenario: Path, replications: int | None, other: Path | None, out: Path | None,
                 json_out: Path | None, workers: int) -> None:
    from engine.simulation import experiment, report
    from engine.simulation import scenario as scenario_file
    from engine.simulation.model_names import check
    from engine.specs import SpecLibrary
    from forms.catalogue import all_forms

    forms, library = all_forms(), SpecLibrary()
    try:
        scenarios = [scenario_file.load(path) for path in ([scenario] + ([other] if other else []))]
        for s in scenarios:
            check(s, library)
    except scenario_file.ScenarioInvalid as error:
        for where, name, reason in error.faults:
            click.echo(f"{where}: {name}: {reason}", err=True)
        raise click.ClickException(f"{len(error.faults)} fault(s) in the scenario") from error
    runs = replications or scenarios[0].replications
    columns: list[tuple[str, list[dict[str, float]]]] = []
    total = sum(runs * len(s.variants) for s in scenarios)
    with click.progressbar(length=total, label="simulating", file=sys.stderr) as bar:
        for s in scenarios:
            if workers > 1:
                results = experiment.run_parallel(s, all_forms, workers, runs, progress=bar.update)
            else:
                results = experiment.run(s, forms, runs, library, progress=bar.update)
            prefix = f"{s.name}: " if other else ""
            columns += [(prefix + variant, kpis) for variant, kpis in results.items()]
    click.echo(report.text_table(columns))
    if out:
        out.write_text(report.html_report(scenarios, columns, runs), encoding="utf-8")
        click.echo(f"report written to {out}")
    if json_out:
        json_out.write_text(json.dumps({label: kpis for label, kpis in columns}, indent=1, allow_nan=True))
        click.echo(f"KPIs written to {json_out}")


@simulate.command("schema", help="Print the scenario file's JSON Schema (for editors).")
def simulate_schema() -> None:
    from engine.simulation.schema import SCHEMA

    click.echo(json.dumps(SCHEMA, indent=2, ensure_ascii=False))


@main.group(help="The virtual clock of training mode (ERKEND_TRAINING=1).")
def clock() -> None:
    pass


@clock.command("advance", help="Move the training clock forward by an ISO 8601 term, e.g. P3M, P6W, PT36H.")
@click.argument("term")
def clock_advance(term: str) -> None:
    from engine.store.training_clock import StoredOffsetClock, term_delta

    services = _services()
    if not services.settings.training or not isinstance(services.clock, StoredOffsetClock):
        raise click.ClickException("the clock can only be moved in training mode (ERKEND_TRAINING=1)")
    try:
        now = services.clock.advance(term_delta(services.clock.now(), term))
    except (InvalidTerm, ValueError, OverflowError) as error:
        raise click.BadParameter(str(error), param_hint="TERM") from error
    fired = services.cases.fire_due_timers(limit=10_000)
    click.echo(f"training clock now {now.isoformat(timespec='seconds')}; fired {fired} due timer(s)")


@clock.command("show", help="Print the clock erkend uses.")
def clock_show() -> None:
    click.echo(_services().clock.now().isoformat(timespec="seconds"))


@main.command(help="Compute a deadline and show how: erkend deadline 2026-03-24 P6W --rule statutory")
@click.argument("base")
@click.argument("term")
@click.option("--rule", type=click.Choice([r.value for r in Rule]), default=Rule.CALENDAR.value, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print an object with `deadline` and `steps`.")
def deadline(base: str, term: str, rule: str, as_json: bool) -> None:
    try:
        base_value: dt.date | dt.datetime = (dt.datetime.fromisoformat(base) if "T" in base
                                             else dt.date.fromisoformat(base))
    except ValueError as error:
        raise click.BadParameter(f"{base!r} is not an ISO date (YYYY-MM-DD)", param_hint="BASE") from error
    try:
        result = compute_deadline(base_value, term, Rule(rule))
    except (InvalidTerm, ValueError, OverflowError) as error:
        raise click.BadParameter(str(error), param_hint="TERM") from error
    click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False) if as_json else result.explain())


@main.group(help="User accounts.")
def users() -> None:
    pass


@users.command("create", help="Create a user; --token prints an API token (shown once).")
@click.option("--username", required=True)
@click.option("--role", "roles", multiple=True, required=True)
@click.option("--password", default=None, help="Omit for token-only integration accounts.")
@click.option("--name", "display_name", default=None)
@click.option("--token", "with_token", is_flag=True)
def users_create(username: str, roles: tuple[str, ...], password: str | None, display_name: str | None,
                 with_token: bool) -> None:
    from engine.accounts import create_user
    from engine.store.db import UnitOfWork

    services = _services()
    try:
        with UnitOfWork(services.sessions) as uow:
            _, token = create_user(uow.session, username, roles, services.clock.now(), password=password,
                                   display_name=display_name, with_token=with_token, by="cli")
            uow.commit()
    except ValidationFailed as error:
        raise click.ClickException("; ".join(f"{k}: {', '.join(v)}" for k, v in error.errors.items())) from error
    click.echo(token if token else f"user {username} created")


@users.command("revoke", help="Revoke a user's API token: it stops working at once (audited).")
@click.option("--username", required=True)
def users_revoke(username: str) -> None:
    from engine.accounts import revoke_token
    from engine.store.db import UnitOfWork

    services = _services()
    try:
        with UnitOfWork(services.sessions) as uow:
            had = revoke_token(uow.session, username, "cli", services.clock.now())
            uow.commit()
    except ValidationFailed as error:
        raise click.ClickException("; ".join(f"{k}: {', '.join(v)}" for k, v in error.errors.items())) from error
    click.echo(f"token of {username} revoked" if had else f"{username} had no token")


@main.group(help="The audit trail.")
def audit() -> None:
    pass


@users.command("totp", help="Turn on the second sign-in factor for a user; prints the authenticator URI once.")
@click.option("--username", required=True)
def users_totp(username: str) -> None:
    import pyotp
    from sqlalchemy import select

    from engine.store.db import UnitOfWork
    from engine.store.event_log import append_event
    from engine.store.tables import User

    services = _services()
    secret = pyotp.random_base32()
    with UnitOfWork(services.sessions) as uow:
        user = uow.session.scalar(select(User).where(User.username == username))
        if user is None:
            raise click.ClickException(f"username: no user {username!r}")
        user.totp_secret = secret
        append_event(uow.session, case_id=None, at=services.clock.now(), kind="totp_enabled", actor="cli",
                     details={"username": username})
        uow.commit()
    click.echo(pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name="erkend"))


@audit.command("anchor", help="Seal the head of every case's chain in an anchor (the timer worker does so hourly).")
def audit_anchor() -> None:
    from engine.store.db import UnitOfWork
    from engine.store.event_log import anchor_chains

    services = _services()
    with UnitOfWork(services.sessions) as uow:
        anchor = anchor_chains(uow.session, services.wall.now())
        uow.commit()
    click.echo(f"anchor {anchor.id}: {len(anchor.heads)} chains sealed")


@audit.command("verify", help="Check the hash chain of the event log; names the first broken entry.")
def audit_verify() -> None:
    from engine.store.event_log import verify_chain

    with _services().sessions() as session:
        count, broken = verify_chain(session)
    if broken is not None:
        raise click.ClickException(f"event log broken at entry {broken} (after {count - 1} good entries)")
    click.echo(f"event log intact: {count} entries")


if __name__ == "__main__":
    main()
