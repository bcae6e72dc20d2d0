"""Extraction on the shared evaluation sets, held byte for byte (issue 13): speed work must not
change a single output line on seeds, dev or pfsa-dev.

Only a SHA-256 digest of each set's JSONL output is kept (tests/data/shared-output.sha256),
never the sets' text or rows. When a change is meant to alter the output, say why in its
commit and write the digests again:

    python tests/test_output_digests.py
"""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest

import quotes
from quotes.outputs import format_quotes
from quotes.rules import load_rules

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SETS = {"seeds": SHARED / "seeds", "dev": SHARED / "eval" / "dev" / "docs",
        "pfsa-dev": SHARED / "eval" / "pfsa-dev" / "docs"}
DIGESTS = Path(__file__).parent / "data" / "shared-output.sha256"


def digest(folder: Path) -> str:
    """The digest of the set's JSONL output, each document named by its file name."""
    rules = load_rules()
    h = hashlib.sha256()
    for doc in sorted(folder.glob("*.txt")):
        quotes_of_doc = quotes.extract(doc.read_text(encoding="utf-8"), rules)
        h.update("".join(line + "\n" for line in format_quotes(doc.name, quotes_of_doc, "jsonl")).encode())
    return h.hexdigest()


def kept() -> dict[str, str]:
    return dict(line.split() for line in DIGESTS.read_text(encoding="utf-8").splitlines() if line.strip())


@pytest.mark.parametrize("name", sorted(SETS))
def test_output_on_the_shared_set_is_unchanged(name: str) -> None:
    if not SETS[name].is_dir():
        pytest.skip(f"shared evaluation data not found at {SETS[name]}")
    assert digest(SETS[name]) == kept()[name], (
        f"the output on {name} changed: if that is meant, say why in the commit and run "
        "`python tests/test_output_digests.py`")


if __name__ == "__main__":
    missing = [str(folder) for folder in SETS.values() if not folder.is_dir()]
    if missing:
        sys.exit(f"not found: {', '.join(missing)}")
    DIGESTS.write_text("".join(f"{name} {digest(folder)}\n" for name, folder in sorted(SETS.items())),
                       encoding="utf-8")
    print(DIGESTS.read_text(encoding="utf-8"), end="")
