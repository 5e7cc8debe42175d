"""Legacy Vietnamese encodings: TCVN3 (ABC), VNI and Windows-1258 -> Unicode.

Archives hold text typed with the ABC (TCVN3) and VNI fonts. It reaches us
either as bytes that are not UTF-8, or as text that was already read as
Latin-1/Windows-1252 somewhere upstream ("Céng hoµ", "Coäng hoøa"). Both
are converted with the tables in `lang/vi/legacy_encodings.yaml`; the choice
between encodings is made by converting and counting how many words become
real Vietnamese syllables (`lang/vi/syllables.yaml`: a syllable list, since
nearly any Latin-1 junk read as TCVN3 gives letters that look Vietnamese). Text that looks like
mojibake but that no table repairs is refused (`EncodingError`), never passed
on as if it were text.

- `decode_legacy_bytes(data)` -> (text, encoding name) or None.
- `convert_legacy_text(text)` -> (text, encoding name) or None; raises
  EncodingError for unrepairable mojibake.
- `encode_legacy(text, "TCVN3" | "VNI")`: the other way, for making test data.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from ..errors import EncodingError
from ..lang import require, table
from ..lang.wordlist import syllables

#: Diacritic names used in the tables -> combining characters (Unicode facts).
_COMBINING = {
    "acute": "\u0301",
    "grave": "\u0300",
    "hook": "\u0309",
    "tilde": "\u0303",
    "dot": "\u0323",
    "circumflex": "\u0302",
    "breve": "\u0306",
}

#: Letters only Vietnamese uses (ă đ ơ ư and the toned letters of Latin
#: Extended Additional); a Unicode Vietnamese text is full of them.
_VI_SPECIFIC = re.compile("[\u0102\u0103\u0110\u0111\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9\u0300\u0301\u0303\u0309\u0323]")
#: Latin-1 characters that are not Vietnamese letters: where legacy text shows through.
_LATIN1_VI_LETTERS = "àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ"
_ODD_CHARS = "".join(chr(c) for c in range(0xA1, 0x100) if chr(c) not in _LATIN1_VI_LETTERS)
_ODD_RE = re.compile("[" + re.escape(_ODD_CHARS) + "]")
_WORD = re.compile(r"[^\W\d_]+")
_SPLIT_WORD = re.compile(r"(?<=[^\W\d_])[\u00a1-\u00bf](?=[^\W\d_])")
#: Windows-1252's printable characters in 0x80-0x9F, by byte (for text read as cp1252).
_CP1252_HIGH = {b: bytes([b]).decode("cp1252") for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}
_FROM_CP1252 = {ord(ch): chr(b) for b, ch in _CP1252_HIGH.items()}


@dataclass(frozen=True, slots=True)
class Detection:
    min_words: int
    accept_share: float
    margin: float
    mojibake_share: float
    mojibake_min_words: int
    mojibake_ascii_share: float


@cache
def _detection() -> Detection:
    data = require(table("legacy_encodings"), "detection", "legacy_encodings")
    return Detection(**data)


@cache
def tcvn3_table() -> dict[int, str]:
    """str.translate table: Latin-1 code point of a TCVN3 byte -> Unicode letter."""
    data = require(table("legacy_encodings"), "tcvn3", "legacy_encodings")
    return {int(byte): letter for byte, letter in data.items()}


@cache
def vni_table() -> dict[str, str]:
    """VNI surface sequence (as Latin-1 text) -> Unicode letter, generated from the table's parts."""
    data = require(table("legacy_encodings"), "vni", "legacy_encodings")
    letters: dict[str, str] = {chr(int(b)): letter for b, letter in data["letters"].items()}
    base_surface = {v: k for k, v in letters.items()}
    vowel_marks: dict[str, list[str]] = data["vowel_marks"]
    out: dict[str, str] = dict(letters)
    for base in data["bases"]:
        surface = base_surface.get(base, base)
        for byte, names in data["marks"].items():
            if any(base not in vowel_marks[n] for n in names if n in vowel_marks):
                continue
            combined = unicodedata.normalize("NFC", base + "".join(_COMBINING[n] for n in names))
            if len(combined) == 1:  # the mark combines with this letter
                out[surface + chr(int(byte))] = combined
    return out


@cache
def _vni_regex() -> re.Pattern[str]:
    keys = sorted(vni_table(), key=len, reverse=True)
    return re.compile("|".join(re.escape(k) for k in keys))


def _surface(text: str) -> str:
    """Windows-1252 punctuation back to the byte values the legacy tables index."""
    return text.translate(_FROM_CP1252)


def tcvn3_to_unicode(text: str) -> str:
    """TCVN3 text (bytes read as Latin-1 or Windows-1252) -> NFC Unicode."""
    return unicodedata.normalize("NFC", _surface(text).translate(tcvn3_table()))


def vni_to_unicode(text: str) -> str:
    """VNI text (bytes read as Latin-1 or Windows-1252) -> NFC Unicode."""
    tab = vni_table()
    converted = _vni_regex().sub(lambda m: tab[m.group()], _surface(text))
    return unicodedata.normalize("NFC", converted)


def _utf8_as_cp1252(text: str) -> str:
    """UTF-8 bytes that were read as Windows-1252 ("Viá»‡t"): re-read them as UTF-8.

    Raises UnicodeError when the text is not that kind of mojibake.
    """
    return unicodedata.normalize("NFC", _surface(text).encode("latin-1").decode("utf-8"))


def encode_legacy(text: str, encoding: str) -> str:
    """Unicode -> TCVN3 or VNI, as Latin-1 characters (`.encode("latin-1")` gives the bytes).

    For making test data and fixtures. TCVN3 has no toned capitals: they are
    written with the lower-case code (old documents set them in a capital
    font), so they come back lower-case. VNI uses, for each letter, the
    shortest sequence whose mark has the letter's case.
    """
    if encoding == "TCVN3":
        code = {letter: chr(byte) for byte, letter in tcvn3_table().items()}
        nfc = unicodedata.normalize("NFC", text)
        return "".join(code.get(ch) or code.get(ch.lower()) or ch for ch in nfc)
    if encoding == "VNI":
        vni: dict[str, str] = {}
        for seq, letter in vni_table().items():
            if len(seq) == 2 and seq[0].isupper() != seq[1].isupper():
                continue
            if letter not in vni or len(seq) < len(vni[letter]):
                vni[letter] = seq
        return "".join(vni.get(ch, ch) for ch in unicodedata.normalize("NFC", text))
    raise ValueError(f"no encoder for {encoding!r}: use TCVN3 or VNI")


# --- telling Vietnamese from mojibake ------------------------------------------


def is_syllable(word: str) -> bool:
    """True for a written Vietnamese syllable (any case)."""
    return unicodedata.normalize("NFC", word.lower()) in syllables()


def syllable_share(text: str) -> tuple[float, int]:
    """(share of valid syllables, count) over the words that hold a non-ASCII letter."""
    words = [w for w in _WORD.findall(text) if not w.isascii()]
    if not words:
        return 0.0, 0
    return sum(1 for w in words if is_syllable(w)) / len(words), len(words)


def _mojibake_words(text: str) -> tuple[int, int]:
    """(words that cannot be Vietnamese, all words): how much the text looks like mojibake."""
    words = _WORD.findall(text)
    bad = sum(1 for w in words if not w.isascii() and not is_syllable(w))
    # A TCVN3 "ã" is U+00B7, not a letter, so it splits words; count the splits too.
    bad += len(_SPLIT_WORD.findall(text))
    return bad, len(words)


def _ascii_words_share(text: str) -> float:
    """Share of whole ASCII words that are Vietnamese syllables: high for any Vietnamese
    text, whatever its encoding ("do", "Nam", "trong"); low for German or French.
    With fewer than three such words there is nothing to judge by, and it says 1."""
    words = [w.strip(string.punctuation) for w in text.split()]
    words = [w for w in words if w.isascii() and w.isalpha()]
    return sum(1 for w in words if is_syllable(w)) / len(words) if len(words) >= 3 else 1.0


def _best(text: str, candidates: dict[str, Callable[[str], str]]) -> tuple[str, str] | None:
    """The candidate conversion that reads most like Vietnamese, if it clearly wins."""
    det = _detection()
    base_share, _ = syllable_share(text)
    best: tuple[float, str, str] | None = None
    for name, convert in candidates.items():
        try:
            converted = convert(text)
        except (UnicodeError, KeyError):
            continue
        share, n = syllable_share(converted)
        if n < det.min_words or share < det.accept_share or share < base_share + det.margin:
            continue
        if best is None or share > best[0]:
            best = (share, converted, name)
    return None if best is None else (best[1], best[2])


_TEXT_CANDIDATES: dict[str, Callable[[str], str]] = {
    "TCVN3": tcvn3_to_unicode,
    "VNI": vni_to_unicode,
    "UTF-8 read as Windows-1252": _utf8_as_cp1252,
}


def convert_as(text: str, encoding: str) -> str:
    """Convert with a known encoding, no detection: a title follows its body's encoding."""
    try:
        return _TEXT_CANDIDATES[encoding](text)
    except UnicodeError:
        return text


def decode_legacy_bytes(data: bytes) -> tuple[str, str] | None:
    """Bytes that are not UTF-8 -> (Unicode text, encoding name), or None if no legacy encoding fits."""
    latin = data.decode("latin-1")

    def cp1258(_: str) -> str:
        return unicodedata.normalize("NFC", data.decode("cp1258"))

    return _best(latin, {"TCVN3": tcvn3_to_unicode, "VNI": vni_to_unicode, "Windows-1258": cp1258})


def convert_legacy_text(text: str) -> tuple[str, str] | None:
    """Text that is really TCVN3/VNI read as Latin-1 -> (Unicode text, encoding name).

    None for ordinary text (the common case, decided by two regex scans).
    Raises EncodingError for text that looks like mojibake that no table repairs.
    """
    odd = len(_ODD_RE.findall(text))
    if odd < 3 or len(_VI_SPECIFIC.findall(text)) > odd:
        return None
    found = _best(text, _TEXT_CANDIDATES)
    if found is not None:
        return found
    det = _detection()
    bad, words = _mojibake_words(text)
    if (
        bad >= det.mojibake_min_words
        and bad >= det.mojibake_share * max(words, 1)
        and _ascii_words_share(text) >= det.mojibake_ascii_share
    ):
        raise EncodingError(
            f"text looks like legacy-encoded Vietnamese ({bad} of {words} words are garbled) "
            "in an encoding we cannot convert (not TCVN3, VNI or Windows-1258)"
        )
    return None
