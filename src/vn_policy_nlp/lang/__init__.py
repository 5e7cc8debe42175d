"""Language data. Everything Vietnamese-specific lives in `lang/vi/*.yaml`.

Tables are read once per process, NFC-normalised, and validated: a broken
file fails loudly with VNP201 naming the file and key.

A word list lives once, in the table named for its concept (`words.yaml` for
function words, `units.yaml` for units, `legal.yaml` for document types ...);
another table refers to it by an item `$table.key` (or `$table.key.subkey`)
in a list, which is replaced by that list's items (or that mapping's keys).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources
from typing import Any

import yaml

from ..errors import RulesError

# libyaml's parser when PyYAML was built with it: the tables load ~10x faster,
# which every worker process pays at start-up.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _nfc(obj: Any) -> Any:
    if isinstance(obj, str):
        return unicodedata.normalize("NFC", obj)
    if isinstance(obj, list):
        return [_nfc(x) for x in obj]
    if isinstance(obj, dict):
        return {_nfc(k): _nfc(v) for k, v in obj.items()}
    return obj


_REF = re.compile(r"^\$([a-z_]+)((?:\.[A-Za-z_]+)+)$")
_LOADING: set[tuple[str, str]] = set()  # tables being read, to catch a reference cycle


@cache
def table(name: str, lang: str = "vi") -> dict[str, Any]:
    """Load `lang/<lang>/<name>.yaml` as NFC data, references to other tables expanded (cached)."""
    if (name, lang) in _LOADING:
        raise RulesError(f"{lang}/{name}.yaml: its references lead back to it")
    _LOADING.add((name, lang))
    try:
        return _expand(_read(name, lang), f"{lang}/{name}.yaml", lang)
    finally:
        _LOADING.discard((name, lang))


def _expand(obj: Any, where: str, lang: str) -> Any:
    if isinstance(obj, dict):
        return {k: _expand(v, f"{where}: {k}", lang) for k, v in obj.items()}
    if not isinstance(obj, list):
        return obj
    out: list[Any] = []
    for item in obj:
        m = _REF.match(item) if isinstance(item, str) else None
        out.extend(_resolve(m.group(1), m.group(2)[1:].split("."), where, lang) if m else [_expand(item, where, lang)])
    return out


def _resolve(name: str, path: list[str], where: str, lang: str) -> list[Any]:
    """The items (or keys) that `$name.path` names."""
    value: Any = table(name, lang)
    for key in path:
        if not isinstance(value, dict) or key not in value:
            raise RulesError(f"{where}: ${name}.{'.'.join(path)} names no list in {lang}/{name}.yaml")
        value = value[key]
    if isinstance(value, dict):
        return list(value)
    if isinstance(value, list):
        return list(value)
    raise RulesError(f"{where}: ${name}.{'.'.join(path)} is neither a list nor a mapping")


def _read(name: str, lang: str) -> dict[str, Any]:
    path = resources.files(__package__).joinpath(lang, f"{name}.yaml")
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except FileNotFoundError:
        raise RulesError(f"no language table {lang}/{name}.yaml") from None
    except yaml.YAMLError as exc:
        raise RulesError(f"{lang}/{name}.yaml is not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise RulesError(f"{lang}/{name}.yaml must hold a mapping at the top level")
    return _nfc(data)


def require(data: dict[str, Any], key: str, name: str) -> Any:
    """A key a stage cannot work without: fail with the file's name, not a KeyError."""
    if key not in data:
        raise RulesError(f"{name}.yaml lacks the key {key!r}")
    return data[key]


def alternation(phrases: list[str]) -> str:
    """A regex alternation that prefers the longest phrase; spaces match any run of spaces."""
    parts = sorted({p for p in phrases if p}, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in parts)


def trie_alternation(phrases: list[str]) -> str:
    """A regex alternation of lower-cased `phrases` factored as a trie: one pass per
    character instead of one try per phrase (the phrase lists run to hundreds).
    Spaces match any run of spaces; the longest phrase wins."""
    root: dict[str, Any] = {}
    for phrase in {p.lower() for p in phrases if p}:
        node = root
        for ch in re.sub(r"\s+", " ", phrase):
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        alts = [(r"\s+" if ch == " " else re.escape(ch)) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root)
