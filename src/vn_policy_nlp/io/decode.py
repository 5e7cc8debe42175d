"""Bytes -> text, refusing what is not text instead of emitting mojibake.

UTF-8 (with or without BOM) and UTF-16 with a BOM are read as they are.
Binary data is refused. Legacy Vietnamese encodings (TCVN3/ABC, VNI,
Windows-1258) are detected and converted by `legacy.py`, with a warning that
says so, or refused with a clear error.
"""

from __future__ import annotations

from ..errors import EncodingError

#: Share of control characters above which a byte string is taken as binary.
BINARY_CONTROL_SHARE = 0.05


def looks_binary(data: bytes) -> bool:
    if b"\x00" in data[:8192]:
        return True
    sample = data[:8192]
    if not sample:
        return False
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13, 12))
    return controls / len(sample) > BINARY_CONTROL_SHARE


def decode_bytes(data: bytes, *, name: str = "input") -> tuple[str, tuple[str, ...]]:
    """Decode and return (text, warnings); raises EncodingError with the reason."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), ("decoded from UTF-16",)
        except UnicodeDecodeError as exc:
            raise EncodingError(f"{name}: invalid UTF-16: {exc.reason}") from None
    if looks_binary(data):
        raise EncodingError(f"{name}: binary data, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        from .legacy import decode_legacy_bytes

        converted = decode_legacy_bytes(data)
        if converted is None:
            raise EncodingError(
                f"{name}: not UTF-8 (byte {exc.start}: {exc.reason}) and not a legacy Vietnamese encoding we know"
            ) from None
        text, encoding = converted
        return text, (f"converted from {encoding}",)
    from .legacy import convert_legacy_text

    converted_text = convert_legacy_text(text)
    if converted_text is not None:
        text, encoding = converted_text
        return text, (f"converted from {encoding}",)
    return text, ()
