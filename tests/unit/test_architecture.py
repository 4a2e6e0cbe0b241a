"""engine/ is the domain: it never imports flask, web/, forms/ or letters/ (arrows point inward)."""
from __future__ import annotations

import ast
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[2] / "engine"
FORBIDDEN = ("flask", "web", "forms", "letters", "werkzeug", "jinja2", "weasyprint")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_engine_imports_no_outer_layer() -> None:
    offenders = {str(p.relative_to(ENGINE.parent)): sorted(_imports(p) & set(FORBIDDEN))
                 for p in ENGINE.rglob("*.py") if _imports(p) & set(FORBIDDEN)}
    assert offenders == {}


def test_the_check_sees_a_violation(tmp_path: Path) -> None:
    sample = tmp_path / "bad.py"
    sample.write_text("from flask import Flask\nimport web.cli\n")
    assert _imports(sample) & set(FORBIDDEN) == {"flask", "web"}
