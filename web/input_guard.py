"""Input the application refuses before any view sees it: ids that no row can have, JSON nested deeper
than anything erkend stores. Each answers 4xx in the one error shape instead of a 500 further down
(a PostgreSQL integer overflow, a RecursionError in the JSON parser)."""

from __future__ import annotations

from flask import Flask, request
from werkzeug.routing import IntegerConverter, ValidationError

from engine.input_bounds import MAX_DEPTH

MAX_ID = 2**31 - 1


class RowId(IntegerConverter):
    """`<int:…>` in every route: ASCII digits only (a full-width ５ is not case 5) and within the id
    columns' range; anything else matches no route (404)."""

    regex = r"[0-9]{1,10}"

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):  # type: ignore[no-untyped-def]
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)
        self.regex = RowId.regex

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValidationError()
        return number


def json_depth(raw: bytes) -> int:
    """The deepest nesting of arrays and objects in a JSON text, without parsing it (no recursion)."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return deepest


def install_input_guard(app: Flask) -> None:
    app.url_map.converters["int"] = RowId

    @app.before_request
    def _refuse_unreadable_json():  # type: ignore[no-untyped-def]
        if not request.is_json:
            return None
        if json_depth(request.get_data(cache=True)) > MAX_DEPTH + 1:
            from web.errors import error_response

            message = f"dieper genest dan {MAX_DEPTH} niveaus / nested deeper than {MAX_DEPTH} levels"
            return error_response(422, "validation_failed", {"_body": [message]})
        request.get_json(cache=True)  # refuses what the parser refuses (a 5,000-digit number) with a 400
        return None
