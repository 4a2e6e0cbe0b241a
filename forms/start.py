"""Start forms: what a caller may send when it starts a case of a process (`POST /api/v1/cases`, `data`).

The procedure starts from a signal, and the signal is registered in the case's first task
(`coordinator.register_signal`), where every field is checked and labelled. The start itself therefore
carries nothing: every value in a case comes through a form, and nothing a caller sends at the start can
stand in for a legal value, a fact or a reference the engine sets (start data once moved a 36-hour
deadline to ten years)."""
from __future__ import annotations

from marshmallow import RAISE, Schema


class ProcedureStart(Schema):
    class Meta:
        unknown = RAISE  # any field is refused by name


# The engine's reference model starts the same way (only where settings allow it: engine.start_rules).
SCHEMAS = {"start.procedure": ProcedureStart, "start.reference_case": ProcedureStart}
