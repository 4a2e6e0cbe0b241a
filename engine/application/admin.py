"""Administration: user accounts (four eyes in the application, at once from the command line), model
versions, demo data. No case content."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

import pyotp
from sqlalchemy import func, select

from engine.accounts import approve_user, create_user, issue_token, pending_approval, revoke_token
from engine.application.deps import Deps
from engine.demo import seed_demo
from engine.errors import ValidationFailed
from engine.ports import Actor
from engine.sign_in_sessions import end_all_of
from engine.store.db import UnitOfWork
from engine.store.event_log import append_event
from engine.store.tables import Case, ModelVersion, User

CLI = "cli"  # the operator of the installation, who holds the database anyway


@dataclass(frozen=True)
class UserRow:
    username: str
    display_name: str
    roles: tuple[str, ...]
    active: bool
    has_totp: bool


@dataclass(frozen=True)
class Users:
    users: list[UserRow]
    pending: dict[str, str]  # username -> the administrator who created it, awaiting a second one


def users(deps: Deps) -> Users:
    with deps.sessions() as session:
        rows = [UserRow(u.username, u.display_name, tuple(u.roles), u.active, bool(u.totp_secret))
                for u in session.scalars(select(User).order_by(User.username))]
        return Users(rows, pending_approval(session))


def create_account(deps: Deps, actor: Actor, username: str, roles: Iterable[str], password: str | None,
                   display_name: str | None) -> None:
    """An administrator creates an account; one with a case role waits for a second administrator."""
    with UnitOfWork(deps.sessions) as uow:
        create_user(uow.session, username, roles, deps.clock.now(), password=password,
                    display_name=display_name, by=actor.user, four_eyes=True)
        uow.commit()


def approve_account(deps: Deps, actor: Actor, username: str) -> None:
    """The second administrator's approval (refused to the account's creator)."""
    with UnitOfWork(deps.sessions) as uow:
        approve_user(uow.session, username, actor.user, deps.clock.now())
        uow.commit()


def create_account_cli(deps: Deps, username: str, roles: Iterable[str], password: str | None,
                       display_name: str | None, with_token: bool, token_days: int = 90) -> str | None:
    """The operator creates an active account; returns the API token (shown once) when asked for one,
    which expires after `token_days` (real time)."""
    with UnitOfWork(deps.sessions) as uow:
        _, token = create_user(uow.session, username, roles, deps.clock.now(), password=password,
                               display_name=display_name, with_token=with_token, by=CLI,
                               token_expires_at=deps.wall.now() + dt.timedelta(days=token_days))
        uow.commit()
    return token


def revoke_account_token(deps: Deps, username: str) -> tuple[bool, int]:
    """(whether the user had a token, how many sign-in sessions ended): the token and every session stop
    working at once (audited as `token_revoked` and `sessions_ended`)."""
    with UnitOfWork(deps.sessions) as uow:
        had = revoke_token(uow.session, username, CLI, deps.clock.now())
        ended = end_all_of(uow.session, username, CLI, deps.wall.now())
        uow.commit()
    return had, ended


def issue_account_token(deps: Deps, username: str, days: int) -> str:
    """A new API token (shown once) that expires after `days`; the old one stops working (`token_issued`)."""
    with UnitOfWork(deps.sessions) as uow:
        token = issue_token(uow.session, username, CLI, deps.wall.now(), dt.timedelta(days=days))
        uow.commit()
    return token


def end_sessions(deps: Deps, actor: Actor, username: str) -> int:
    """An administrator ends every sign-in session of the account at once (a lost laptop, a copied
    cookie); audited as `sessions_ended`. Returns how many were live."""
    return _end_sessions(deps, actor.user, username)


def end_sessions_cli(deps: Deps, username: str) -> int:
    return _end_sessions(deps, CLI, username)


def _end_sessions(deps: Deps, by: str, username: str) -> int:
    with UnitOfWork(deps.sessions) as uow:
        ended = end_all_of(uow.session, username, by, deps.wall.now())
        uow.commit()
    return ended


def enable_totp(deps: Deps, username: str) -> str:
    """Turn on the second sign-in factor (audited as `totp_enabled`); returns the authenticator URI, once."""
    secret = pyotp.random_base32()
    with UnitOfWork(deps.sessions) as uow:
        user = uow.session.scalar(select(User).where(User.username == username))
        if user is None:
            raise ValidationFailed({"username": [f"no user {username!r}"]})
        user.totp_secret = deps.box.seal(secret)  # sealed at rest with the master key
        append_event(uow.session, case_id=None, at=deps.clock.now(), kind="totp_enabled", actor=CLI,
                     details={"username": username})
        uow.commit()
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name="erkend")


@dataclass(frozen=True)
class ModelVersions:
    versions: list[tuple[str, str, dt.datetime]]  # (version, variant, stored at), newest first
    in_use: dict[str, int]  # version -> cases running on it
    current: dict[str, str]  # variant -> the version new cases start on


def model_versions(deps: Deps) -> ModelVersions:
    with deps.sessions() as session:
        versions = [(v, variant, at) for v, variant, at in session.execute(
            select(ModelVersion.version, ModelVersion.variant, ModelVersion.created_at)
            .order_by(ModelVersion.created_at.desc()))]
        in_use = {v: n for v, n in session.execute(
            select(Case.model_version, func.count(Case.id)).group_by(Case.model_version))}
    return ModelVersions(versions, in_use, {v: deps.library.current(v).version for v in deps.library.variants})


def seed_demo_data(deps: Deps) -> dict[str, int]:
    """Fictional demo users and cases; a second run changes nothing."""
    return seed_demo(deps.sessions, deps.cases, deps.clock)
