"""Dutch first, English second: every text of the interface has an English translation, the language
follows the user's choice, and dates are shown in the Europe/Amsterdam time zone."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from .conftest import WebEnv, csrf_token

WEB = Path(__file__).resolve().parents[2] / "web"


def test_every_interface_text_has_an_english_translation() -> None:
    method_map = [("**.py", "python"), ("templates/**.html", "jinja2")]
    texts = {
        message
        for _file, _line, message, _comments, _context in extract_from_dir(str(WEB), method_map)
        if isinstance(message, str)
    }
    with (WEB / "translations" / "en" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalogue = read_po(po)
    untranslated = sorted(t for t in texts if not (catalogue.get(t) and catalogue.get(t).string))
    assert len(texts) > 100 and untranslated == []


def test_language_follows_the_browser_then_the_users_choice(env: WebEnv) -> None:
    client = env.client()
    assert "Inloggen" in client.get("/login").get_data(as_text=True)
    assert "Sign in" in client.get("/login", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(
        as_text=True
    )
    client.post("/language/en", data={"csrf_token": csrf_token(client, "/login"), "next": "/login"})
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in page and "Sign in" in page


def test_dates_are_shown_in_amsterdam_time(env: WebEnv) -> None:
    case_id = env.start_case()  # 08:00 UTC on 5 January = 09:00 in Amsterdam
    client = env.client()
    env.login(client, "coordinator")
    assert "5 januari 2026 09:00" in client.get(f"/cases/{case_id}").get_data(as_text=True)
    client.post("/language/en", data={"csrf_token": csrf_token(client, "/worklist"), "next": "/worklist"})
    assert "5 January 2026 09:00" in client.get(f"/cases/{case_id}").get_data(as_text=True)
