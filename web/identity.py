"""Who is asking: a signed-in person (session cookie, pages) or an integration (Bearer token, API).

Pages never accept a token and the API never accepts the session cookie, so API calls need no CSRF
token and a page can never be driven by a leaked integration token."""

from __future__ import annotations

from dataclasses import dataclass

from flask import g, request
from flask_login import UserMixin, current_user

from engine.application.signin import Account, account_by_id, account_for_token
from web.extensions import login_manager

API_PREFIX = "/api/"


@dataclass(frozen=True)
class WebUser(UserMixin):
    id: int
    username: str
    display_name: str
    roles: frozenset[str]
    has_totp: bool = False

    def get_id(self) -> str:
        return str(self.id)

    @classmethod
    def of(cls, account: Account) -> "WebUser":
        return cls(account.id, account.username, account.display_name, account.roles, account.has_totp)


def _services():  # type: ignore[no-untyped-def]
    from flask import current_app

    return current_app.extensions["erkend"]


@login_manager.user_loader
def _load_user(user_id: str) -> WebUser | None:
    if not user_id.isdigit():
        return None
    account = account_by_id(_services(), int(user_id))
    return WebUser.of(account) if account is not None else None


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX)


def current_identity() -> WebUser | None:
    """The caller of this request, resolved once: token for the API, session for pages."""
    if "identity" in g:
        return g.identity
    identity: WebUser | None = None
    if is_api_request():
        header = request.headers.get("Authorization", "")
        if header.startswith("Bearer ") and len(header) > 7:
            account = account_for_token(_services(), header[7:].strip())
            identity = WebUser.of(account) if account is not None else None
    elif current_user.is_authenticated:
        identity = current_user._get_current_object()
    g.identity = identity
    return identity
