"""--nlp without stanza: the shipped files, rules mode staying light, clear errors."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from quotes.nlp.loader import MODEL_FILES, PRETRAIN_FILE, SHIPPED_DIR

ROOT = Path(__file__).parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.txt"))


def test_shipped_models_are_complete_and_small():
    names = [*MODEL_FILES.values(), PRETRAIN_FILE, "resources.json", "scores.json", "README.md"]
    assert all((SHIPPED_DIR / n).is_file() for n in names)
    assert sum((SHIPPED_DIR / n).stat().st_size for n in names) <= 40 * 1024 * 1024


def test_rules_mode_never_imports_torch_or_stanza():
    code = ("import sys, quotes.cli; quotes.cli.main(['extract', '--jobs', '1', '-o', '/dev/null', "
            f"{str(SAMPLES[0])!r}]); print(sorted({{'torch', 'stanza'}} & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_a_missing_model_folder_is_a_clear_error(tmp_path: Path):
    r = subprocess.run([sys.executable, "-m", "quotes.cli", "extract", "--nlp", "stanza", "--jobs", "1",
                        "--stanza-dir", str(tmp_path / "nowhere"), str(SAMPLES[0])],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.startswith("quotes: ") and "Traceback" not in r.stderr
    assert "nowhere" in r.stderr or "not installed" in r.stderr
