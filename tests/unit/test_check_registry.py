"""The model checks are listed in one place (engine.model_checks.DEFAULT_CHECKS); a check written but
left out of that list would never run, so every `check_*` function must be in it."""
from __future__ import annotations

import inspect

from engine import model_checks, procedure_checks
from engine.access.rules import ROLES
from engine.accounts import ROLES as ACCOUNT_ROLES


def test_every_check_function_is_registered_once() -> None:
    defined = {name for module in (model_checks, procedure_checks)
               for name, value in inspect.getmembers(module, inspect.isfunction)
               if name.startswith("check_") and name != "check_model_set" and value.__module__ == module.__name__}
    registered = [check.__name__ for check in model_checks.DEFAULT_CHECKS]
    assert sorted(registered) == sorted(defined)


def test_accounts_accept_exactly_the_roles_of_the_access_table() -> None:
    assert ACCOUNT_ROLES is ROLES
