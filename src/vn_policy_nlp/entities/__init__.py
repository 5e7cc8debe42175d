"""Organisations and locations, by dimension.

    lexicon        word shapes and regex building blocks (language-neutral)
    scan           anchored patterns tried only at their trigger words
    gazetteer      administrative units (with codes), countries, regions
    rules          the organisation tables of lang/vi/organisations.yaml, compiled
    places         locations by level word, place word or known name
    place_lists    locations by their neighbours (lists, cues, dash pairs, roads, inside bodies)
    canonical      a written place -> the gazetteer's official name and code
    context        the article's places by level, its main place
    organisations/ organisations by kind (central, local, sectors, named, acronyms)
    scope          where a body belongs: its written or the article's place
    names          each organisation's expanded, scoped name
    runs           runs of capitalised words
    tokens         the recogniser's tokens and feature templates
    tagger         the trained recogniser (a CRF read from JSON, decoded with numpy)
    combine        rules and recogniser together
    stage          the spaCy component `vnp_entities`
"""
