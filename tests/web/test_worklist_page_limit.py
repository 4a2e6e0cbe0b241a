"""A long worklist shows its most urgent tasks and says how many there are in all."""
from __future__ import annotations

import pytest

from engine.ports import Actor

from .conftest import WebEnv


def test_a_cut_worklist_says_how_many_tasks_there_are(env: WebEnv, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("engine.application.overviews.WORKLIST_LIMIT", 2)
    for _ in range(3):  # three intakes waiting for the coordinator
        env.services.cases.start_case("reference_case", {}, Actor.system("test-seed"))
    client = env.client()
    env.login(client, "coordinator")
    page = client.get("/worklist").get_data(as_text=True)
    assert "De 2 dringendste van 3 taken" in page
    assert page.count("/tasks/") == 2
