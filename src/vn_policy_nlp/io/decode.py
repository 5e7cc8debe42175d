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


#: Bytes that are not control characters (tab, newline, form feed, carriage return count as text).
_TEXT_BYTES = bytes(range(32, 256)) + b"\t\n\r\x0c"


def looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    if not sample:
        return False
    controls = len(sample.translate(None, _TEXT_BYTES))  # what is left are the control bytes
    return controls / len(sample) > BINARY_CONTROL_SHARE


def decode_bytes(data: bytes, *, name: str = "input", legacy_text: bool = True) -> tuple[str, tuple[str, ...]]:
    """Decode and return (text, warnings); raises EncodingError with the reason.

    `legacy_text=False` skips the check for legacy text that decoded as UTF-8
    (`repair_text`), for callers that run it on the fields they parse out.
    """
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
        return text, (CONVERTED + encoding,)
    if not legacy_text:
        return text, ()
    return repair_text(text, name=name)


#: Prefix of the warning a conversion leaves; the encoding's name follows.
CONVERTED = "converted from "


def repair_text(text: str, *, name: str = "input", encoding: str | None = None) -> tuple[str, tuple[str, ...]]:
    """Text that is TCVN3/VNI read as Latin-1 -> (Unicode, warnings); ordinary text unchanged.

    With `encoding` (a name from an earlier warning), convert as that encoding
    without detecting: a short title follows the encoding of its body.
    Raises EncodingError for mojibake that no table converts.
    """
    from .legacy import convert_as, convert_legacy_text

    if encoding is not None:
        converted_text = convert_as(text, encoding)
        return converted_text, ((CONVERTED + encoding,) if converted_text != text else ())
    try:
        converted = convert_legacy_text(text)
    except EncodingError as exc:
        raise EncodingError(f"{name}: {exc.message}") from None
    if converted is None:
        return text, ()
    return converted[0], (CONVERTED + converted[1],)
