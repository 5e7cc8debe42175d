"""Rules and the trained recogniser together.

The rules' mentions become features of the recogniser (a tag and a rule
kind per token); its labels then decide which mentions stand. A mention it
keeps exactly keeps the rule's analysis (name, scope, level); one it
extends from a rule's head ("Công ty cổ phần Dịch" -> "... Dịch vụ Phú
Nhuận") is named again from the head; one no rule found is named from its
own words; one that shares an edge with a rule's mention keeps that
mention's analysis on the new span. A place inside a kept body's name stays as the rules found it
(a token has one label). With `union` the recogniser only adds mentions no
rule overlaps.
"""

from __future__ import annotations

import bisect
from dataclasses import replace

from ..extensions import Mention
from .gazetteer import gazetteer
from .organisations.org import Org
from .spans import Taken
from .tagger import WINDOW, CRFModel, Span, spans_of, stretch_ranges, tags_of
from .tokens import READ, TOKEN, Tokens, tokenize


def rule_view(text: str, orgs: list[Org], locs: list[Mention], narrow: bool = False) -> Tokens:
    """The text's tokens with the rules' tags and rule kinds as template values. `narrow` keeps
    only the stretches the recogniser labels and the tokens its features read around them
    (the features of a labelled token are the same either way)."""
    spans = [m.span() for m in TOKEN.finditer(text)]
    found = [(o.start, o.end, "ORG", o.rule) for o in orgs] + [(m.start, m.end, "LOC", m.rule or "") for m in locs]
    tags, kinds = tags_of(spans, found)
    ranges = None
    if narrow:
        ranges = stretch_ranges(*_marks(text, spans), [t != "O" for t in tags], WINDOW)
        keep, ranges = _reach(ranges, len(spans))
        spans, tags, kinds = [spans[i] for i in keep], [tags[i] for i in keep], [kinds[i] for i in keep]
    tokens = tokenize(text, tags, kinds, spans)
    tokens.ranges = ranges
    return tokens


def _marks(text: str, spans: list[tuple[int, int]]) -> tuple[list[bool], list[str]]:
    """Enough of each token to find the stretches cheaply: does it open with a capital, and its first character."""
    firsts = [text[a] for a, _ in spans]
    return [c.isupper() for c in firsts], firsts


def _reach(ranges: list[tuple[int, int]], n: int) -> tuple[list[int], list[tuple[int, int]]]:
    """Token indices of the stretches and of the neighbours their features read, and the
    stretches' positions among those tokens."""
    keep: list[int] = []
    moved: list[tuple[int, int]] = []
    for a, b in ranges:
        lo = max(a - READ, keep[-1] + 1 if keep else 0)
        start = len(keep) + (a - lo)
        keep.extend(range(lo, min(n, b + READ)))
        moved.append((start, start + b - a))
    return keep, moved


def _model_org(text: str, sp: Span, by_start: dict[int, Org], overlapped: Org | None = None) -> Org:
    """An organisation of the recogniser's: a rule's head run re-read to the span's end, else named
    from its own words, with the type of a rule's mention it overlaps."""
    rule = by_start.get(sp.start)
    if rule is not None and rule.rule == "org.head" and rule.head:
        return Org(sp.start, sp.end, "org.head", rule.type, None, head=rule.head)
    if overlapped is not None and (overlapped.start == sp.start or overlapped.end == sp.end):
        return replace(overlapped, start=sp.start, end=sp.end)  # the rule's analysis (scope, name) on the span
    return Org(sp.start, sp.end, "model.entities", overlapped.type if overlapped else "other", None)


def _overlapping(orgs: list[Org], starts: list[int], sp: Span) -> Org | None:
    """The last rule organisation (sorted, disjoint) starting before the span's end, if it reaches into it."""
    i = bisect.bisect_left(starts, sp.end) - 1
    return orgs[i] if i >= 0 and orgs[i].end > sp.start else None


def _model_loc(text: str, sp: Span) -> Mention:
    name = text[sp.start:sp.end]
    return Mention("LOC", sp.start, sp.end, {"level": gazetteer().known(name) or "place", "_name": name},
                   rule="model.entities")


def combine(text: str, orgs: list[Org], locs: list[Mention], model: CRFModel) -> tuple[list[Org], list[Mention]]:
    """The mentions that stand once the recogniser has labelled the text."""
    tokens = rule_view(text, orgs, locs, narrow=True) if model.uses_rules else tokenize(text)
    found = spans_of(tokens, model.tag(tokens))
    org_at = {(o.start, o.end): o for o in orgs}
    loc_at = {(m.start, m.end): m for m in locs}
    if model.combine == "union":
        taken = Taken([(o.start, o.end) for o in orgs] + [(m.start, m.end) for m in locs])
        new = [sp for sp in found if not taken.overlaps(sp.start, sp.end)]
        orgs = sorted(orgs + [_model_org(text, sp, {}) for sp in new if sp.label == "ORG"], key=lambda o: o.start)
        locs = sorted(locs + [_model_loc(text, sp) for sp in new if sp.label == "LOC"], key=lambda m: m.start)
        return orgs, locs
    if model.combine == "veto":
        return _veto(text, orgs, locs, found)
    by_start = {o.start: o for o in orgs}
    starts = [o.start for o in orgs]
    kept_orgs = [org_at.get((sp.start, sp.end)) or _model_org(text, sp, by_start, _overlapping(orgs, starts, sp))
                 for sp in found if sp.label == "ORG"]
    kept_locs = [loc_at.get((sp.start, sp.end)) or _model_loc(text, sp) for sp in found if sp.label == "LOC"]
    # One label a token: a place inside a body's name ("UBND [tỉnh Thanh Hóa]") is the rules' to keep.
    in_orgs, taken = Taken([(o.start, o.end) for o in kept_orgs]), Taken([(m.start, m.end) for m in kept_locs])
    kept_locs += [m for m in locs if in_orgs.overlaps(m.start, m.end) and not taken.overlaps(m.start, m.end)]
    return kept_orgs, sorted(kept_locs, key=lambda m: m.start)


def _veto(text: str, orgs: list[Org], locs: list[Mention], found: list[Span]) -> tuple[list[Org], list[Mention]]:
    """The recogniser decides which mentions exist, the rules where they end: a rule's mention
    stands when a span of its kind overlaps it (a head's run takes the span's end); a span
    overlapping no rule mention is added; a rule mention no span overlaps is dropped."""
    spans = {"ORG": Taken([(s.start, s.end) for s in found if s.label == "ORG"]),
             "LOC": Taken([(s.start, s.end) for s in found if s.label == "LOC"])}
    ends = {s.start: s.end for s in found if s.label == "ORG"}
    kept_orgs = []
    for o in orgs:
        if spans["ORG"].overlaps(o.start, o.end):
            if o.rule == "org.head" and ends.get(o.start, o.end) != o.end:
                o = Org(o.start, ends[o.start], "org.head", o.type, None, head=o.head)
            kept_orgs.append(o)
    kept_locs = [m for m in locs if spans["LOC"].overlaps(m.start, m.end) or spans["ORG"].overlaps(m.start, m.end)]
    taken = Taken([(o.start, o.end) for o in orgs] + [(m.start, m.end) for m in locs])
    new = [sp for sp in found if not taken.overlaps(sp.start, sp.end)]
    kept_orgs += [_model_org(text, sp, {}) for sp in new if sp.label == "ORG"]
    kept_locs += [_model_loc(text, sp) for sp in new if sp.label == "LOC"]
    return sorted(kept_orgs, key=lambda o: o.start), sorted(kept_locs, key=lambda m: m.start)
