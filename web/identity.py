"""Who is asking: a signed-in person (session cookie, pages) or an integration (Bearer token, API).

Pages never accept a token and the API never accepts the session cookie, so API calls need no CSRF
token and a page can never be driven by a leaked integration token."""

from __future__ import annotations

from dataclasses import dataclass

from flask import g, request
from flask_login import UserMixin, current_user

from engine.accounts import user_for_token
from engine.store.tables import User
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
    def of(cls, row: User) -> "WebUser":
        return cls(row.id, row.username, row.display_name, frozenset(row.roles), bool(row.totp_secret))


def _services():  # type: ignore[no-untyped-def]
    from flask import current_app

    return current_app.extensions["erkend"]


@login_manager.user_loader
def _load_user(user_id: str) -> WebUser | None:
    if not user_id.isdigit():
        return None
    with _services().sessions() as session:
        row = session.get(User, int(user_id))
        return WebUser.of(row) if row is not None and row.active else None


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
            with _services().sessions() as session:
                row = user_for_token(session, header[7:].strip(), _services().wall.now())
                identity = WebUser.of(row) if row is not None else None
    elif current_user.is_authenticated:
        identity = current_user._get_current_object()
    g.identity = identity
    return identity
