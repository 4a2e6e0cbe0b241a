"""Letter fixtures: fictional people, a case engine that issues letters, and PDF text extraction."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import Engine

from engine.cases import CaseEngine
from engine.clock import VirtualClock
from engine.letter_issuing import case_data_loader, make_letter_issuer
from engine.ports import Actor
from engine.specs import SpecLibrary
from engine.store.db import session_factory
from forms.catalogue import all_forms
from letters.render import check_letter, render_letter

MODELS = Path(__file__).parent / "models"

# Fictional people only.
PERSON = {
    "name": "Mira Kovač",
    "date_of_birth": "1994-07-12",
    "v_number": "9000000001",
    "address": {"street": "Lindelaan", "number": "12", "postcode": "9999 AB", "city": "Voorbeeldstad"},
}
LAWYER = {
    "name": "mr. R. de Boer",
    "organisation": "De Boer Advocaten",
    "address": ["Postbus 9960", "9999 ZK Voorbeeldstad"],
    "username": "rdeboer",
}
GUARDIAN = {
    "name": "S. Visser",
    "organisation": "Nidos",
    "address": ["Postbus 9950", "9999 ZL Voorbeeldstad"],
    "username": "svisser",
}
CHILD = {
    "name": "Daan Smit",
    "date_of_birth": "2011-04-03",
    "v_number": "9000000002",
    "address": ["p/a Nidos", "Postbus 9950", "9999 ZL Voorbeeldstad"],
}


def pdf_text(pdf: bytes) -> str:
    """Text of all pages, whitespace collapsed so that line breaks do not split phrases."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.fixture
def letter_library() -> SpecLibrary:
    return SpecLibrary(MODELS)


@pytest.fixture
def issuing_cases(db_engine: Engine, letter_library: SpecLibrary, clock: VirtualClock) -> CaseEngine:
    """A case engine wired as in the composition root, with the letter issuer as outbox handler."""
    issuer = make_letter_issuer(render_letter, case_data_loader(letter_library), check_letter)
    return CaseEngine(
        session_factory(db_engine),
        letter_library,
        clock,
        all_forms(),
        outbox_handlers={"issue_letter": issuer},
    )


@pytest.fixture
def panel_member() -> Actor:
    return Actor("pim", frozenset({"panel"}), "panel", purpose="identification")


def case_data(minor: bool = False, **extra: Any) -> dict[str, Any]:
    # a third-country national in the B8/3 track: the IND gets a copy of decisions her residence depends on
    data: dict[str, Any] = {"person": dict(CHILD if minor else PERSON), "lawyer": dict(LAWYER), "residence_track": "b83"}
    if minor:
        data["guardian"] = dict(GUARDIAN)
    data.update(extra)
    return data


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour - 1, 0, tzinfo=dt.timezone.utc)
