"""`--cluster`: the same scenario file runs on a Dask distributed cluster and gives the same figures as one
process (each replication draws from its own seeded streams, wherever it runs). Skipped only where the
optional `cluster` extra is not installed; `make test` installs it."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.simulation.test_cli_report import _tiny
from web.cli import main

distributed = pytest.importorskip("distributed")


def test_a_cluster_run_gives_the_same_figures_as_one_process(tmp_path: Path) -> None:
    path = _tiny(tmp_path, **{"arrival_days: 40": "arrival_days: 15"})
    local, remote = tmp_path / "local.json", tmp_path / "cluster.json"
    result = CliRunner().invoke(main, ["simulate", "run", str(path), "-r", "2", "--json", str(local)])
    assert result.exit_code == 0, result.output
    # Worker processes, as on a real cluster: the scenario and the forms factory travel pickled.
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        result = CliRunner().invoke(main, ["simulate", "run", str(path), "-r", "2", "--cluster",
                                           cluster.scheduler_address, "--json", str(remote)])
    assert result.exit_code == 0, result.output
    figures = json.loads(remote.read_text())
    assert figures == json.loads(local.read_text())
    assert len(figures["nl-decoupled"]) == 2 and figures["nl-decoupled"][0]["cases"] > 0


def test_an_unreachable_cluster_is_a_clear_error(small) -> None:  # type: ignore[no-untyped-def]
    from engine.simulation import experiment
    from forms.catalogue import all_forms

    with pytest.raises(OSError, match="127.0.0.1:9"):
        experiment.run_cluster(small, all_forms, "tcp://127.0.0.1:9", 1, connect_timeout_s=1.0)
