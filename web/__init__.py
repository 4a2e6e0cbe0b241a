"""The Flask front end: create_app() is the application factory."""

from __future__ import annotations

from flask import Flask, jsonify

from engine.access.rules import PUBLIC
from web.extensions import babel, csrf, login_manager
from web.input_guard import install_input_guard
from web.services import Services, build_services
from web.settings import Settings


def create_app(settings: Settings | None = None, services: Services | None = None) -> Flask:
    services = services or build_services(settings or Settings())
    app = Flask(__name__)
    install_input_guard(app)  # before any route is declared: it sets the `int` converter
    secure = services.settings.secure_cookies
    app.config.update(
        SECRET_KEY=services.settings.secret_key,
        TESTING=services.settings.testing,
        SESSION_COOKIE_SECURE=secure,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="erkend_session",
        REMEMBER_COOKIE_SECURE=secure,
        REMEMBER_COOKIE_HTTPONLY=True,
        PERMANENT_SESSION_LIFETIME=8 * 3600,
        WTF_CSRF_TIME_LIMIT=8 * 3600,
        MAX_CONTENT_LENGTH=2 * 1024 * 1024,
        BABEL_DEFAULT_LOCALE="nl",
        BABEL_DEFAULT_TIMEZONE="Europe/Amsterdam",
        API_TITLE="erkend",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api/v1",
        OPENAPI_JSON_PATH="openapi.json",
    )
    app.extensions["erkend"] = services
    _init_extensions(app)
    _register_blueprints(app)

    from web.route_policy import policy

    @app.get("/healthz")
    @policy(PUBLIC)
    def healthz():  # type: ignore[no-untyped-def]
        """Alive (always 200); the body says whether the database and the timer worker are well."""
        return jsonify(training=services.settings.training, **_health(services).to_dict())

    @app.get("/readyz")
    @policy(PUBLIC)
    def readyz():  # type: ignore[no-untyped-def]
        """503 while the database is unreachable or a configured worker's heartbeat is stale."""
        health = _health(services)
        return jsonify(training=services.settings.training, **health.to_dict()), 200 if health.ready else 503

    return app


def _health(services: Services):  # type: ignore[no-untyped-def]
    from engine.health import check_health

    settings, worker = services.settings, services.worker
    return check_health(services.db, services.wall, worker.heartbeat if worker else None,
                        settings.expect_worker or worker is not None, settings.worker_stale_after)


def _init_extensions(app: Flask) -> None:
    from engine.application.login_limit import LoginLimiter
    from web.errors import install_error_handlers
    from web.i18n import install_i18n
    from web.route_policy import install_default_deny
    from web.security import install_security_headers
    from web.server_session import install_server_sessions

    services = app.extensions["erkend"]
    install_server_sessions(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"
    csrf.init_app(app)
    install_i18n(app, babel)
    app.extensions["erkend_login_limiter"] = LoginLimiter(services.wall, services.sessions)
    install_default_deny(app)
    install_security_headers(app)
    app.extensions["erkend_api"] = _init_api(app)
    install_error_handlers(app)  # after flask-smorest, whose own handler it replaces


def _init_api(app: Flask):  # type: ignore[no-untyped-def]
    from flask_smorest import Api

    from web.api.v1 import blueprints
    from web.api.v1.schemas import ApiErrorSchema
    from web.api.v1.start_spec import describe_start

    class ErkendApi(Api):  # type: ignore[misc]
        ERROR_SCHEMA = ApiErrorSchema  # every documented error answer has the shape web.errors gives

    api = ErkendApi(
        app,
        spec_kwargs={
            "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
            "security": [{"bearer": []}],
        },
    )
    for blueprint in blueprints(app.extensions["erkend"].settings.training):
        csrf.exempt(blueprint)  # token-authenticated only: see web.identity
        api.register_blueprint(blueprint)
    describe_start(api.spec, app.extensions["erkend"])
    return api


def _register_blueprints(app: Flask) -> None:
    from web import auth
    from web.pages import blueprints

    app.register_blueprint(auth.bp)
    for blueprint in blueprints():
        app.register_blueprint(blueprint)
