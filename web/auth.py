"""Sign in and out. Passwords are checked with argon2 (engine.accounts); staff with a TOTP secret
also give a one-time code (sealed at rest, engine.secrets_box). Attempts are rate limited per account and
address (web.login_limit); sessions live on the server (web.server_session)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pyotp
from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_user, logout_user

from engine.accounts import check_password
from engine.input_bounds import text_fault
from engine.policy.access import AUTHENTICATED, PUBLIC
from engine.store.db import UnitOfWork
from engine.store.event_log import append_event
from web.identity import WebUser
from web.route_policy import policy

bp = Blueprint("auth", __name__)
LANGUAGES = ("nl", "en")


def _safe_next(target: str | None) -> str:
    if not target:
        return url_for("home.index")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("home.index")
    return target


@bp.route("/login", methods=["GET", "POST"])
@policy(PUBLIC)
def login():  # type: ignore[no-untyped-def]
    error, status = None, 200
    if request.method == "POST":
        services = current_app.extensions["erkend"]
        limiter = current_app.extensions["erkend_login_limiter"]
        username = request.form.get("username", "").strip()
        address = request.remote_addr or "-"
        if text_fault(username) or len(username) > 128:
            # No account has such a name, and no table takes it: refused before the limiter or the log.
            error, status = _("Gebruikersnaam, wachtwoord of code onjuist."), 422
        elif not limiter.admit(username, address):
            _audit(services, "login_blocked", username, {"address": address})
            error, status = _("Te veel mislukte pogingen. Probeer het over 15 minuten opnieuw."), 429
        else:
            user = _authenticate(
                services, username, request.form.get("password", ""), request.form.get("totp", "")
            )
            if user is None:
                _audit(services, "login_failed", username, {"address": address})
                error, status = _("Gebruikersnaam, wachtwoord of code onjuist."), 401
            else:
                limiter.succeeded(username, address)
                session.clear()
                session.renew()  # a new key: one planted before sign-in opens nothing
                login_user(user)
                _audit(services, "user_logged_in", user.username, {})
                return redirect(_safe_next(request.args.get("next")))
    return render_template("login.html", error=error), status


def _authenticate(services, username: str, password: str, code: str) -> WebUser | None:  # type: ignore[no-untyped-def]
    with services.sessions() as db:
        row = check_password(db, username, password)
        if row is None:
            return None
        if row.totp_secret and not pyotp.TOTP(services.box.open(row.totp_secret)).verify(code.strip(),
                                                                                           valid_window=1):
            return None
        return WebUser.of(row)


def _audit(services, kind: str, username: str, details: dict) -> None:  # type: ignore[no-untyped-def]
    """Sign-ins, failed attempts and blocked attempts go to the audit log: guessing shows up there.
    The name tried is cut to the column's length; nothing else from the form is stored."""
    with UnitOfWork(services.sessions) as uow:
        append_event(
            uow.session,
            case_id=None,
            at=services.clock.now(),
            kind=kind,
            actor=username[:128] or "-",
            role=None,
            details=details,
        )
        uow.commit()


@bp.route("/logout", methods=["POST"])
@policy(AUTHENTICATED)
def logout():  # type: ignore[no-untyped-def]
    """Ends the session on the server: the cookie, or any copy of it, opens nothing afterwards."""
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))


@bp.route("/language/<code>", methods=["POST"])
@policy(PUBLIC)
def language(code: str):  # type: ignore[no-untyped-def]
    if code in LANGUAGES:
        session["lang"] = code
    return redirect(_safe_next(request.form.get("next")))
