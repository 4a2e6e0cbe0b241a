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
from web.cli_simulate import ScenarioFirstGroup, simulate_scenario


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
    from engine.application.database import upgrade_schema

    click.echo(f"database at {upgrade_schema(_services())} is up to date")


@main.command(help="Seed fictional demo users and cases (running it twice changes nothing).")
def demo() -> None:
    from engine.application.admin import seed_demo_data
    from engine.demo import DEMO_USERS, demo_password

    created = seed_demo_data(_services())
    click.echo(f"demo data: {created['users']} users and {created['cases']} cases created")
    click.echo("demo logins (fictional people; local demo only):")
    for username, name, roles in DEMO_USERS:
        click.echo(f"  {username:<12} password {demo_password(username):<18} {', '.join(roles)} ({name})")


@main.command(help="Serve the web application with a production WSGI server (waitress).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--with-worker/--no-worker", default=False,
              help="Also fire due timers and run simulations in this process.")
def serve(host: str, port: int, with_worker: bool) -> None:
    from waitress import serve as waitress_serve

    from web import create_app

    _log_to_stderr()
    services = _services()
    _refuse_broken_models(services)
    if with_worker:
        services.worker = _timer_worker(services, 5.0)
        threading.Thread(target=services.worker.run, daemon=True, name="timer-worker").start()
        _start_simulation_worker(services)
    app = create_app(services=services)
    click.echo(f"erkend serving on http://{host}:{port}" + (" (training mode)" if services.settings.training else ""))
    waitress_serve(app, host=host, port=port, threads=8)


def _timer_worker(services, interval: float):  # type: ignore[no-untyped-def]
    from engine.application.database import checkpoint_chore
    from engine.timer_worker import TimerWorker

    checkpoints = checkpoint_chore(services)
    return TimerWorker(services.cases, services.wall, interval=interval, report=click.echo, chores=[checkpoints])


def _start_simulation_worker(services):  # type: ignore[no-untyped-def]
    """Simulations asked for on the policy page run in a thread of their own, never in the timers' way."""
    from engine.simulation.run_worker import SimulationWorker
    from engine.timer_worker import worker_name
    from letters.simulation_report import pdf_bytes

    simulations = SimulationWorker(services.sessions, services.forms, services.library, services.wall, worker_name(),
                                   render_pdf=pdf_bytes)
    threading.Thread(target=simulations.run, daemon=True, name="simulation-worker").start()


@main.command(help="Fire due timers and run the simulations asked for on the policy page: forever, or one "
                   "pass of timers with --once. Survives database outages.")
@click.option("--once", is_flag=True)
@click.option("--interval", default=5.0, show_default=True, help="Seconds between polls.")
def worker(once: bool, interval: float) -> None:
    _log_to_stderr()
    services = _services()
    _refuse_broken_models(services)
    if not once:
        _start_simulation_worker(services)
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
    from engine.application.timers_admin import problems as problem_timers

    problems = problem_timers(_services())
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

    from engine.application.timers_admin import retry
    from engine.errors import InvalidTransition, NotFound
    from engine.ports import Actor

    actor = Actor.system(f"cli:{getpass.getuser()}", purpose="timer retried by an operator")
    try:
        retry(_services(), actor, timer_id)
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


@main.group(cls=ScenarioFirstGroup,
            help="Policy simulation: synthetic caseloads through the real models of each variant. "
                 "erkend simulate SCENARIO.yaml [--replications N] [--out DIR] [--workers K] "
                 "[--find panel_members --target \"p90_final_decision_days<=56\"] writes the KPIs, a CSV per "
                 "case, the event log (CSV and XES), charts and a PDF report.")
def simulate() -> None:
    pass


simulate.add_command(simulate_scenario)


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
@click.option("--cluster", metavar="tcp://HOST:PORT", default=None,
              help="A Dask distributed scheduler to run the replications on (needs erkend[cluster]; "
                   "same results as one process).")
def simulate_run(scenario: Path, replications: int | None, other: Path | None, out: Path | None,
                 json_out: Path | None, workers: int, cluster: str | None) -> None:
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
            if cluster:
                try:
                    results = experiment.run_cluster(s, all_forms, cluster, runs, progress=bar.update)
                except (RuntimeError, OSError) as error:
                    raise click.ClickException(f"cluster {cluster}: {error}") from error
            elif workers > 1:
                results = experiment.run_parallel(s, all_forms, workers, runs, progress=bar.update)
            else:
                results = experiment.run(s, forms, runs, library, progress=bar.update)
            prefix = f"{s.name_en or s.name}: " if other else ""
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
    from engine.application.training import advance_clock, movable

    services = _services()
    if not services.settings.training or not movable(services):
        raise click.ClickException("the clock can only be moved in training mode (ERKEND_TRAINING=1)")
    try:
        moved = advance_clock(services, term)
    except ValidationFailed as error:
        raise click.BadParameter("; ".join(error.errors.get("term", [])), param_hint="TERM") from error
    click.echo(f"training clock now {moved.now.isoformat(timespec='seconds')}; fired {moved.fired} due timer(s)")


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
@click.option("--token-days", type=click.IntRange(min=1, max=366), default=90, show_default=True,
              help="The token expires after this many days.")
def users_create(username: str, roles: tuple[str, ...], password: str | None, display_name: str | None,
                 with_token: bool, token_days: int) -> None:
    from engine.application.admin import create_account_cli

    try:
        token = create_account_cli(_services(), username, roles, password, display_name, with_token, token_days)
    except ValidationFailed as error:
        raise click.ClickException("; ".join(f"{k}: {', '.join(v)}" for k, v in error.errors.items())) from error
    click.echo(token if token else f"user {username} created")


@users.command("revoke", help="Revoke a user's API token and end every sign-in session: both stop working at "
                              "once (audited).")
@click.option("--username", required=True)
def users_revoke(username: str) -> None:
    from engine.application.admin import revoke_account_token

    try:
        had, ended = revoke_account_token(_services(), username)
    except ValidationFailed as error:
        raise click.ClickException("; ".join(f"{k}: {', '.join(v)}" for k, v in error.errors.items())) from error
    click.echo((f"token of {username} revoked" if had else f"{username} had no token")
               + f"; {ended} session(s) ended")


@users.command("token", help="Issue a new API token (printed once) that expires after --days; replaces the old one.")
@click.option("--username", required=True)
@click.option("--days", type=click.IntRange(min=1, max=366), default=90, show_default=True)
def users_token(username: str, days: int) -> None:
    from engine.application.admin import issue_account_token

    try:
        token = issue_account_token(_services(), username, days)
    except ValidationFailed as error:
        raise click.ClickException("; ".join(f"{k}: {', '.join(v)}" for k, v in error.errors.items())) from error
    click.echo(token)


@users.command("end-sessions", help="End every sign-in session of a user at once (audited).")
@click.option("--username", required=True)
def users_end_sessions(username: str) -> None:
    from engine.application.admin import end_sessions_cli

    try:
        ended = end_sessions_cli(_services(), username)
    except ValidationFailed as error:
        raise click.ClickException("; ".join(f"{k}: {', '.join(v)}" for k, v in error.errors.items())) from error
    click.echo(f"{ended} session(s) of {username} ended")


@main.group(help="Running cases.")
def cases() -> None:
    pass


@cases.command("migrate", help="Move running cases to model version VERSION (hash or its first 8+ characters); "
               "a case standing on a changed or removed element is refused and named. Audited.")
@click.option("--to", "version", required=True, help="The target model version.")
@click.option("--dry-run", is_flag=True, help="Report what would happen; change nothing.")
def cases_migrate(version: str, dry_run: bool) -> None:
    import getpass

    from engine.case_migration import migrate_cases, resolve_target
    from engine.errors import NotFound
    from engine.ports import Actor

    services = _services()
    try:
        target = resolve_target(services.cases, version)
    except NotFound as error:
        raise click.ClickException(str(error)) from error
    actor = Actor.system(f"cli:{getpass.getuser()}", purpose="model migration")
    results = migrate_cases(services.cases, target, actor, dry_run=dry_run)
    for r in results:
        if r.outcome == "refused":
            where = f" at {r.element}" if r.element else ""
            click.echo(f"{r.reference:<16} refused{where}: {r.reason}")
        elif r.outcome == "migrated":
            click.echo(f"{r.reference:<16} {'would migrate' if dry_run else 'migrated'} "
                       f"{r.from_version[:12]} -> {target.version[:12]}"
                       f" (added {', '.join(r.added) or '-'}; changed {', '.join(r.changed) or '-'})")
        else:
            click.echo(f"{r.reference:<16} unchanged (already on {target.version[:12]})")
    counts = {k: sum(r.outcome == k for r in results) for k in ("migrated", "refused", "unchanged")}
    click.echo(f"{'dry run: ' if dry_run else ''}{counts['migrated']} migrated, {counts['refused']} refused, "
               f"{counts['unchanged']} unchanged (variant {target.variant}, version {target.version[:12]})")


@main.command(help="Back up the whole database to PATH (SQLite: online backup API; PostgreSQL: pg_dump).")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup(path: Path) -> None:
    from engine.backup import BackupError
    from engine.backup import backup as make_backup

    services = _services()
    try:
        made = make_backup(services.db, path)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"backup written to {made.path} ({made.kind}, {made.size} bytes)")


@main.command(help="Replace the database's content with the backup at PATH, then verify the audit chain. "
              "Stop the server and workers first.")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore(path: Path, yes: bool) -> None:
    from engine.application.database import verify_log
    from engine.backup import BackupError
    from engine.backup import restore as restore_backup

    services = _services()
    where = services.db.url.render_as_string(hide_password=True)
    if not yes:
        click.confirm(f"replace everything in {where} with {path}?", abort=True)
    try:
        restore_backup(services.db, path)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    count, broken = verify_log(services)
    if broken is not None:
        raise click.ClickException(f"restored, but the event log is broken at entry {broken}")
    click.echo(f"restored {where} from {path}; event log intact: {count} entries. "
               "Run `erkend db upgrade` if the backup is older than this version of erkend.")


@main.group(help="Retention of closed cases (policy value case_retention).")
def retention() -> None:
    pass


@retention.command("run", help="Purge cases closed longer than the retention term; keeps a record "
                   "(reference, dates) and the audit log. --dry-run lists them only.")
@click.option("--dry-run", is_flag=True)
def retention_run(dry_run: bool) -> None:
    import getpass

    from engine.legal_values import load_policy
    from engine.ports import Actor
    from engine.retention import run_retention

    services = _services()
    actor = Actor.system(f"cli:{getpass.getuser()}", purpose="retention")
    expired = run_retention(services.sessions, services.clock.now(), load_policy, actor, dry_run=dry_run)
    for case in expired:
        click.echo(f"{case.reference:<16} closed {case.completed_at.date().isoformat()}, term {case.term} "
                   f"ended {case.expired_at.date().isoformat()}" + ("" if dry_run else ": purged"))
    click.echo(f"{'dry run: ' if dry_run else ''}{len(expired)} case(s) "
               f"{'would be purged' if dry_run else 'purged'}")


@main.group(help="The audit trail.")
def audit() -> None:
    pass


@users.command("totp", help="Turn on the second sign-in factor for a user; prints the authenticator URI once.")
@click.option("--username", required=True)
def users_totp(username: str) -> None:
    from engine.application.admin import enable_totp

    try:
        uri = enable_totp(_services(), username)
    except ValidationFailed as error:
        raise click.ClickException("; ".join(f"{k}: {', '.join(v)}" for k, v in error.errors.items())) from error
    click.echo(uri)


@audit.command("anchor", help="Seal the head of every case's chain in an anchor (the timer worker does so hourly).")
def audit_anchor() -> None:
    from engine.application.database import anchor_log

    services = _services()
    anchor = anchor_log(services, services.wall.now())
    click.echo(f"anchor {anchor.id}: {anchor.chains} chains sealed")


@audit.command("verify", help="Check the hash chain of the event log and its signed checkpoints; names the first "
                              "broken entry or the checkpoint the log no longer agrees with. --against FILE also "
                              "checks every receipt in FILE (lines written by `erkend audit receipt`, kept "
                              "elsewhere): newest entries removed together with their checkpoints are found too.")
@click.option("--against", "kept", multiple=True, type=click.Path(dir_okay=False),
              help="a file of receipts kept outside the installation (may be given more than once)")
def audit_verify(kept: tuple[str, ...]) -> None:
    from engine.application.database import verify_against, verify_log_and_checkpoints

    services = _services()
    receipts = _read_receipts(kept)
    verdict = verify_log_and_checkpoints(services)
    count, broken, faults, newest = verdict.entries, verdict.broken, verdict.faults, verdict.newest
    if broken is not None:
        raise click.ClickException(f"event log broken at entry {broken} (after {count - 1} good entries)")
    faults = faults + verify_against(services, receipts)
    if faults:
        raise click.ClickException("event log does not match its checkpoints: " + "; ".join(faults))
    click.echo(f"event log intact: {count} entries" + (f", {len(receipts)} receipt(s) hold" if kept else ""))
    if newest is not None:
        click.echo(f"newest checkpoint: entry {newest.event_id}, hash {newest.event_hash}, "
                   f"{newest.at.isoformat(timespec='seconds')}")


def _read_receipts(paths: tuple[str, ...]) -> list[tuple[str, dict[str, object]]]:
    """(label, receipt) for every non-empty line of the files; a line that is not a JSON object is named."""
    receipts: list[tuple[str, dict[str, object]]] = []
    for path in paths:
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            raise click.ClickException(f"--against {path}: cannot be read ({type(error).__name__})") from error
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except ValueError:
                value = None
            if not isinstance(value, dict):
                raise click.ClickException(f"--against {path}, line {number}: not a receipt (a JSON object)")
            receipts.append((f"{path}:{number}", value))
    return receipts


@audit.command("receipt", help="Sign the event log's head if it moved and print the newest checkpoint as one JSON "
                               "line, to append to a file kept outside the installation (for `audit verify "
                               "--against`). It holds no case data.")
def audit_receipt() -> None:
    from engine.application.database import log_receipt

    kept = log_receipt(_services())
    if kept is None:
        raise click.ClickException("the event log is empty: nothing to sign")
    click.echo(json.dumps(kept, sort_keys=True))


@audit.command("checkpoint", help="Sign the event log's current head now (the timer worker does so every minute).")
def audit_checkpoint() -> None:
    from engine.application.database import sign_log_head

    signed = sign_log_head(_services())
    click.echo(f"checkpoint at entry {signed}" if signed is not None else "nothing new to sign")


if __name__ == "__main__":
    main()
