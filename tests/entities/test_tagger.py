"""The recogniser's tokens, tags and decoding: exported JSON decodes as crfsuite itself does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from vn_policy_nlp.entities.tagger import CRFModel, spans_of, stretches, tags_of
from vn_policy_nlp.entities.tokens import LABELS, tokenize

HANDWRITTEN = Path(__file__).resolve().parents[2] / "corpus" / "entities" / "handwritten.jsonl"


def test_tags_round_trip_to_spans() -> None:
    text = "Theo hãng tin Reuters, tập đoàn Siemens mở nhà máy tại Bavaria."
    tokens = tokenize(text)
    mentions = [(14, 21, "ORG", "org.known"), (32, 39, "ORG", "org.head"), (55, 62, "LOC", "loc.gazetteer")]
    tags, kinds = tags_of(tokens.spans, mentions)
    assert [(s.start, s.end, s.label) for s in spans_of(tokens, tags)] == [m[:3] for m in mentions]
    assert [k for k in kinds if k] == ["org.known", "org.head", "loc.gazetteer"]


def test_a_line_break_ends_a_mention() -> None:
    text = "Trường ĐH Vinh\nDân trí"
    tokens = tokenize(text)
    tags = ["B-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG"]
    assert [text[s.start:s.end] for s in spans_of(tokens, tags)] == ["Trường ĐH Vinh", "Dân trí"]


def test_stretches_cover_names_and_stop_at_punctuation() -> None:
    text = "giá lúa tăng mạnh trong tháng, còn công ty Acme Foods báo lãi. mọi thứ ổn định"
    tokens = tokenize(text, ["O"] * len(tokenize(text).spans))
    words = [text[a:b] for a, b in tokens.spans]
    (i, j), = stretches(tokens, 2)
    assert words[i:j] == ["công", "ty", "Acme", "Foods", "báo", "lãi"]


def _train(examples: list[Any]) -> tuple[Any, CRFModel]:
    pycrfsuite = pytest.importorskip("pycrfsuite")
    from vn_policy_nlp.training.entities import to_json

    trainer = pycrfsuite.Trainer(verbose=False)
    for ex in examples:
        trainer.append(ex.with_rules, ex.labels)
    trainer.set_params({"c1": 0.0, "c2": 0.1, "max_iterations": 60, "feature.possible_transitions": True})
    path = str(Path(pytest.importorskip("tempfile").mkdtemp()) / "crf.model")
    trainer.train(path)
    tagger = pycrfsuite.Tagger()
    tagger.open(path)
    return tagger, CRFModel(to_json(tagger.info(), "test", True, "model"))


def test_exported_model_decodes_as_crfsuite() -> None:
    from vn_policy_nlp.entities.combine import rule_view
    from vn_policy_nlp.entities.stage import extract_entities
    from vn_policy_nlp.text.normalize import normalize
    from vn_policy_nlp.training.data import read_jsonl
    from vn_policy_nlp.training.entities import featurize

    docs = list(read_jsonl(HANDWRITTEN))
    tagger, model = _train([featurize(d["text"], d) for d in docs])
    compared = 0
    for d in docs:
        text = normalize(d["text"])[0]
        orgs, locs, _ = extract_entities(text, None)
        tokens = rule_view(text, orgs, locs)  # type: ignore[arg-type]
        n = len(tokens.spans)
        ours = [model.labels[k] for k in model._viterbi(model.emissions(tokens), [(0, n)], n)]
        theirs = tagger.tag(featurize(d["text"], d).with_rules)
        valid = all(not b.startswith("I-") or a[2:] == b[2:] for a, b in zip(["O", *theirs], theirs, strict=False))
        if valid:
            assert ours == theirs, d["id"]
            compared += 1
    assert compared >= len(docs) // 2
    assert set(model.labels) == set(LABELS)


def test_stretches_decoded_together_as_one_by_one() -> None:
    """All stretches side by side (longest first) give each one's labels decoded alone."""
    from vn_policy_nlp.entities.combine import rule_view
    from vn_policy_nlp.entities.stage import extract_entities
    from vn_policy_nlp.entities.tagger import load_model
    from vn_policy_nlp.text.normalize import normalize
    from vn_policy_nlp.training.data import read_jsonl

    model = load_model()
    if model is None:
        pytest.skip("no released entity model")
    checked = 0
    for d in read_jsonl(HANDWRITTEN):
        text = normalize(d["text"])[0]
        orgs, locs, _ = extract_entities(text, None)
        tokens = rule_view(text, orgs, locs, narrow=True)  # type: ignore[arg-type]
        ranges, n = tokens.ranges or [], len(tokens.spans)
        together = model._viterbi(model.emissions(tokens, [p for i, j in ranges for p in range(i, j)]), ranges, n) if ranges else []
        alone = [k for i, j in ranges for k in model._viterbi(model.emissions(tokens, list(range(i, j))), [(i, j)], n)]
        assert together == alone, d["id"]
        checked += len(ranges) > 1
    assert checked
