"""The spaCy side: stages are registered factories, `nlp.pipe(n_process=2)` works, Docs carry records."""

from __future__ import annotations

from spacy.language import Language

import vn_policy_nlp
from vn_policy_nlp.pipeline import STAGES

TEXTS = ["Phấn đấu tỷ lệ đạt 90%.", "Năm 2022 tăng 9,8%.", "Không có số nào."]


def test_stages_are_registered_factories(nlp) -> None:
    assert nlp.pipe_names == STAGES
    assert STAGES[-1] == "vnp_records"
    for name in STAGES:
        assert Language.has_factory(name)
        assert nlp.get_pipe_meta(name).factory == name


def test_exclude_drops_a_stage() -> None:
    nlp = vn_policy_nlp.load(exclude=["vnp_numbers"])
    assert "vnp_numbers" not in nlp.pipe_names
    assert nlp("Đạt 90%.")._.records.percentages == []


def test_pipe_in_two_processes_matches_one(nlp) -> None:
    one = [d._.records.model_dump() for d in nlp.pipe(TEXTS)]
    two = [d._.records.model_dump() for d in nlp.pipe(TEXTS, n_process=2, batch_size=1)]
    assert one == two
    assert [len(r["percentages"]) for r in one] == [1, 1, 0]


def test_doc_spans_mirror_records(nlp) -> None:
    doc = nlp("Tỷ lệ đạt 91,5%.")
    assert [s.text for s in doc.spans["percentages"]] == ["91,5%"]


def test_extract_batch_keeps_order() -> None:
    docs = [vn_policy_nlp.Document(id=str(i), text=t) for i, t in enumerate(TEXTS)]
    assert [r.id for r in vn_policy_nlp.extract_batch(docs)] == ["0", "1", "2"]


def test_load_leaves_nothing_to_load_per_worker() -> None:
    """Batch workers are forked after `load()`: the tables a document needs are built by then, and
    extraction never imports underthesea (0.3 s a process) unless words are asked for."""
    import subprocess
    import sys

    script = (
        "import sys, vn_policy_nlp\n"
        "from vn_policy_nlp.lang.wordlist import syllables, two_syllable_words\n"
        "from vn_policy_nlp.targets.grammar import tables\n"
        "from vn_policy_nlp.time.deadline import deadline_grammar\n"
        "nlp = vn_policy_nlp.load()\n"
        "loaded = [f.cache_info().currsize for f in (syllables, two_syllable_words, tables, deadline_grammar)]\n"
        "nlp('Đại học London phấn đấu năm 2025 đạt 90% sinh viên có việc làm.')\n"
        "print(loaded, 'underthesea' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[1, 1, 1, 1] False"
