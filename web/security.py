"""Response headers that hold for every page: a strict Content-Security-Policy (no inline script or
style, nothing from other origins), no framing, no sniffing, no referrer, and no caching of pages that
carry case data."""

from __future__ import annotations

from flask import Flask, Response, request

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
# A diagram is served as an image document of its own: it may style itself, it can never run script.
SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def install_security_headers(app: Flask) -> None:
    @app.after_request
    def _headers(response: Response) -> Response:
        if response.mimetype == "image/svg+xml":
            response.headers["Content-Security-Policy"] = SVG_CSP
        else:
            response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if request.endpoint != "static":
            response.headers["Cache-Control"] = "no-store"
        if request.is_secure:
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        return response
