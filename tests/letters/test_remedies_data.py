"""The remedies are a data table with their sources (letters/data/remedies.toml); a broken entry fails when
the table is loaded, not in a letter sent months later."""
from __future__ import annotations

from pathlib import Path

import pytest

from letters.remedies import REMEDIES, load_remedies


def test_every_remedy_names_its_source_and_a_term_unless_none_is_open() -> None:
    for key, remedy in REMEDIES.items():
        assert remedy.source, key
        assert (remedy.kind == "none") == (remedy.term is None), key


@pytest.mark.parametrize("entry", [
    'kind = "objection"\nsource = "art. 6:7 Awb"\n',  # open to objection, but no term
    'kind = "objection"\nterm = "P6W"\n',  # no source
    'kind = "complaint"\nterm = "P6W"\nsource = "x"\n',  # unknown kind
])
def test_a_broken_entry_is_refused_when_the_table_loads(tmp_path: Path, entry: str) -> None:
    table = tmp_path / "remedies.toml"
    table.write_text("[broken]\n" + entry, encoding="utf-8")
    with pytest.raises(ValueError, match="broken"):
        load_remedies(table)
