"""References to legal and policy documents.

Vietnamese documents are cited by type and number: `Chỉ thị số 09-CT/TU`
(Party format `số-LOẠI/CƠQUAN`), `Nghị định 100/2019/NĐ-CP` (state format
`số/năm/LOẠI-CƠQUAN`), by a programme number (`Chương trình 06`, `Đề án
911`) or, for laws, by name (`Luật Đất đai 2024`). The number's code names
the issuer (`CP` -> Chính phủ, `TU` -> Tỉnh ủy). Types, codes, issuers and
the words that end a law's name are data (`lang/vi/legal.yaml`).

    grammar     the table compiled to regexes
    codes       document numbers: cleaning, type and issuer codes
    find        the references of a text, one pass per way of citing

The span covers the type and the number (and a law's name), never the date
after it: `ngày 5/7/2023` is a time expression of its own.

Mentions written: `legal_references`, label LAW, attrs `type`, `number`,
`issuer` (and `name`, `year` for a law cited by name).
"""

from __future__ import annotations

from .find import find_legal
from .grammar import LegalGrammar, grammar

__all__ = ["LegalGrammar", "find_legal", "grammar"]
