"""Every `type: ignore` in the type-checked code names the error it silences and says why, so a reader
can judge whether it is still needed (mypy's warn_unused_ignores reports the ones that are not)."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECKED = ("engine",)  # the packages `make test` runs mypy on (pyproject.toml, [tool.mypy] files)
EXPLAINED = re.compile(r"#\s*type:\s*ignore\[[a-z-]+(,\s*[a-z-]+)*\]\s+#\s*\S")


def test_every_type_ignore_in_checked_code_names_its_code_and_reason() -> None:
    bare = [f"{path.relative_to(ROOT)}:{number}"
            for package in CHECKED for path in sorted((ROOT / package).rglob("*.py"))
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if re.search(r"#\s*type:\s*ignore", line) and not EXPLAINED.search(line)]
    assert not bare, "type: ignore without [code]  # reason: " + ", ".join(bare)
