"""The authorities that sign letters (IND, the panel, the referral hub...): name, address, where objection
and appeal go, signatory. Data in letters/data/authorities.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

AUTHORITIES_FILE = Path(__file__).parent / "data" / "authorities.toml"


@dataclass(frozen=True)
class Authority:
    key: str
    name: str
    on_behalf_of: str
    unit: str
    address: tuple[str, ...]
    objection_to: tuple[str, ...]
    appeal_to: tuple[str, ...]
    signatory: str
    signatory_title: str


@lru_cache(maxsize=4)
def load_authorities(path: Path = AUTHORITIES_FILE) -> dict[str, Authority]:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    return {
        key: Authority(
            key=key,
            name=v["name"],
            on_behalf_of=v.get("on_behalf_of", ""),
            unit=v.get("unit", ""),
            address=tuple(v["address"]),
            objection_to=tuple(v.get("objection_to", ())),
            appeal_to=tuple(v.get("appeal_to", ())),
            signatory=v.get("signatory", ""),
            signatory_title=v.get("signatory_title", ""),
        )
        for key, v in raw.items()
    }
