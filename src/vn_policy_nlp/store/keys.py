"""Comparison keys: accent folding, place keys, indicator keys, unit keys.

Writers spell the same place and indicator many ways ("huyện Đông Sơn",
"Đông Sơn", "ĐÔNG SƠN"; "thu ngân sách", "thu NSNN trên địa bàn"). The store
keeps a folded key next to each written form, so queries and linking compare
keys and never the raw text. The word lists come from `lang/vi/linking.yaml`.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from functools import cache
from typing import Any

from ..lang import alternation, table

_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w%\s]", re.UNICODE)


def fold(text: str) -> str:
    """Lower case, accents stripped (NFD minus combining marks), đ -> d, spaces squeezed."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACE.sub(" ", stripped.replace("đ", "d")).strip()


@cache
def rules() -> dict[str, Any]:
    """The linking table (cached)."""
    return table("linking")


@cache
def _level_regex() -> tuple[re.Pattern[str], dict[str, str]]:
    levels = {fold(k): v for k, v in rules()["place_levels"].items()}
    pattern = re.compile(rf"^(?:{alternation(sorted(levels))})(?=\s|$)\s*")
    return pattern, levels


def _place_form(name: str) -> str:
    return fold(_PUNCT.sub(" ", name.replace("TP.", "TP ").replace("Tp.", "Tp ")))


@cache
def _place_aliases() -> dict[str, str]:
    """Written form -> canonical name, folded: this table's and the entities stage's."""
    from ..errors import RulesError

    pairs = dict(rules().get("place_aliases") or {})
    with contextlib.suppress(RulesError):  # the entities stage's table is optional here
        pairs.update(table("places").get("province_aliases") or {})
    return {_place_form(k): _place_form(v) for k, v in pairs.items()}


def place_key(name: str | None) -> tuple[str | None, str | None]:
    """`("dong son", "district")` for "huyện Đông Sơn"; (None, None) for nothing.

    Aliases are resolved with and without the level word: "TP.HCM", "Sài Gòn"
    and "Thành phố Hồ Chí Minh" all give "ho chi minh".
    """
    if not name or not name.strip():
        return None, None
    folded = _place_form(name)
    aliases = _place_aliases()
    pattern, levels = _level_regex()
    level: str | None = None
    whole = aliases.get(folded)
    m = pattern.match(folded)
    if m:
        level = levels.get(m.group(0).strip())
        folded = folded[m.end():]
    folded = whole or aliases.get(folded.strip(), folded.strip())
    return (folded or None), level


@cache
def _synonyms() -> tuple[re.Pattern[str], dict[str, str]]:
    canon: dict[str, str] = {}
    for group in rules()["indicator_synonyms"]:
        # One token per concept: fillers and function words cannot eat into it.
        joined = fold(group[0]).replace(" ", "_")
        for g in group:
            canon.setdefault(fold(g), joined)
    return re.compile(rf"(?<!\w)(?:{alternation(sorted(canon))})(?!\w)"), canon


@cache
def _fillers() -> re.Pattern[str]:
    words = [fold(w) for w in rules()["indicator_fillers"] + rules()["indicator_function_words"]]
    return re.compile(rf"(?<!\w)(?:{alternation(words)})(?!\w)")


@cache
def _levels() -> str:
    return alternation(sorted({fold(k) for k in rules()["place_levels"]}))


def _without_place(text: str, place: str) -> str:
    """An indicator that names its own place ("giá trị sản xuất huyện X") measures the same
    as one that does not: drop the place as written and as its key, with a level word."""
    written = _place_form(place)
    m = _level_regex()[0].match(written)
    bare = {written[m.end():].strip() if m else written, place_key(place)[0] or ""}
    if m:
        text = re.sub(rf"(?<!\w){re.escape(written)}(?!\w)", " ", text)
    for form in sorted((f for f in bare if f), key=len, reverse=True):
        text = re.sub(rf"(?<!\w)(?:(?:{_levels()})\s+)?{re.escape(form)}(?!\w)", " ", text)
    return text


def is_concept(token: str) -> bool:
    """True for a token that stands for a whole synonym group ("grdp", "ho_ngheo")."""
    return token in _concepts()


@cache
def _concepts() -> frozenset[str]:
    return frozenset(_synonyms()[1].values())


def indicator_key(indicator: str | None, place: str | None = None) -> str:
    """The folded indicator with its synonyms unified, fillers and its own `place` dropped,
    each syllable once."""
    if not indicator:
        return ""
    text = fold(_PUNCT.sub(" ", indicator))
    if place:
        text = _without_place(text, place)
    pattern, canon = _synonyms()
    text = pattern.sub(lambda m: canon[_SPACE.sub(" ", m.group(0))], text)
    text = _fillers().sub(" ", text)
    return " ".join(dict.fromkeys(text.split()))  # each syllable once, in order


@cache
def _units() -> dict[str, str]:
    out: dict[str, str] = {}
    for group in rules()["unit_synonyms"]:
        canon = fold(group[0])
        for g in group:
            out[fold(g)] = canon
    return out


def unit_key(unit: str | None) -> str | None:
    """A unit folded to its canonical form ("phần trăm" -> "%")."""
    if not unit:
        return None
    folded = fold(unit)
    return _units().get(folded, folded)


@cache
def _lower_better() -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{alternation([fold(w) for w in rules()['lower_is_better']])})(?!\w)")


def lower_is_better(ind_key: str) -> bool:
    """True for indicators where a smaller value is the good one (poverty rate, accidents)."""
    return bool(_lower_better().search(ind_key.replace("_", " ")))


@cache
def _level_cues() -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{alternation([fold(w) for w in rules()['level_cues']])})(?!\w)")


def states_level(span_text: str | None) -> bool:
    """True when a decrease target names the level to reach ("xuống còn 2%")."""
    return bool(span_text) and bool(_level_cues().search(fold(span_text or "")))
