"""The form registry the engine validates task data with (implements engine.ports.FormRegistry)."""
from __future__ import annotations

import json
import threading
from functools import lru_cache
from typing import Any, Mapping

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from marshmallow import Schema, ValidationError

from engine.errors import ValidationFailed


def flatten_errors(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested error dict -> {"field.sub": [reasons]} so every bad field is named."""
    if isinstance(messages, list):
        return {prefix or "_schema": [str(m) for m in messages]}
    flat: dict[str, list[str]] = {}
    for key, value in messages.items():
        flat.update(flatten_errors(value, f"{prefix}.{key}" if prefix else str(key)))
    return flat


class MarshmallowForms:
    def __init__(self, schemas: Mapping[str, type[Schema]]) -> None:
        self._schemas = dict(schemas)
        # One instance per form and thread, made on first use: building a schema binds every field
        # (half the cost of a validation, paid for every simulated task). The schemas keep no state
        # between loads (the "not in the future" check reads the clock of the call); per thread all the same.
        self._made = threading.local()

    def keys(self) -> list[str]:
        return sorted(self._schemas)

    def has(self, key: str) -> bool:
        return key in self._schemas

    def schema(self, key: str) -> Schema:
        if key not in self._schemas:
            raise ValidationFailed({"_form": [f"no form {key!r}"]})
        return self._schemas[key]()

    def _loader(self, key: str) -> Schema:
        made: dict[str, Schema] | None = getattr(self._made, "schemas", None)
        if made is None:
            made = self._made.schemas = {}
        schema = made.get(key)
        if schema is None:
            schema = made[key] = self.schema(key)
        return schema

    def validate(self, key: str, data: Mapping[str, Any]) -> dict[str, Any]:
        if not isinstance(data, Mapping):
            raise ValidationFailed({"_schema": ["expected an object"]})
        try:
            return dict(self._loader(key).load(dict(data)))
        except ValidationError as error:
            raise ValidationFailed(flatten_errors(error.messages)) from error

    def json_schema(self, key: str) -> dict[str, Any]:
        return _json_schema(self._schemas[key])


@lru_cache(maxsize=None)
def _json_schema(schema_cls: type[Schema]) -> dict[str, Any]:
    """JSON Schema (OpenAPI 3.1 dialect, which is JSON Schema 2020-12) of a form, with its labels."""
    plugin = MarshmallowPlugin()
    APISpec("forms", "1", "3.1.0", plugins=[plugin])
    converter = plugin.converter
    assert converter is not None
    schema = converter.schema2jsonschema(schema_cls)
    for name, field in schema_cls().fields.items():
        prop = schema.get("properties", {}).get(field.data_key or name)
        if prop is not None:
            for extra in ("label", "help"):
                if extra in field.metadata:
                    prop[f"x-{extra}"] = field.metadata[extra]
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return _with_nested_definitions(schema, _registered_components(plugin))


def _registered_components(plugin: MarshmallowPlugin) -> dict[str, Any]:
    """Nested schemas (e.g. an indicator inside a form) that the conversion registered as components."""
    spec = plugin.spec
    return dict(spec.to_dict().get("components", {}).get("schemas", {})) if spec is not None else {}


def _with_nested_definitions(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    """Make the form's JSON Schema self-contained: nested schemas go under `$defs` and every
    `#/components/schemas/X` reference points there, so a client can resolve each field."""
    if not components:
        return schema
    text = json.dumps({**schema, "$defs": components}).replace('"#/components/schemas/', '"#/$defs/')
    return dict(json.loads(text))
