"""Which processes a caller may start, and with what data.

Only the top-level procedure is started from outside. The processes it calls (referral, residence,
identification, ...) run as its branches and read the case facts its intake records; started on their
own they would run without the facts and the deadlines their rules assume. The engine's reference
process is for tests and the demo, which start it through the engine; only an installation that sets
`ERKEND_START_REFERENCE_MODEL` (the browser tests) offers it on the coordinator's page and the API.
Who may start is the access policy's `case.start` (the coordinator)."""
from __future__ import annotations

from typing import Any, Mapping

from engine.errors import ValidationFailed
from engine.legal_values import runs_cases
from engine.ports import FormRegistry
from engine.specs import SpecLibrary

# process id -> the start form that validates its start data (forms/start.py)
STARTABLE: Mapping[str, str] = {"procedure": "start.procedure"}
REFERENCE: Mapping[str, str] = {"reference_case": "start.reference_case"}


def start_forms(with_reference: bool = False) -> Mapping[str, str]:
    return {**STARTABLE, **(REFERENCE if with_reference else {})}


def startable(library: SpecLibrary, with_reference: bool = False) -> list[tuple[str, str]]:
    """(variant, process id) a caller may start: every variant that runs real cases and whose models hold
    the procedure."""
    return [(variant, process_id) for variant in library.variants if runs_cases(variant, library.root)
            for process_id in sorted(start_forms(with_reference))
            if process_id in library.current(variant).process_ids]


def start_data(library: SpecLibrary, forms: FormRegistry, process_id: str, variant: str,
               data: Mapping[str, Any], with_reference: bool = False) -> dict[str, Any]:
    """The start data cleaned by the process's start form; ValidationFailed naming each bad field."""
    errors: dict[str, list[str]] = {}
    allowed = start_forms(with_reference)
    if variant not in library.variants:
        errors["variant"] = ["onbekende variant / unknown variant"]
    elif not runs_cases(variant, library.root):
        errors["variant"] = ["deze variant is alleen voor de beleidssimulatie / this variant is for the policy "
                             "simulation only"]
    if process_id not in allowed:
        errors["process_id"] = ["deze procedure kan niet worden gestart / this process cannot be started"]
    if errors:
        raise ValidationFailed(errors)
    try:
        return forms.validate(allowed[process_id], data)
    except ValidationFailed as failure:
        raise ValidationFailed({f"data.{key}": reasons for key, reasons in failure.errors.items()}) from failure
