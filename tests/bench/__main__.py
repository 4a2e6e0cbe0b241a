"""Run benchmark suites: python -m tests.bench [all|engine|letters|...]."""
from __future__ import annotations

import importlib
import json
import pkgutil
import sys
from pathlib import Path

OUT = Path(".bench")


def suites() -> list[str]:
    package = Path(__file__).parent
    return sorted(m.name[len("bench_"):] for m in pkgutil.iter_modules([str(package)]) if m.name.startswith("bench_"))


def main(argv: list[str]) -> int:
    wanted = argv[0] if argv else "all"
    names = suites() if wanted == "all" else [wanted]
    unknown = [n for n in names if n not in suites()]
    if unknown:
        print(f"unknown suite {unknown[0]!r}; suites: {', '.join(suites())}", file=sys.stderr)
        return 2
    OUT.mkdir(exist_ok=True)
    for name in names:
        print(f"== {name} ==", flush=True)
        figures = importlib.import_module(f"tests.bench.bench_{name}").run()
        (OUT / f"{name}.json").write_text(json.dumps(figures, indent=2) + "\n")
        print(f"-> {OUT / (name + '.json')}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
