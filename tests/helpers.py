"""Small builders shared by tests."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from marshmallow import Schema, fields

from engine.specs import ModelSet, read_model_files
from forms.catalogue import all_forms
from forms.registry import MarshmallowForms

FIXTURES = Path(__file__).parent / "fixtures"
UTC = dt.timezone.utc


def fixture_models(*names: str) -> ModelSet:
    files = read_model_files(FIXTURES / "models")
    return ModelSet("test", {n: files[n] for n in names} if names else files)


class RenewForm(Schema):
    renewed = fields.Boolean(required=True)


def forms_with_test_models() -> MarshmallowForms:
    forms = all_forms()
    return MarshmallowForms({**{k: forms._schemas[k] for k in forms.keys()}, "test.renew": RenewForm})
