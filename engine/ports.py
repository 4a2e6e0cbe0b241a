"""What the engine needs from the outside, as small protocols: who acts, and how task data is validated.

forms/ implements `FormRegistry` with marshmallow; the engine never imports it (arrows point inward).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Protocol

SYSTEM_ROLE = "system"


@dataclass(frozen=True)
class Actor:
    """Who asks. `role` is the role the person acts in; `purpose` goes into the audit log."""

    user: str
    roles: frozenset[str] = field(default_factory=frozenset)
    role: str | None = None
    purpose: str | None = None

    @classmethod
    def system(cls, name: str = "system", purpose: str | None = None) -> "Actor":
        return cls(user=name, roles=frozenset({SYSTEM_ROLE}), role=SYSTEM_ROLE, purpose=purpose)

    def may_act_as(self, role: str | None) -> bool:
        return role is not None and (role in self.roles or SYSTEM_ROLE in self.roles)


class FormRegistry(Protocol):
    def has(self, key: str) -> bool: ...

    def validate(self, key: str, data: Mapping[str, Any]) -> dict[str, Any]:
        """Cleaned data, or raises engine.errors.ValidationFailed listing every bad field."""

    def json_schema(self, key: str) -> dict[str, Any]: ...


class NoForms:
    """A registry without forms: every submission is refused (default deny)."""

    def has(self, key: str) -> bool:
        return False

    def validate(self, key: str, data: Mapping[str, Any]) -> dict[str, Any]:
        from engine.errors import ValidationFailed

        raise ValidationFailed({"_form": [f"no form {key!r}"]})

    def json_schema(self, key: str) -> dict[str, Any]:
        return {}
