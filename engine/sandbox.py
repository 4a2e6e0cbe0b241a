"""A RestrictedPython environment for everything SpiffWorkflow evaluates: scripts, gateway conditions,
timer expressions, DMN cells and correlation expressions.

SpiffWorkflow's default environment is bare `eval`/`exec` with full builtins, so a model could
`import os`; swapping only the globals (spiff-arena's approach) still lets a script walk
`().__class__.__base__.__subclasses__()` to `os.system`. `compile_restricted_*` refuses underscore
attribute access at compile time and routes attribute, item and iteration access through guards.
SpiffWorkflow does not keep a custom environment through deserialization: `engine.runtime` attaches
it again after every load.
"""
from __future__ import annotations

import copy
from typing import Any, Callable, Mapping

from RestrictedPython import compile_restricted_eval, compile_restricted_exec, safe_globals
from RestrictedPython.Eval import default_guarded_getitem, default_guarded_getiter
from RestrictedPython.Guards import (
    full_write_guard,
    guarded_iter_unpack_sequence,
    guarded_unpack_sequence,
    safer_getattr,
)
from SpiffWorkflow.bpmn.script_engine import TaskDataEnvironment

_SAFE_EXTRA_BUILTINS = {
    name: __builtins__[name] if isinstance(__builtins__, dict) else getattr(__builtins__, name)
    for name in ("min", "max", "sum", "any", "all", "dict", "list", "set", "sorted", "enumerate", "map",
                 "filter", "reversed")
}


class ScriptRejected(Exception):
    """A model expression does not compile under the sandbox. Not a SyntaxError on purpose: SpiffWorkflow's
    error formatter crashes on SyntaxErrors without a line number."""


def _restricted_globals(functions: Mapping[str, Callable[..., Any]]) -> dict[str, Any]:
    glb: dict[str, Any] = dict(safe_globals)
    builtins = dict(glb["__builtins__"])
    builtins.update(_SAFE_EXTRA_BUILTINS)
    glb["__builtins__"] = builtins
    glb.update(
        _getattr_=safer_getattr,
        _getitem_=default_guarded_getitem,
        _getiter_=default_guarded_getiter,
        _iter_unpack_sequence_=guarded_iter_unpack_sequence,
        _unpack_sequence_=guarded_unpack_sequence,
        _write_=full_write_guard,
        _inplacevar_=_inplace_operation,
    )
    glb.update(functions)
    return glb


def _inplace_operation(op: str, x: Any, y: Any) -> Any:
    operations = {"+=": lambda: x + y, "-=": lambda: x - y, "*=": lambda: x * y, "/=": lambda: x / y,
                  "//=": lambda: x // y, "%=": lambda: x % y}
    if op not in operations:
        raise ScriptRejected(f"operator {op} is not allowed in model scripts")
    return operations[op]()


class RestrictedEnvironment(TaskDataEnvironment):  # type: ignore[misc]  # SpiffWorkflow ships no type information
    """TaskDataEnvironment with RestrictedPython compilation and an allow-list of callable functions."""

    def __init__(self, functions: Mapping[str, Callable[..., Any]] | None = None) -> None:
        super().__init__(dict(functions or {}))
        self._base_globals = _restricted_globals(self.globals)
        self._eval_cache: dict[str, Any] = {}
        self._exec_cache: dict[str, Any] = {}

    def _compiled(self, source: str, mode: str) -> Any:
        cache = self._eval_cache if mode == "eval" else self._exec_cache
        code = cache.get(source)
        if code is None:
            result = (compile_restricted_eval if mode == "eval" else compile_restricted_exec)(source)
            if result.errors:
                raise ScriptRejected("; ".join(result.errors))
            code = cache[source] = result.code
        return code

    def evaluate(self, expression: str, context: dict[str, Any], external_context: dict[str, Any] | None = None) -> Any:
        my_globals = copy.copy(self._base_globals)
        my_globals.update(external_context or {})
        my_globals.update(context)
        return eval(self._compiled(expression, "eval"), my_globals)  # noqa: S307  # nosec B307  # RestrictedPython bytecode, allow-listed globals

    def execute(self, script: str, context: dict[str, Any], external_context: dict[str, Any] | None = None) -> bool:
        self.check_for_overwrite(context, external_context or {})
        code = self._compiled(script, "exec")
        context.update(copy.copy(self._base_globals))
        context.update(external_context or {})
        try:
            exec(code, context)  # noqa: S102  # nosec B102  # RestrictedPython bytecode, allow-listed globals
        finally:
            self._strip_injected(context, external_context)
        return True

    def _strip_injected(self, context: dict[str, Any], external_context: dict[str, Any] | None) -> None:
        for key in list(context):
            if key in self._base_globals or callable(context[key]) or (external_context and key in external_context):
                context.pop(key)
