"""engine/ is the domain: it never imports flask, web/, forms/ or letters/ (arrows point inward)."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

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


ROOT = ENGINE.parent
WEB = ROOT / "web"
# The web layer parses requests and renders results: the database and the workflow library are reached
# only through engine.application (the same pattern as `grep -r "engine.store\|SpiffWorkflow\|sqlalchemy" web/`).
WEB_FORBIDDEN = re.compile(r"engine.store|SpiffWorkflow|sqlalchemy")
# Engine modules whose functions take a database session: web/ calls the use case that opens it instead.
SESSION_TAKING = ("engine.store", "engine.accounts", "engine.case_parties", "engine.queries.worklists",
                  "engine.simulation.runs.submit", "engine.simulation.runs.recent", "engine.simulation.runs.get",
                  "engine.queries.aggregates", "engine.queries.eligible", "engine.timers", "engine.letter_issuing", "engine.letter_reading",
                  "engine.sign_in_sessions", "engine.audit_checkpoint")
COMPOSITION_ROOT = "web/services.py"  # wires the letter issuer into the engine; calls nothing itself
# The only modules that may import SpiffWorkflow: the runtime facade and the sandbox, whose environment
# must subclass the library's. Everything else gets plain views from them.
SPIFF_MODULES = {"engine/runtime.py", "engine/runtime_case.py", "engine/runtime_parser.py",
                 "engine/runtime_position.py", "engine/runtime_walk.py", "engine/runtime_index.py",
                 "engine/runtime_migration.py", "engine/runtime_ids.py", "engine/runtime_data.py",
                 "engine/sandbox.py"}


BINARY = {".pyc", ".mo", ".png", ".ico", ".woff2", ".ttf"}


def _web_files() -> list[Path]:
    """Every text file of web/, as grep would read it (compiled bytecode and catalogues aside)."""
    return sorted(p for p in WEB.rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts and p.suffix not in BINARY)


def _full_imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_web_names_neither_the_store_nor_the_workflow_library_nor_sqlalchemy() -> None:
    offenders = [f"{p.relative_to(ROOT)}:{n}" for p in _web_files()
                 for n, line in enumerate(p.read_text(errors="replace").splitlines(), 1) if WEB_FORBIDDEN.search(line)]
    assert offenders == []


def test_web_opens_no_session_and_calls_no_session_taking_engine_module() -> None:
    """Every read and write of case data runs in a use case of engine.application, one transaction each."""
    offenders: dict[str, list[str]] = {}
    for path in WEB.rglob("*.py"):
        name = str(path.relative_to(ROOT))
        bad = sorted(m for m in _full_imports(path) if m.startswith(SESSION_TAKING)
                     and not (name == COMPOSITION_ROOT and m.startswith("engine.letter_issuing")))
        source = path.read_text()
        bad += [call for call in ("sessions()", "UnitOfWork(") if call in source]
        if bad:
            offenders[name] = bad
    assert offenders == {}


def test_only_the_runtime_modules_import_spiffworkflow() -> None:
    importing = {str(p.relative_to(ROOT)) for layer in ("engine", "web", "forms", "letters")
                 for p in (ROOT / layer).rglob("*.py") if "SpiffWorkflow" in _imports(p)}
    assert importing == SPIFF_MODULES


def test_the_web_check_sees_a_violation(tmp_path: Path) -> None:
    sample = tmp_path / "bad.py"
    sample.write_text("from engine.store.db import UnitOfWork\nwith services.sessions() as s:\n    pass\n")
    assert WEB_FORBIDDEN.search(sample.read_text())
    assert any(m.startswith(SESSION_TAKING) for m in _full_imports(sample))


def _import_cycle(package: str) -> list[str] | None:
    """A cycle among the modules of `package` (imports anywhere in a module count, lazy ones too)."""
    folder = ROOT.joinpath(*package.split("."))
    modules = {f"{package}.{p.stem}": p for p in folder.glob("*.py") if p.stem != "__init__"}
    graph = {name: {m for m in _full_imports(path) if m in modules} for name, path in modules.items()}
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> list[str] | None:
        if node in path:
            return path[path.index(node):] + [node]
        if node in done:
            return None
        for nxt in sorted(graph[node]):
            found = visit(nxt, path + [node])
            if found:
                return found
        done.add(node)
        return None

    for name in sorted(graph):
        found = visit(name, [])
        if found:
            return found
    return None


@pytest.mark.parametrize("package", ["letters", "engine.application"])
def test_modules_import_each_other_without_a_cycle(package: str) -> None:
    assert _import_cycle(package) is None


def test_the_cycle_check_sees_a_cycle(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "a.py").write_text("from pkg.b import x\n")
    (package / "b.py").write_text("def f():\n    from pkg.a import y\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", tmp_path)
    assert _import_cycle("pkg") == ["pkg.a", "pkg.b", "pkg.a"]


def test_access_rules_hold_no_queries() -> None:
    """engine/access/ is the access table and its rules; the reads they need live in engine/queries/ and
    engine/case_parties.py. A rule module that imported the database would blur that line again."""
    offenders = {str(p.relative_to(ROOT)): sorted(n for n in _full_imports(p) if n.startswith(("sqlalchemy", "engine.store")))
                 for p in (ENGINE / "access").rglob("*.py")}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_old_names_are_gone() -> None:
    """'policy' meant four things; the access table is engine.access, the legal values engine.legal_values."""
    assert not (ENGINE / "policy").exists() and not (ENGINE / "policy_values.py").exists()
