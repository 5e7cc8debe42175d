"""Syllable tokens: the words and trailing spaces the spaCy Doc is built from."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from vn_policy_nlp.text.tokens import _PIECES_RE, _assemble, tokens_with_spaces

CASES = yaml.safe_load((Path(__file__).resolve().parents[1] / "data" / "text" / "tokens.yaml").read_text("utf-8"))


@pytest.mark.parametrize(("text", "words", "spaces"), CASES)
def test_tokens_with_spaces(text: str, words: list[str], spaces: list[bool]) -> None:
    got = tokens_with_spaces(text)
    assert got == (words, spaces)
    assert "".join(w + (" " if s else "") for w, s in zip(*got, strict=True)) == text
    # the one-regex form and the piece-by-piece assembly (used for segmented words) agree
    assert got == _assemble(_PIECES_RE.findall(text))
