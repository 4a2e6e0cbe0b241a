"""Bounds on everything a caller can get stored: JSON depth and size, text that every database accepts,
numbers that fit the columns and JSON readers. A value past a bound is refused by name before it reaches a
case; once stored it would break every later read of that case (a RecursionError on a value 900 deep)."""
from __future__ import annotations

import math
from typing import Any

from engine.errors import ValidationFailed

MAX_DEPTH = 20
MAX_CHARS = 256 * 1024  # of the value as canonical JSON
MAX_INT = 2**63 - 1


def text_fault(value: str) -> str | None:
    """Why a text cannot be stored (a NUL byte, a lone surrogate), or None."""
    if "\x00" in value:
        return "bevat een NUL-teken / contains a NUL character"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "bevat een ongeldig teken / contains an invalid character (lone surrogate)"
    return None


def value_fault(value: Any, max_depth: int = MAX_DEPTH) -> str | None:
    """Why a JSON value cannot be stored, or None. Iterative: the value may be nested deeper than the
    interpreter's recursion limit."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    size = 0
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list, tuple)):
            if depth > max_depth:
                return f"dieper genest dan {max_depth} niveaus / nested deeper than {max_depth} levels"
            children = list(item.items()) if isinstance(item, dict) else [(None, v) for v in item]
            for key, child in children:
                if key is not None:
                    if not isinstance(key, str):
                        return "sleutels moeten tekst zijn / keys must be text"
                    size += len(key) + 4
                    fault = text_fault(key)
                    if fault:
                        return fault
                stack.append((child, depth + 1))
            size += 2
        elif isinstance(item, str):
            size += len(item) + 2
            fault = text_fault(item)
            if fault:
                return fault
        elif isinstance(item, bool) or item is None:
            size += 5
        elif isinstance(item, int):
            if abs(item) > MAX_INT:
                return "getal te groot / number too large"
            size += 20
        elif isinstance(item, float):
            if not math.isfinite(item):
                return "geen eindig getal / not a finite number"
            size += 24
        else:
            size += len(str(item))
        if size > MAX_CHARS:
            return f"groter dan {MAX_CHARS} tekens / larger than {MAX_CHARS} characters"
    return None


def check_value(field: str, value: Any) -> None:
    """Raise ValidationFailed naming `field` when `value` cannot be stored."""
    fault = value_fault(value)
    if fault:
        raise ValidationFailed({field: [fault]})
