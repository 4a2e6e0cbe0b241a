"""The Flask front end: create_app() is the application factory."""
from __future__ import annotations

from flask import Flask, jsonify, render_template

from web.services import Services, build_services
from web.settings import Settings


def create_app(settings: Settings | None = None, services: Services | None = None) -> Flask:
    services = services or build_services(settings or Settings())
    app = Flask(__name__)
    app.config.update(SECRET_KEY=services.settings.secret_key, TESTING=services.settings.testing)
    app.extensions["erkend"] = services

    @app.get("/healthz")
    def healthz():  # type: ignore[no-untyped-def]
        return jsonify(status="ok", training=services.settings.training)

    @app.get("/")
    def index():  # type: ignore[no-untyped-def]
        return render_template("index.html", training=services.settings.training)

    return app
