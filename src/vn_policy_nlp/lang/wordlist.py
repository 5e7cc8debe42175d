"""The Vietnamese word list the project reads from an installed package (`lang/vi/syllables.yaml`
names it: underthesea's Viet74K), read once per process.

Two views of it: its syllables, the yardstick that tells converted text
from mojibake (`io/legacy.py`), and its two-syllable words, which tell a
body's name after "Trường" from a person's (`entities/organisations`).
The file is found without importing its package: importing underthesea
costs ~0.3 s a process, and nothing else in the pipeline needs it.
"""

from __future__ import annotations

import importlib.util
import unicodedata
from functools import cache
from pathlib import Path

from . import require, table


@cache
def _words() -> tuple[frozenset[str], frozenset[str]]:
    """(syllables plus the table's extras, two-syllable words), lower case NFC, from one read of the file."""
    data = table("syllables")
    spec = require(data, "lexicon", "syllables")
    text = unicodedata.normalize("NFC", _package_file(spec["package"], spec["path"]).read_text(encoding="utf-8"))
    lines = [line.strip() for line in text.lower().splitlines()]
    found = {s for line in lines for s in line.split()}
    pairs = frozenset(line for line in lines if line.count(" ") == 1)
    return frozenset(found | {w.lower() for w in data.get("extra", [])}), pairs


@cache
def syllables() -> frozenset[str]:
    """Lower-case NFC syllables of the word list, plus the table's extras."""
    return _words()[0]


@cache
def two_syllable_words() -> frozenset[str]:
    """Lower-case NFC two-syllable words of the list ("sĩ quan", "kinh tế")."""
    return _words()[1]


def _package_file(package: str, path: str) -> Path:
    found = importlib.util.find_spec(package)
    if found is None or not found.submodule_search_locations:
        raise ModuleNotFoundError(f"package {package!r} (syllables.yaml's word list) is not installed")
    return Path(next(iter(found.submodule_search_locations))) / path
