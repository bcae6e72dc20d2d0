"""Accuracy floors on the shared evaluation sets (issue 3), scored by the shared scorer.

The sets live in ../shared beside the project (in CI too), never on a user's machine:
without them these tests skip and say why.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import quotes
from quotes.rules import load_rules

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
EVAL = SHARED / "eval"

# (gold, documents, floor for quoted attribution F1, floor for indirect attribution F1)
SETS = {
    "seeds": (EVAL / "seeds.gold.jsonl", SHARED / "seeds", 0.90, 0.70),
    "dev": (EVAL / "dev" / "dev.gold.jsonl", EVAL / "dev" / "docs", 0.85, 0.65),
}

pytestmark = pytest.mark.skipif(not (EVAL / "score.py").is_file(),
                                reason=f"shared evaluation data not found at {EVAL}")


def _scorer():
    spec = importlib.util.spec_from_file_location("shared_score", EVAL / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", sorted(SETS))
def test_attribution_f1_floors(name: str) -> None:
    gold_path, docs, quoted_floor, indirect_floor = SETS[name]
    scorer = _scorer()
    rules = load_rules()
    preds = [q.as_dict(doc.name)
             for doc in sorted(docs.glob("*.txt"))
             for q in quotes.extract(doc.read_text(encoding="utf-8"), rules)]
    result, misses = scorer.score(scorer.read_jsonl(gold_path), str(docs), preds)
    summary = f"{name}: quoted {result['quoted']['attr_f1']}, indirect {result['indirect']['attr_f1']}"
    assert result["unplaced_predictions"] == 0, summary
    assert result["quoted"]["attr_f1"] >= quoted_floor, summary + "\n" + "\n".join(misses[:20])
    assert result["indirect"]["attr_f1"] >= indirect_floor, summary + "\n" + "\n".join(misses[:20])
