"""Runs a scenario: every variant, every replication, on the same synthetic people (common random
numbers), and hands each replication's events to the KPIs."""
from __future__ import annotations

from typing import Callable, cast

from engine.legal_values import load_policy
from engine.ports import FormRegistry
from engine.simulation import model_names
from engine.simulation.kpis import Kpis, Tally, measure
from engine.simulation.population import arrivals
from engine.simulation.runner import Models
from engine.simulation.scenario import Scenario
from engine.simulation.scheduler import Replication, Simulation
from engine.specs import SpecLibrary

Progress = Callable[[int], None]


def run_replication(scenario: Scenario, variant: str, replication: int, forms: FormRegistry,
                    library: SpecLibrary | None = None, progress: Progress | None = None,
                    keep_events: bool = True) -> Replication:
    """One replication of one variant. `keep_events=False` streams the events into the KPI tally (a long
    run then holds no event list; `measure` reads the tally)."""
    models = Models(library or SpecLibrary(), variant, load_policy(variant))
    people = arrivals(scenario, replication)
    done = (lambda: progress(1)) if progress else None
    log = None if keep_events else Tally()
    return Simulation(scenario, models, forms, people, replication, on_case_done=done, log=log).run()


def run(scenario: Scenario, forms: FormRegistry, replications: int | None = None,
        library: SpecLibrary | None = None, progress: Progress | None = None) -> dict[str, list[Kpis]]:
    """KPIs per variant, one entry per replication, in the scenario's order of variants."""
    library = library or SpecLibrary()
    model_names.check(scenario, library)
    out: dict[str, list[Kpis]] = {variant: [] for variant in scenario.variants}
    for replication in range(replications or scenario.replications):
        for variant in scenario.variants:
            result = run_replication(scenario, variant, replication, forms, library, keep_events=False)
            out[variant].append(measure(result))
            if progress:
                progress(1)
    return out


FormsFactory = Callable[[], FormRegistry]
_worker_state: dict[str, object] = {}


def _in_worker(scenario: Scenario, variant: str, replication: int, forms_factory: FormsFactory) -> Kpis:
    """One replication in a worker process; the models are parsed once per process."""
    if "library" not in _worker_state:
        _worker_state["library"], _worker_state["forms"] = SpecLibrary(), forms_factory()
    library, forms = _worker_state["library"], _worker_state["forms"]
    assert isinstance(library, SpecLibrary)  # set just above, once per worker process
    return measure(run_replication(scenario, variant, replication, cast(FormRegistry, forms), library,
                                   keep_events=False))


def run_parallel(scenario: Scenario, forms_factory: FormsFactory, workers: int, replications: int | None = None,
                 progress: Progress | None = None) -> dict[str, list[Kpis]]:
    """As `run`, with the replications spread over `workers` processes. Each replication draws from its own
    seeded streams, so the results are the same as a serial run's, whatever the order they finish in.
    `forms_factory` must be importable by name (it is sent to the workers): forms.catalogue.all_forms."""
    from concurrent.futures import ProcessPoolExecutor, as_completed

    model_names.check(scenario, SpecLibrary())
    jobs = _jobs(scenario, replications)
    results: dict[tuple[str, int], Kpis] = {}
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(_in_worker, scenario, v, r, forms_factory): (v, r) for v, r in jobs}
        for future in as_completed(futures):
            results[futures[future]] = future.result()
            if progress:
                progress(1)
    return {variant: [results[(variant, r)] for v, r in jobs if v == variant] for variant in scenario.variants}


def _jobs(scenario: Scenario, replications: int | None) -> list[tuple[str, int]]:
    return [(variant, replication) for replication in range(replications or scenario.replications)
            for variant in scenario.variants]


def run_cluster(scenario: Scenario, forms_factory: FormsFactory, address: str, replications: int | None = None,
                progress: Progress | None = None, connect_timeout_s: float = 30.0) -> dict[str, list[Kpis]]:
    """As `run_parallel`, on a Dask distributed cluster (`tcp://scheduler:8786`): every variant ×
    replication is one task, run by `_in_worker` exactly as a local worker process runs it, so the same
    scenario file gives the same figures on one machine or many. Needs the `cluster` extra
    (pip install 'erkend[cluster]'); the workers need erkend installed too."""
    try:
        from distributed import Client, as_completed
    except ImportError as missing:  # the optional extra is not installed
        raise RuntimeError("running on a cluster needs Dask distributed: pip install 'erkend[cluster]'") from missing

    model_names.check(scenario, SpecLibrary())
    jobs = _jobs(scenario, replications)
    results: dict[tuple[str, int], Kpis] = {}
    with Client(address, timeout=connect_timeout_s) as client:  # type: ignore[no-untyped-call]  # distributed's Client is untyped
        futures = {client.submit(_in_worker, scenario, v, r, forms_factory, pure=False): (v, r) for v, r in jobs}
        for future in as_completed(list(futures)):  # type: ignore[no-untyped-call]  # untyped in distributed
            results[futures[future]] = future.result()
            if progress:
                progress(1)
    return {variant: [results[(variant, r)] for v, r in jobs if v == variant] for variant in scenario.variants}
