"""Text -> normalised text, with a map back to the caller's offsets (run by the tokenizer).

Stages match against one canonical spelling (NFC, modern tone placement, plain
spaces, no invisible characters, `TP. Hà Nội` un-glued), but every record's
span must index the text exactly as given. `normalize()` returns the new text
and an `OffsetMap`; records pass their spans through `OffsetMap.to_input()`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from ..lang import table


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """For each normalised character, the [start, end) it came from in the input.

    `starts is None` means the identity map: the common case (already NFC, no
    repairs of length) costs nothing.
    """

    starts: tuple[int, ...] | None
    ends: tuple[int, ...] | None
    input_length: int

    def to_input(self, start: int, end: int) -> tuple[int, int]:
        if self.starts is None or self.ends is None:
            return start, end
        n = len(self.starts)
        if n == 0:
            return 0, 0
        s = self.starts[start] if start < n else self.input_length
        e = self.ends[end - 1] if 0 < end <= n else s
        return s, max(s, e)


@dataclass(frozen=True, slots=True)
class _Rules:
    space_like: frozenset[str]
    invisible: frozenset[str]
    special: re.Pattern[str]
    tone: re.Pattern[str]
    tone_map: dict[str, str]
    glued: re.Pattern[str] | None


@cache
def _rules() -> _Rules:
    data = table("orthography")
    tp = data["tone_placement"]
    final = {k: v for k, v in tp["syllable_final"].items()}
    after_q = {k: v for k, v in tp.get("after_q", {}).items()}
    not_after = "".join(re.escape(c) for c in tp.get("not_after", []))

    def chars(keys: list[str], i: int) -> str:
        found = {k[i] for k in keys} | {k[i].upper() for k in keys}
        return "".join(sorted(map(re.escape, found)))

    # Character classes rather than an alternation: one cheap scan of the text.
    # The callback checks the pair against the table.
    pattern = rf"(?<![{not_after}])[{chars(list(final), 0)}][{chars(list(final), 1)}](?!\w)"
    if after_q:
        pattern += rf"|(?<=[{not_after}])[{chars(list(after_q), 0)}][{chars(list(after_q), 1)}](?!\w)"
    tone = re.compile(pattern)
    tone_map = {**final, **{f"q:{k}": v for k, v in after_q.items()}}
    glued_list = data.get("glued_prefixes", [])
    glued = (
        re.compile(r"(?<!\w)(" + "|".join(map(re.escape, glued_list)) + r")(?=\w)") if glued_list else None
    )
    return _Rules(
        space_like=frozenset(data.get("space_like", [])),
        special=re.compile(
            "[" + "".join(map(re.escape, data.get("space_like", []) + data.get("invisible", []))) + "]"
        ),
        invisible=frozenset(data.get("invisible", [])),
        tone=tone,
        tone_map=tone_map,
        glued=glued,
    )


def _match_case(src: str, repl: str) -> str:
    return "".join(r.upper() if s.isupper() else r for s, r in zip(src, repl, strict=True))


def _fix_tones(text: str, rules: _Rules) -> str:
    def sub(m: re.Match[str]) -> str:
        src = m.group(0)
        low = src.lower()
        after_q = m.start() > 0 and text[m.start() - 1] in "qQ"
        repl = rules.tone_map.get(f"q:{low}" if after_q else low)
        return _match_case(src, repl) if repl and len(repl) == len(src) else src

    return rules.tone.sub(sub, text)


# Markup is masked, not removed: tags and script/style bodies become spaces of
# the same length and entities their character padded with spaces, so offsets
# into HTML input stay exact and the tags never reach the stages.
_MARKUP = re.compile(
    r"<(script|style)\b[^>]*>.*?</\1\s*>|<!--.*?-->|</?[A-Za-z][A-Za-z0-9]*\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*/?>",
    re.IGNORECASE | re.DOTALL,
)
_LOOKS_LIKE_HTML = re.compile(r"</?(?:p|div|br|span|a|b|i|em|strong|html|body|h[1-6]|li|ul|table|td|tr|img)\b", re.I)
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]{2,8});")


def mask_markup(text: str) -> tuple[str, bool]:
    """HTML tags -> spaces, entities -> their character; same length. Returns (text, was_html)."""
    if "<" not in text or not _LOOKS_LIKE_HTML.search(text):
        return text, False
    import html

    def blank(m: re.Match[str]) -> str:
        return "".join("\n" if c == "\n" else " " for c in m.group(0))

    def entity(m: re.Match[str]) -> str:
        ch = html.unescape(m.group(0))
        if len(ch) != 1:
            return m.group(0)
        return (" " if ch == "\u00a0" else ch) + " " * (len(m.group(0)) - 1)

    return _ENTITY.sub(entity, _MARKUP.sub(blank, text)), True


def _repair_chars(text: str, rules: _Rules) -> tuple[str, list[int], list[int]]:
    """NFC, space-like characters as spaces, invisible ones dropped; each output character's input span."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        cluster = text[i:j]
        if cluster in rules.invisible:
            i = j
            continue
        piece = " " if cluster in rules.space_like else unicodedata.normalize("NFC", cluster)
        for ch in piece:
            out.append(ch)
            starts.append(i)
            ends.append(j)
        i = j
    return "".join(out), starts, ends


def normalize(text: str) -> tuple[str, OffsetMap]:
    """Canonical text for matching, and the map of its offsets back to `text`."""
    rules = _rules()
    needs_chars = not unicodedata.is_normalized("NFC", text) or rules.special.search(text) is not None
    needs_glue = bool(rules.glued and rules.glued.search(text))
    if not needs_chars and not needs_glue:
        return _fix_tones(text, rules), OffsetMap(None, None, len(text))

    if needs_chars or any(map(unicodedata.combining, text)):
        norm, starts, ends = _repair_chars(text, rules)
    else:  # only glued prefixes to un-glue, and no mark to keep with its letter: each character maps to itself
        norm, starts, ends = text, list(range(len(text))), list(range(1, len(text) + 1))
    if rules.glued is not None:
        glued_at = [m.end() for m in rules.glued.finditer(norm)]
        for pos in reversed(glued_at):
            anchor = ends[pos - 1]
            norm = norm[:pos] + " " + norm[pos:]
            starts.insert(pos, anchor)
            ends.insert(pos, anchor)

    norm = _fix_tones(norm, rules)
    return norm, OffsetMap(tuple(starts), tuple(ends), len(text))
