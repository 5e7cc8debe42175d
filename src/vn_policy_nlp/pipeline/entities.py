"""Stage 5: organisations and locations; the code lives in `vn_policy_nlp.entities`.

Importing this module registers the `vnp_entities` factory, as the other
stage modules of this package do.
"""

from __future__ import annotations

from ..entities.stage import EntityRecognizer, extract_entities, make_entities

__all__ = ["EntityRecognizer", "extract_entities", "make_entities"]
