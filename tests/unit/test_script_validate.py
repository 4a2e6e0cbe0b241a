"""The script engine parses a DMN cell's expression once, not at every evaluation; an expression that
does not parse is refused every time (the DMN engine relies on it: it then tries `v <cell>`)."""
from __future__ import annotations

import ast

import pytest

from engine.runtime import Runtime
from engine.script_env import FUNCTIONS


def test_an_expression_is_parsed_once_and_a_bad_one_refused_every_time(monkeypatch: pytest.MonkeyPatch) -> None:
    engine = Runtime(FUNCTIONS).script_engine
    parsed: list[str] = []
    real = ast.parse

    def counting(source: str, *args: object, **kwargs: object) -> ast.AST:
        parsed.append(source)
        return real(source, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ast, "parse", counting)
    for _ in range(3):
        engine.validate('"minor"')
    for _ in range(2):
        with pytest.raises(SyntaxError):
            engine.validate('> 18 and')
    assert parsed == ['"minor"', "> 18 and", "> 18 and"]
