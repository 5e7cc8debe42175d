"""The entities stage: organisations and locations (GUIDELINES sections 2 and 3).

Mentions written:
- `organisations` (ORG): attrs `name` (expanded, scoped), `level`
  (central/province/district/commune or None), `type`;
- `locations` (LOC): attrs `level` (province, district, commune, country,
  region, road, ...), `canonical` and `code` (the gazetteer's official name
  and administrative code, where the place is one unit);
- `doc._.place`: the article's main place, for the targets stage.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import Mention, add_mentions, text_of
from ..lang.wordlist import syllables, two_syllable_words
from .canonical import canonical
from .combine import combine
from .context import PlaceContext, place_context
from .gazetteer import gazetteer
from .names import name_organisations
from .organisations import Org, find_organisations
from .place_lists import (
    country_pairs,
    level_required_after_cue,
    local_places,
    outside_place_names,
    places_in_orgs,
    route_codes,
)
from .places import find_locations
from .rules import org_rules
from .runs import candidate_runs
from .spans import resolve_overlaps
from .tagger import CRFModel, load_model

_LEVELS = ("central", "province", "district", "commune")


def _org_mention(o: Org) -> Mention:
    return Mention("ORG", o.start, o.end, {"name": o.name, "level": o.level if o.level in _LEVELS else None,
                                           "type": o.type},
                   rule=o.rule, confidence=o.attrs.get("_confidence", 1.0))


def _loc_mention(text: str, m: Mention, province: str | None) -> Mention:
    named = canonical(text[m.start:m.end], province)
    attrs = {"level": m.attrs.get("level"), "canonical": named[0] if named else None, "code": named[1] if named else None}
    return Mention("LOC", m.start, m.end, attrs, rule=m.rule, confidence=m.confidence)


def extract_entities(text: str, model: CRFModel | None = None) -> tuple[list[Mention], list[Mention], PlaceContext]:
    """Organisation and location mentions of a normalised text, and its place context."""
    hits = org_rules().scan.run(text)
    locs = find_locations(text, hits)
    extra = local_places(text, locs, candidate_runs) + level_required_after_cue(text) + country_pairs(text, locs) + route_codes(text)
    if extra:
        locs = resolve_overlaps(locs + extra)
    orgs = outside_place_names(find_organisations(text, hits), locs)
    inner = places_in_orgs(text, orgs, locs)
    if inner:
        locs = resolve_overlaps(locs + inner)
    if model is not None:
        orgs, locs = combine(text, orgs, locs, model)
    ctx = place_context(text, locs)
    orgs = name_organisations(text, orgs, ctx)
    province = ctx.by_level["province"].name if "province" in ctx.by_level else None
    return [_org_mention(o) for o in orgs], [_loc_mention(text, m, province) for m in locs], ctx


class EntityRecognizer:
    """Organisations and locations; see the module docstring."""

    def __init__(self, nlp: Language, name: str = "vnp_entities", *, use_model: bool = True) -> None:
        self.name = name
        gazetteer()
        org_rules()
        syllables()  # foreign_name reads it: loaded here, workers forked after load() share it
        two_syllable_words()  # the Trường rule reads it (organisations/named.py), likewise
        self.model = load_model() if use_model else None

    def __call__(self, doc: Doc) -> Doc:
        orgs, locs, ctx = extract_entities(text_of(doc), self.model)
        add_mentions(doc, "organisations", orgs)
        add_mentions(doc, "locations", locs)
        doc._.place = ctx.main_written
        return doc


@Language.factory("vnp_entities", assigns=["doc.spans", "doc._.place"], requires=[], default_config={"use_model": True})
def make_entities(nlp: Language, name: str, use_model: bool) -> EntityRecognizer:
    return EntityRecognizer(nlp, name, use_model=use_model)


__all__ = ["EntityRecognizer", "extract_entities", "make_entities"]
