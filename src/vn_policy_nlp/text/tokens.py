"""Syllable tokens (and underthesea words, where asked for), with exact offsets.

One regex pass splits the normalised text into syllables, numbers and
punctuation: that costs ~0.1 ms an article, where underthesea's word
segmentation costs ~12 ms. `segment_words()` gives word boundaries for users
who want spaCy tokens to be Vietnamese words and can pay for it.
"""

from __future__ import annotations

import re

# Numbers keep their Vietnamese separators ("10,51", "1.200.000", "12/1/2023"
# stays three tokens); document codes stay apart ("09-CT/TU" is 5 tokens).
TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:&[^\W\d_]+)*|\d+|\S", re.UNICODE)


# Tokens and the whitespace runs between them, in one findall.
_PIECES_RE = re.compile(rf"{TOKEN_RE.pattern}|\s+", re.UNICODE)


def _assemble(pieces: list[str]) -> tuple[list[str], list[bool]]:
    """spaCy words/spaces from tokens and whitespace runs, rebuilding the text exactly."""
    words: list[str] = []
    spaces: list[bool] = []
    for piece in pieces:
        if not piece[0].isspace():
            words.append(piece)
            spaces.append(False)
        elif piece == " " and words and not spaces[-1]:
            spaces[-1] = True
        elif len(piece) > 1 and piece[-1] == " ":
            # A whitespace run becomes a token; its last plain space is the trailing space.
            words.append(piece[:-1])
            spaces.append(True)
        else:
            words.append(piece)
            spaces.append(False)
    return words, spaces


# The same pieces already assembled, in one findall: a token takes the single space after it as its
# trailing space (group 2); a longer whitespace run ending in a space is a token whose last space
# trails it (groups 3, 4); any other whitespace run is a token of its own (group 5).
_WORDS_RE = re.compile(rf"({TOKEN_RE.pattern})(?:( )(?!\s))?|(\s+)( )(?!\s)|(\s+)", re.UNICODE)


def tokens_with_spaces(text: str) -> tuple[list[str], list[bool]]:
    """Syllable tokens: one regex pass (what `_assemble` makes of `_PIECES_RE`'s pieces)."""
    found = _WORDS_RE.findall(text)
    return [tok or run or rest for tok, _, run, _, rest in found], [bool(a or b) for _, a, _, b, _ in found]


def words_with_spaces(text: str, spans: list[tuple[int, int]]) -> tuple[list[str], list[bool]]:
    """Tokens at word boundaries found elsewhere (word segmentation); gaps are re-tokenised."""
    pieces: list[str] = []
    pos = 0
    for start, end in spans:
        pieces.extend(_PIECES_RE.findall(text[pos:start]))
        pieces.append(text[start:end])
        pos = end
    pieces.extend(_PIECES_RE.findall(text[pos:]))
    return _assemble(pieces)


def segment_words(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Word boundaries of `text[start:end]` from underthesea, as offsets into `text`.

    underthesea may re-space its output, so words are re-located in the text by
    their syllables rather than trusted by position.
    """
    from underthesea import word_tokenize

    end = len(text) if end is None else end
    chunk = text[start:end]
    out: list[tuple[int, int]] = []
    pos = 0
    for word in word_tokenize(chunk):
        sylls = word.split()
        if not sylls:
            continue
        first = chunk.find(sylls[0], pos)
        if first < 0:
            continue
        cur = first + len(sylls[0])
        for syl in sylls[1:]:
            nxt = chunk.find(syl, cur)
            if nxt < 0:
                break
            cur = nxt + len(syl)
        out.append((start + first, start + cur))
        pos = cur
    return out
