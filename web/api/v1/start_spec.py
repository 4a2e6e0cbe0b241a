"""The OpenAPI document names what a client may start: the startable processes, the variants and the
start form's schema, read from the models and forms at start-up. A client generated from the document
alone can then start a case (and finds each task's form under `form_schema` of the tasks it lists)."""

from __future__ import annotations

from typing import Any

from engine.start_rules import start_forms, startable


def describe_start(spec: Any, services: Any) -> None:
    schema = spec.components.schemas["StartCase"]
    with_reference = services.settings.start_reference_model
    pairs = startable(services.library, with_reference)
    properties = schema["properties"]
    properties["process_id"]["enum"] = sorted({process_id for _variant, process_id in pairs})
    properties["variant"]["enum"] = sorted({variant for variant, _process_id in pairs})
    keys = start_forms(with_reference)
    forms = [_openapi_form(services.forms.json_schema(keys[p])) for p in properties["process_id"]["enum"]]
    data = forms[0] if len(forms) == 1 else {"anyOf": forms}  # start forms may coincide
    properties["data"] = {**data, "description": "checked by the start form of `process_id` (forms/start.py)"}


def _openapi_form(json_schema: dict[str, Any]) -> dict[str, Any]:
    """A form's JSON Schema as an OpenAPI 3.0 schema: no `$schema`, and no field beyond the form's."""
    form = {k: v for k, v in json_schema.items() if k != "$schema"}
    form.setdefault("type", "object")
    form["additionalProperties"] = False
    return form
