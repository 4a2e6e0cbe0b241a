"""One exception family for the whole engine; web/ maps each class to one HTTP status."""
from __future__ import annotations


class ErkendError(Exception):
    """Base class. `code` is stable and safe to show; the message never carries case data."""

    code = "error"


class NotFound(ErkendError):
    code = "not_found"


class NotPermitted(ErkendError):
    code = "not_permitted"


class Conflict(ErkendError):
    """Someone else changed the case since it was read (optimistic locking)."""

    code = "conflict"


class InvalidTransition(ErkendError):
    """The requested step is not possible in the case's current state (e.g. task not READY)."""

    code = "invalid_transition"


class MessageNotExpected(InvalidTransition):
    """No process of the case is waiting for this message; it is refused, never dropped silently."""

    code = "message_not_expected"


class ValidationFailed(ErkendError):
    """Input data is invalid. `errors` maps every bad field to its reasons."""

    code = "validation_failed"

    def __init__(self, errors: dict[str, list[str]], message: str = "invalid data") -> None:
        super().__init__(message)
        self.errors = errors


class SpecInvalid(ErkendError):
    """A BPMN/DMN model is broken. Names the file, the element id and the reason."""

    code = "spec_invalid"

    def __init__(self, file: str, element_id: str, reason: str) -> None:
        super().__init__(f"{file}: {element_id or '-'}: {reason}")
        self.file = file
        self.element_id = element_id
        self.reason = reason
