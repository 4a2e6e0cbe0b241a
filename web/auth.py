"""Sign in and out. Passwords are checked with argon2 (engine.accounts); staff with a TOTP secret
also give a one-time code (sealed at rest, engine.secrets_box). Attempts are rate limited per account and
address (engine.application.login_limit); sessions live on the server (web.server_session)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_user, logout_user

from engine.access.rules import AUTHENTICATED, PUBLIC
from engine.application.signin import authenticate, record_sign_in
from engine.input_bounds import text_fault
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
            record_sign_in(services, "login_blocked", username, {"address": address})
            error, status = _("Te veel mislukte pogingen. Probeer het over 15 minuten opnieuw."), 429
        else:
            account = authenticate(
                services, username, request.form.get("password", ""), request.form.get("totp", "")
            )
            if account is None:
                record_sign_in(services, "login_failed", username, {"address": address})
                error, status = _("Gebruikersnaam, wachtwoord of code onjuist."), 401
            else:
                limiter.succeeded(username, address)
                session.clear()
                session.renew()  # a new key: one planted before sign-in opens nothing
                login_user(WebUser.of(account))
                record_sign_in(services, "user_logged_in", account.username, {})
                return redirect(_safe_next(request.args.get("next")))
    return render_template("login.html", error=error), status


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
