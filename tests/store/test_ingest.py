"""Ingest: records and raw documents in, idempotent, errors counted, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from vn_policy_nlp.store import ingest_paths, schema_tables
from vn_policy_nlp.store.ingest import sentence_bounds

ROOT = Path(__file__).resolve().parents[2]
LINKING = ROOT / "corpus" / "linking" / "articles.jsonl"
TABLES = ("documents", "mentions", "targets", "links", "target_status")


def dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every data table, in a stable order."""
    out = {}
    with engine.connect() as conn:
        for name in TABLES:
            table = schema_tables.metadata.tables[name]
            rows = conn.execute(select(table)).all()
            out[name] = sorted(tuple(repr(v) for v in r) for r in rows)
    return out


def count(engine: Engine, name: str) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(schema_tables.metadata.tables[name])).scalar_one()


def make_input_dir(tmp_path: Path) -> Path:
    """Records split over two files, an error record, and a raw corpus-format article."""
    lines = LINKING.read_text(encoding="utf-8").splitlines()
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.jsonl").write_text("\n".join(lines[:10]) + "\n", encoding="utf-8")
    err = json.dumps({"id": "broken", "error": "extraction failed: ValueError"})
    (d / "b.jsonl").write_text("\n".join([*lines[10:], err]) + "\n", encoding="utf-8")
    (d / "c.txt").write_text(
        " date 2023-05 Huyện Vĩnh Lộc sơ kết\n\nHuyện Vĩnh Lộc phấn đấu tỷ lệ che phủ rừng đạt 40% trong năm 2023.\n",
        encoding="utf-8",
    )
    return d


def test_reingest_directory_twice_leaves_identical_tables(engine: Engine, tmp_path: Path) -> None:
    d = make_input_dir(tmp_path)
    first = ingest_paths(engine, [d])
    assert first.new == 26 and first.error_records == 1
    assert first.targets + first.results >= 84  # the raw article adds what the pipeline finds
    before = dump(engine)
    assert before["links"], "the set has links"
    second = ingest_paths(engine, [d])
    assert second.new == 0 and second.unchanged == 26 and second.replaced == 0
    assert dump(engine) == before


def test_raw_document_runs_the_pipeline(engine: Engine, tmp_path: Path) -> None:
    d = make_input_dir(tmp_path)
    ingest_paths(engine, [d / "c.txt"])
    with engine.connect() as conn:
        row = conn.execute(select(schema_tables.documents).where(schema_tables.documents.c.id == "c")).mappings().one()
    assert row["source_kind"] == "documents"
    assert row["text"].startswith("Huyện Vĩnh Lộc")
    assert row["date"] == "2023-05" and row["pub_date"].isoformat() == "2023-05-01"
    assert "+" in row["pipeline_version"]
    assert row["ingested_at"] is not None


def test_changed_document_replaces_its_rows(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "one.jsonl"
    obj = json.loads(LINKING.read_text(encoding="utf-8").splitlines()[2])  # dongson-2023-01
    path.write_text(json.dumps(obj, ensure_ascii=False) + "\n", encoding="utf-8")
    ingest_paths(engine, [path])
    assert count(engine, "targets") == len(obj["targets"])
    obj["targets"] = obj["targets"][:2]
    path.write_text(json.dumps(obj, ensure_ascii=False) + "\n", encoding="utf-8")
    stats = ingest_paths(engine, [path])
    assert stats.replaced == 1 and stats.new == 0
    assert count(engine, "documents") == 1
    assert count(engine, "targets") == 2
    assert count(engine, "target_status") == 2


def test_force_rewrites_unchanged(engine: Engine, tmp_path: Path) -> None:
    d = make_input_dir(tmp_path)
    ingest_paths(engine, [d / "a.jsonl"])
    stats = ingest_paths(engine, [d / "a.jsonl"], force=True)
    assert stats.replaced == 10 and stats.unchanged == 0
    assert count(engine, "documents") == 10


def test_bad_lines_are_counted_not_fatal(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    good = {"id": "ok", "date": "2023-12-01", "targets": [], "percentages": []}
    bad_records = {"id": "bad", "targets": [{"span": [0, 1], "text": "x", "kind": "goal", "value": 1}]}
    path.write_text(
        "\n".join([json.dumps(good), "{not json", json.dumps(bad_records), json.dumps({"id": "e", "error": "boom"}), "[1]"]) + "\n",
        encoding="utf-8",
    )
    stats = ingest_paths(engine, [path, tmp_path / "missing.jsonl"])
    assert stats.new == 1
    assert stats.error_records == 5
    assert any("no such file" in e for e in stats.errors)


@pytest.mark.parametrize(("text", "find", "sentence"), [
    ("Câu một. Năm 2023 đạt 10,5% và 1.200 tỷ đồng. Câu ba!", "đạt", "Năm 2023 đạt 10,5% và 1.200 tỷ đồng."),
    # the pipeline's sentences: a clause after ';' and an abbreviation's dot stay in the sentence
    ("Tại TP. HCM, thu 5 tỷ đồng; chi 3 tỷ đồng. Hết.", "chi 3", "Tại TP. HCM, thu 5 tỷ đồng; chi 3 tỷ đồng."),
    # a span across a sentence end takes both sentences
    ("Một. Hai đạt 5%. Ba đạt 6%. Bốn.", "5%. Ba", "Hai đạt 5%. Ba đạt 6%."),
])
def test_sentence_bounds(text: str, find: str, sentence: str) -> None:
    start = text.index(find)
    lo, hi = sentence_bounds(text, start, start + len(find))
    assert text[lo:hi] == sentence


def test_batch_output_directory(engine: Engine, tmp_path: Path) -> None:
    """`batch -o OUT`: records/ parts are ingested, errors/ counted, the manifest ignored."""
    out = tmp_path / "out"
    (out / "records").mkdir(parents=True)
    (out / "errors").mkdir()
    (out / "manifest.jsonl").write_text(json.dumps({"manifest": 1, "inputs": ["x"]}) + "\n" + json.dumps({"chunk": 0}) + "\n")
    records = [json.loads(line) for line in LINKING.read_text(encoding="utf-8").splitlines()[:3]]
    for r in records:
        for k in ("text", "title"):
            r.pop(k)
    (out / "records" / "part-000000.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    (out / "errors" / "part-000000.jsonl").write_text(json.dumps({"id": "z", "error": "boom", "source": "x"}) + "\n")
    stats = ingest_paths(engine, [out])
    assert stats.new == 3 and stats.error_records == 1
    with engine.connect() as conn:
        texts = conn.execute(select(schema_tables.documents.c.text)).scalars().all()
        sentences = conn.execute(select(schema_tables.targets.c.sentence_start)).scalars().all()
    assert texts == [None, None, None] and set(sentences) == {None}


def test_one_failing_document_does_not_undo_its_batch(engine: Engine, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from vn_policy_nlp.store import ingest as ingest_module

    real = ingest_module._rows

    def broken(item, content, now):  # type: ignore[no-untyped-def]
        doc, mentions, targets = real(item, content, now)
        if item.records.id == "dongson-2023-01":
            mentions = mentions + mentions[:1]  # a duplicate primary key
        return doc, mentions, targets

    monkeypatch.setattr(ingest_module, "_rows", broken)
    stats = ingest_paths(engine, [LINKING])
    assert stats.new == 24 and stats.error_records == 1
    assert "dongson-2023-01: not stored" in stats.errors[0]
    assert count(engine, "documents") == 24


def test_every_record_list_gets_its_own_mention_ids(engine: Engine, tmp_path: Path) -> None:
    text = "Tỉnh Lào Cai thực hiện Luật Đất đai 2024 và Nghị quyết 15/NQ-CP."
    rec = {
        "id": "m", "date": "2024-05-02", "text": text,
        "locations": [{"span": [0, 12], "text": "Tỉnh Lào Cai"}],
        "legal_references": [{"span": [23, 41], "text": text[23:41], "type": "Luật"},
                             {"span": [45, 63], "text": text[45:63], "type": "Nghị quyết", "number": "15/NQ-CP"}],
        "time_expressions": [{"span": [36, 41], "text": "2024", "value": "2024"}],
        "targets": [],
    }
    path = tmp_path / "m.jsonl"
    path.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    stats = ingest_paths(engine, [path])
    assert stats.new == 1 and stats.mentions == 4, stats.errors
