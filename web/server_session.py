"""Flask sessions kept in the database (engine.sign_in_sessions, through engine.application.signin)
instead of in a signed cookie.

With a signed cookie, signing out only asked the browser to forget: a copy of the cookie taken before
stayed valid for its whole lifetime. Here the cookie is a random key to a row; logout deletes the row,
an administrator can delete every row of an account, and the copy then opens nothing."""

from __future__ import annotations

from typing import Any

from flask import Flask, Request, Response, session
from flask.json.tag import TaggedJSONSerializer
from flask.sessions import SessionInterface, SessionMixin
from werkzeug.datastructures import CallbackDict

from engine.application.outage import DatabaseError, database_unreachable
from engine.application.signin import load_session, save_session
from web.errors import unavailable

_SERIALIZER = TaggedJSONSerializer()
MAX_COOKIE_CHARS = 128


class ServerSession(CallbackDict[str, Any], SessionMixin):
    def __init__(self, initial: dict[str, Any] | None = None, cookie_value: str | None = None) -> None:
        def on_update(_: Any) -> None:
            self.modified = True

        super().__init__(initial or {}, on_update)
        self.cookie_value = cookie_value
        self.modified = False
        self.renewed_from: str | None = None
        self.unreachable = False  # the database could not be asked: the request answers 503

    def renew(self) -> None:
        """A new key for the same (or a cleared) session: at sign-in, so a key planted before it
        (session fixation) never becomes a signed-in session."""
        if self.cookie_value and self.renewed_from is None:
            self.renewed_from = self.cookie_value
        self.cookie_value = None
        self.modified = True


class DatabaseSessionInterface(SessionInterface):
    def _services(self, app: Flask) -> Any:
        return app.extensions["erkend"]

    def open_session(self, app: Flask, request: Request) -> ServerSession:
        value = request.cookies.get(self.get_cookie_name(app), "")
        if not value or len(value) > MAX_COOKIE_CHARS:
            return ServerSession()
        services = self._services(app)
        try:
            data = load_session(services, value)
        except DatabaseError as error:
            if not database_unreachable(error):
                raise
            away = ServerSession()
            away.unreachable = True
            return away
        if data is None:
            return ServerSession()
        return ServerSession(_SERIALIZER.loads(data), value)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        assert isinstance(session, ServerSession)
        name, domain, path = self.get_cookie_name(app), self.get_cookie_domain(app), self.get_cookie_path(app)
        if not session.modified or session.unreachable:
            return
        services = self._services(app)
        if not session:
            save_session(services, session.cookie_value, None, None, session.renewed_from)
            response.delete_cookie(name, domain=domain, path=path, secure=self.get_cookie_secure(app),
                                   httponly=True, samesite=self.get_cookie_samesite(app))
            return
        user_id = session.get("_user_id")
        session.cookie_value = save_session(services, session.cookie_value, _SERIALIZER.dumps(dict(session)),
                                            int(user_id) if isinstance(user_id, str) and user_id.isdigit() else None,
                                            session.renewed_from)
        assert session.cookie_value is not None
        response.set_cookie(name, session.cookie_value, httponly=True, domain=domain, path=path,
                            secure=self.get_cookie_secure(app), samesite=self.get_cookie_samesite(app))
        response.vary.add("Cookie")


def install_server_sessions(app: Flask) -> None:
    app.session_interface = DatabaseSessionInterface()

    @app.before_request
    def _database_away():  # type: ignore[no-untyped-def]
        if getattr(session, "unreachable", False):
            return unavailable()
        return None
