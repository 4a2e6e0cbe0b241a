"""The legal remedies a letter names: objection or appeal with its statutory term, or why none is open.
The table is data with its sources, letters/data/remedies.toml; keyed by the `remedy` of each decision
type in letters.catalogue."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

REMEDIES_FILE = Path(__file__).parent / "data" / "remedies.toml"
KINDS = frozenset({"objection", "appeal", "none"})


@dataclass(frozen=True)
class Remedy:
    """A legal remedy and its term. ``term`` is an ISO-8601 duration counted from the day after the
    letter is sent (Awb art. 6:8), ending on a weekday that is no holiday (Algemene termijnenwet)."""

    kind: str  # objection | appeal | none
    term: str | None = None
    source: str = ""
    reason_none_nl: str = ""
    reason_none_en: str = ""


def load_remedies(path: Path = REMEDIES_FILE) -> Mapping[str, Remedy]:
    """Every remedy of the file; a remedy without a source, of an unknown kind, or open to objection or
    appeal without a term is a broken table and fails at import."""
    table = {key: Remedy(**entry) for key, entry in tomllib.loads(path.read_text(encoding="utf-8")).items()}
    for key, remedy in table.items():
        if remedy.kind not in KINDS or not remedy.source or (remedy.kind != "none") != bool(remedy.term):
            raise ValueError(f"{path.name}: remedy {key!r} needs a known kind, a source, and a term unless none")
    return MappingProxyType(table)


REMEDIES: Mapping[str, Remedy] = load_remedies()
