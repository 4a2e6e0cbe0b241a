"""Every form of erkend in one registry: the composition root hands this to the engine."""
from __future__ import annotations

from forms import coordinator, guardian, ind, lawyer, messages, panel, police, prosecutor, reference, start
from forms.registry import MarshmallowForms


def all_forms() -> MarshmallowForms:
    return MarshmallowForms({**reference.SCHEMAS, **coordinator.SCHEMAS, **panel.SCHEMAS, **ind.SCHEMAS,
                             **police.SCHEMAS, **prosecutor.SCHEMAS, **guardian.SCHEMAS, **lawyer.SCHEMAS,
                             **messages.SCHEMAS, **start.SCHEMAS})
