"""Run Prosimos on a BPMN file and its parameters, timed; prints one JSON line.

    python prosimos_run.py MODEL.bpmn PARAMETERS.json CASES SEED

Runs in Prosimos's own virtual environment (`make bench` makes it under .bench/ where Prosimos
installs), not in erkend's: Prosimos pins its own numpy and pandas. It imports nothing of erkend.
Prosimos takes no seed; it draws from numpy's global generator, which is seeded here.
"""
from __future__ import annotations

import json
import resource
import sys
import time


def main() -> int:
    bpmn_path, json_path, cases, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    import numpy
    from prosimos.simulation_engine import run_simulation

    numpy.random.seed(seed)
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    wall, cpu = time.perf_counter(), time.process_time()
    result = run_simulation(bpmn_path, json_path, cases, starting_at="2026-01-05T09:00:00.000000+00:00")
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    process = result[0][0]  # (KPIs: [the process's, per task, per resource, start, end], log)
    finished, mean_days = int(process.cycle_time.count), process.cycle_time.avg / 86_400
    print(json.dumps({"cases": cases, "cpu_s": round(cpu, 3), "wall_s": round(wall, 3),
                      "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                      "run_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - base_rss, 1),
                      "cases_finished": finished, "mean_cycle_days": round(mean_days, 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
