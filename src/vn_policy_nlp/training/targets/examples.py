"""Training examples for each model of the targets stage, computed once per reading.

Every example keeps its document id, so that folds split by document.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ...targets.context import Context
from ...targets.features import kind_features
from ...targets.fields import indicator as ind
from ...targets.fields.deadline import time_features, time_options
from ...targets.fields.place import place_features, place_options
from ...targets.time_roles import role_features
from ..data import TARGET_MODELS
from .readings import Reading

Feats = dict[str, float] | list[str]  # named binary features, as a dict or as the list of present names
_WORD = re.compile(r"\w+")
#: A place option stands for the gold location when their syllables overlap this much (token F1).
PLACE_MATCH_F1 = 0.5


def words(s: str | None) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFC", s or "").lower())


def token_f1(a: str | None, b: str | None) -> float:
    """The scorer's token F1 between two phrases (syllables, case folded)."""
    ta, tb = words(a), words(b)
    if not ta and not tb:
        return 1.0
    common = sum((Counter(ta) & Counter(tb)).values())
    if not common:
        return 0.0
    p, r = common / len(ta), common / len(tb)
    return 2 * p * r / (p + r)


@dataclass
class Examples:
    """Feature dicts and labels of one model, each with its document id."""

    x: list[Feats] = field(default_factory=list)
    y: list[Any] = field(default_factory=list)
    doc: list[str] = field(default_factory=list)
    group: list[int] = field(default_factory=list)  # which candidate (for rankers and token sets)
    weights: dict[str, float] = field(default_factory=dict)  # a document's weight in fitting, when not 1

    def add(self, x: Feats, y: Any, doc: str, group: int = -1) -> None:
        self.x.append(x)
        self.y.append(y)
        self.doc.append(doc)
        self.group.append(group)

    def subset(self, docs: set[str]) -> Examples:
        keep = [i for i, d in enumerate(self.doc) if d in docs]
        return Examples([self.x[i] for i in keep], [self.y[i] for i in keep], [self.doc[i] for i in keep],
                        [self.group[i] for i in keep], {d: w for d, w in self.weights.items() if d in docs})

    def sample_weights(self) -> list[float] | None:
        return [self.weights.get(d, 1.0) for d in self.doc] if self.weights else None


@dataclass
class AllExamples:
    kind: Examples = field(default_factory=Examples)
    indicator: Examples = field(default_factory=Examples)
    deadline: Examples = field(default_factory=Examples)
    place: Examples = field(default_factory=Examples)
    time_role: Examples = field(default_factory=Examples)
    # (context, the previous labelled context, gold indicator, the previous one's gold indicator): the
    # inheritance model's features need the fitted indicator model, so they are computed when fitting
    inherit: Examples = field(default_factory=Examples)

    def subset(self, docs: set[str]) -> AllExamples:
        return AllExamples(*(getattr(self, k).subset(docs) for k in TARGET_MODELS))

    def limited(self, trains: dict[str, dict[str, float]]) -> AllExamples:
        """Each model without the documents that do not train it, and with the weights of those that train
        it less (`trains`: document id -> model -> weight; documents not named train every model fully)."""
        parts = []
        for k in TARGET_MODELS:
            ex = getattr(self, k)
            docs = {d for d in ex.doc if d not in trains or k in trains[d]}
            part = ex.subset(docs)
            part.weights = {d: w[k] for d, w in trains.items() if k in w and w[k] != 1.0 and d in docs}
            parts.append(part)
        return AllExamples(*parts)


def build(readings: list[Reading]) -> AllExamples:
    out = AllExamples()
    group = 0
    for r in readings:
        doc_id = r.gold["id"]
        _time_roles(out.time_role, r, doc_id)
        prev: tuple[Context, dict[str, Any]] | None = None
        for ctx, gold in zip(r.analysis.contexts, r.labels, strict=True):
            out.kind.add(kind_features(ctx), gold["kind"] if gold else "none", doc_id)
            if gold is None:
                continue
            group += 1
            if prev is not None and gold.get("indicator") and prev[1].get("indicator"):
                out.inherit.add((ctx, prev[0]), (gold["indicator"], prev[1]["indicator"]), doc_id, group)  # type: ignore[arg-type]
            prev = (ctx, gold)
            _indicator(out.indicator, ctx, gold, doc_id, group)
            _deadline(out.deadline, ctx, gold, doc_id, group)
            _place(out.place, ctx, gold, r.gold["text"], r.offsets, doc_id, group)
    return out


def _indicator(ex: Examples, ctx: Context, gold: dict[str, Any], doc_id: str, group: int) -> None:
    wanted = Counter(words(gold.get("indicator")))
    if not wanted:
        return
    toks, feats = ind.features(ctx)
    # a gold word is claimed by the window's occurrence nearest the value
    order = sorted(range(len(toks)), key=lambda i: (toks[i].dist, toks[i].side != "U"))
    labels = [0] * len(toks)
    for i in order:
        w = toks[i].word
        if wanted[w] > 0:
            labels[i] = 1
            wanted[w] -= 1
    for f, y in zip(feats, labels, strict=True):
        ex.add(f, y, doc_id, group)


def _deadline(ex: Examples, ctx: Context, gold: dict[str, Any], doc_id: str, group: int) -> None:
    opts = time_options(ctx)
    want = (gold.get("deadline") or "").strip().lower()
    hits = [i for i, o in enumerate(opts) if want and o.item.value.lower() == want]
    if want and not hits:
        return  # the gold period is nowhere among the options: nothing to learn from this one
    near = min(hits, key=lambda i: abs(opts[i].start - ctx.cand.start)) if hits else -1
    for i, f in enumerate(time_features(ctx, gold["kind"], opts)):
        ex.add(f, int(i == near), doc_id, group)


def _place(ex: Examples, ctx: Context, gold: dict[str, Any], text: str, offsets: Any, doc_id: str, group: int) -> None:
    want = gold.get("location")
    if not want:
        return
    opts = place_options(ctx, gold["kind"])
    f1 = [token_f1(ctx.doc.text[o.start:o.end], want) for o in opts]
    if not opts or max(f1) < PLACE_MATCH_F1:
        return
    top = max(f1)
    near = min((i for i, v in enumerate(f1) if v == top), key=lambda i: abs(opts[i].start - ctx.cand.start))
    for i, f in enumerate(place_features(ctx, opts)):
        ex.add(f, int(i == near), doc_id, group)


def _time_roles(ex: Examples, r: Reading, doc_id: str) -> None:
    """Each time the time stage found, labelled by whether a gold deadline overlaps it."""
    view = r.analysis.view
    starts = sorted(c.cand.start for c in r.analysis.contexts)
    gold = [m["span"] for m in r.gold.get("time_expressions") or [] if m.get("deadline")]
    for t in view.times:
        s, e = r.offsets.to_input(t.start, t.end)
        label = int(any(gs < e and s < ge for gs, ge in gold))
        ex.add(role_features(view, t, starts), label, doc_id)
