"""Benchmarks (`make bench`, `make bench SUITE=engine`): not part of `make test`.

Each suite is a module `bench_<name>.py` with `run() -> dict[str, float]`; it prints its figures and the
harness writes them to `.bench/<name>.json`. Figures are ratios against a baseline measured in the same run
where possible, because these machines are shared and noisy.
"""
