"""`erkend users totp` turns on the second factor: afterwards the password alone no longer signs in."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pyotp
import pytest
from click.testing import CliRunner

from web.cli import main

from .conftest import TEST_MASTER_KEY, WebEnv, csrf_token


def test_users_totp_requires_the_code_at_sign_in(env: WebEnv, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", env.services.db.url.render_as_string(hide_password=False))
    monkeypatch.setenv("ERKEND_MASTER_KEY", TEST_MASTER_KEY)
    result = CliRunner().invoke(main, ["users", "totp", "--username", "panel"])
    assert result.exit_code == 0, result.output
    secret = parse_qs(urlparse(result.output.strip()).query)["secret"][0]
    client = env.client()
    assert env.login(client, "panel").status_code == 401
    signed_in = client.post(
        "/login",
        data={
            "username": "panel",
            "password": "pw-panel-123",
            "totp": pyotp.TOTP(secret).now(),
            "csrf_token": csrf_token(client, "/login"),
        },
    )
    assert signed_in.status_code == 302
    assert CliRunner().invoke(main, ["users", "totp", "--username", "nobody"]).exit_code != 0
