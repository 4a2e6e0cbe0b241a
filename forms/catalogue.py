"""Every form of erkend in one registry: the composition root hands this to the engine."""
from __future__ import annotations

from forms import reference
from forms.registry import MarshmallowForms


def all_forms() -> MarshmallowForms:
    return MarshmallowForms({**reference.SCHEMAS})
