"""The policy page's figures cannot be subtracted back to a small group: not from the total, and not from
the running cases for "open longer than 90 days"."""
from __future__ import annotations

import datetime as dt

from tests.web.conftest import WebEnv


def _page(env: WebEnv) -> str:
    client = env.client()
    env.login(client, "policy")
    return client.get("/policy/").get_data(as_text=True)


def test_one_case_open_longer_than_90_days_is_not_shown_beside_the_running_cases(env: WebEnv) -> None:
    env.start_case("Anna V.")
    env.clock.advance(dt.timedelta(days=91))
    for alias in ("Bea W.", "Cleo X.", "Dirk Y."):
        env.start_case(alias)
    html = _page(env)
    assert "Zaken die langer dan 90 dagen open zijn</dt><dd>niet getoond" in html
    assert "<td>loopt</td><td>4</td>" in html  # the running cases are shown, by their words


def test_too_few_cases_show_no_figures_at_all(env: WebEnv) -> None:
    env.start_case("Anna V.")
    html = _page(env)
    assert "te weinig zaken" in html
    assert "Aantal zaken</dt><dd>niet getoond" in html
