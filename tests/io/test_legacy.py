"""Legacy encodings: our own samples, encoded here into TCVN3, VNI and Windows-1258, convert
back; legacy text typed from the code charts converts; ordinary text is left alone; mojibake
that no table repairs is refused."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
import yaml

from vn_policy_nlp.errors import EncodingError
from vn_policy_nlp.io.decode import decode_bytes
from vn_policy_nlp.io.legacy import convert_legacy_text, decode_legacy_bytes, encode_legacy, tcvn3_table, vni_table
from vn_policy_nlp.io.readers import read_path

DATA = yaml.safe_load((Path(__file__).resolve().parents[1] / "data" / "legacy" / "samples.yaml").read_text(encoding="utf-8"))
SAMPLES: list[str] = DATA["samples"]
TONES = "\u0300\u0301\u0303\u0309\u0323"
VOWELS = "aăâeêioôơuưy"
TONED = {unicodedata.normalize("NFC", v + t) for v in VOWELS for t in ("", *TONES)}


def tcvn3_expected(text: str) -> str:
    """TCVN3 has no toned capitals (they were set in a capital font): they come back lower-case."""
    code = set(tcvn3_table().values())
    return "".join(c.lower() if c not in code and not c.isascii() and c.lower() in code else c for c in text)


def encode_cp1258(text: str) -> bytes:
    """Windows-1258: precomposed where the code page has the letter, else base letter + tone mark."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out += base.encode("cp1258") + "".join(c for c in parts if c in TONES).encode("cp1258")
    return bytes(out)


def utf8_as_cp1252(text: str) -> str:
    """UTF-8 bytes read as Windows-1252 ("Viá»‡t"); its five undefined bytes kept as C1 characters."""
    return "".join(chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252") for b in text.encode("utf-8"))


def encode_unknown(text: str) -> str:
    """Vietnamese letters replaced by Latin-1 symbols through a table no converter knows."""
    return "".join(ch if ch.isascii() else chr(0xC0 + (ord(ch) * 7) % 64) for ch in text)


@pytest.mark.parametrize("case", DATA["known"], ids=lambda c: c["legacy"][:20])
def test_known_legacy_text_converts(case: dict[str, str]) -> None:
    assert convert_legacy_text(case["legacy"]) == (case["unicode"], case["encoding"])
    assert decode_legacy_bytes(case["legacy"].encode("latin-1")) == (case["unicode"], case["encoding"])


@pytest.mark.parametrize("sample", SAMPLES)
def test_tcvn3_text_and_bytes_convert_back(sample: str) -> None:
    encoded = encode_legacy(sample, "TCVN3")
    assert encoded != sample
    assert convert_legacy_text(encoded) == (tcvn3_expected(sample), "TCVN3")
    assert decode_bytes(encoded.encode("latin-1")) == (tcvn3_expected(sample), ("converted from TCVN3",))


@pytest.mark.parametrize("sample", SAMPLES)
def test_vni_text_and_bytes_convert_back(sample: str) -> None:
    encoded = encode_legacy(sample, "VNI")
    assert encoded != sample
    assert convert_legacy_text(encoded) == (sample, "VNI")
    assert decode_bytes(encoded.encode("latin-1")) == (sample, ("converted from VNI",))


@pytest.mark.parametrize("sample", SAMPLES)
def test_windows_1258_bytes_convert_back(sample: str) -> None:
    assert decode_bytes(encode_cp1258(sample)) == (sample, ("converted from Windows-1258",))


@pytest.mark.parametrize("sample", SAMPLES)
def test_utf8_read_as_windows_1252_is_repaired(sample: str) -> None:
    assert convert_legacy_text(utf8_as_cp1252(sample)) == (sample, "UTF-8 read as Windows-1252")


@pytest.mark.parametrize("text", DATA["ordinary"] + SAMPLES + [unicodedata.normalize("NFD", s) for s in SAMPLES])
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert convert_legacy_text(text) is None
    assert decode_bytes(text.encode("utf-8")) == (text, ())


@pytest.mark.parametrize("sample", [s for s in SAMPLES if len(s.split()) >= 12])
def test_unknown_legacy_text_is_refused_not_passed_on(sample: str) -> None:
    with pytest.raises(EncodingError, match="legacy-encoded"):
        convert_legacy_text(encode_unknown(sample))


def test_tables_cover_every_vietnamese_letter() -> None:
    tcvn3 = set(tcvn3_table().values())
    assert len(tcvn3) == len(tcvn3_table()), "two TCVN3 bytes give the same letter"
    assert (TONED - set("aeiouy")) | {"đ", "Ă", "Â", "Ê", "Ô", "Ơ", "Ư", "Đ"} <= tcvn3
    vni = set(vni_table().values())
    lower = TONED - set("aeiouy")
    assert lower | {c.upper() for c in lower} | {"đ", "Đ"} <= vni
    assert all(unicodedata.is_normalized("NFC", v) and len(v) == 1 for v in vni)


def test_jsonl_line_with_escaped_vni_text_is_converted(tmp_path: Path) -> None:
    path = tmp_path / "v.jsonl"
    line = {"id": "v1", "title": encode_legacy("Thông báo", "VNI"), "text": encode_legacy(SAMPLES[1], "VNI")}
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    (item,) = list(read_path(path))
    assert item.document is not None
    assert (item.document.text, item.document.title) == (SAMPLES[1], "Thông báo")
    assert item.warnings == ("converted from VNI",)


def test_jsonl_line_with_unknown_mojibake_is_an_error_with_its_id(tmp_path: Path) -> None:
    path = tmp_path / "u.jsonl"
    path.write_text(json.dumps({"id": "u1", "text": encode_unknown(SAMPLES[1])}) + "\n", encoding="utf-8")
    (item,) = list(read_path(path))
    assert item.document is None and item.error is not None
    assert (item.error.id, item.error.line) == ("u1", 1) and "legacy-encoded" in item.error.error
