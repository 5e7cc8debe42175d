"""The `vn-policy-nlp` commands (typer); `cli.main` starts them.

Exit codes (`output.py`): 0 all documents processed; 1 some input lines or
documents became error records; 2 an input path could not be read or decoded
(the rest were still processed), or the command was misused; 3 the run
stopped (a crash); 130 interrupted.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from .output import EXIT_ERRORS, EXIT_UNREADABLE, err, error, plain, run_guard, say
from .store import register as _register_store_commands

app = typer.Typer(
    name="vn-policy-nlp",
    help="Vietnamese news and policy text in, targets, results, organisations, places, deadlines and legal references out."
         "\n\nExamples:\n\n    vn-policy-nlp extract corpus/000_688f0dc97b67917a.txt --pretty"
         "\n\n    vn-policy-nlp batch archive/ -o out/ --workers 4"
         "\n\n    vn-policy-nlp ingest out/ && vn-policy-nlp targets --place 'Đông Sơn' --year 2023",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _dump(obj: Any, pretty: bool = False) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2 if pretty else None)


@app.command()
def extract(
    paths: Annotated[list[str] | None, typer.Argument(help="Files or directories; '-' or nothing reads stdin.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="auto|corpus|jsonl|text")] = "auto",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write JSON Lines here instead of stdout.")] = None,
    pretty: Annotated[bool, typer.Option("--pretty", help="Indent each record (Vietnamese unescaped); not JSON Lines then.")] = False,
    min_confidence: Annotated[float | None, typer.Option(
        min=0.0, max=1.0,
        help="Keep targets and results at least this confident (0-1; default: the threshold chosen by "
             "cross-validation when the models were trained).")] = None,
) -> None:
    """Extract records from documents: one JSON object per document (JSON Lines).

    A file that cannot be read, and a bad JSON line, become error records
    {"id", "source", "line", "error"} in their place.
    Exit codes: 0 all processed; 1 some error records; 2 some files could not
    be read; 3 the run stopped (crash); 130 interrupted.

    Examples:

        vn-policy-nlp extract corpus/000_688f0dc97b67917a.txt --pretty

        vn-policy-nlp extract archive/ news.jsonl.gz -o records.jsonl --min-confidence 0.3

        cat article.txt | vn-policy-nlp extract -
    """
    if fmt not in ("auto", "corpus", "jsonl", "text"):
        error(f"--format must be auto, corpus, jsonl or text, not {fmt!r}")
        raise typer.Exit(EXIT_UNREADABLE)
    with run_guard("the records written so far are complete; run the command again for all of them"):
        failures, bad_records = _extract(list(paths or []), fmt, output, pretty, min_confidence)
    if failures:
        raise typer.Exit(EXIT_UNREADABLE)
    if bad_records:
        raise typer.Exit(EXIT_ERRORS)


def _extract(paths: list[str], fmt: str, output: Path | None, pretty: bool,
             min_confidence: float | None) -> tuple[int, int]:
    """Write one record or error record per input unit; returns (unreadable files, error records)."""
    from .. import default_pipeline, make_doc
    from ..io.readers import read_inputs
    from ..records import ErrorRecord

    nlp = default_pipeline()
    failures = bad_records = 0
    out: TextIO = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        for item in read_inputs(paths or ["-"], fmt):  # type: ignore[arg-type]
            if item.document is None:
                assert item.error is not None
                if item.file:
                    failures += 1
                    error(item.error.error)
                else:
                    bad_records += 1
                out.write(_dump(item.error.model_dump(exclude_none=True), pretty) + "\n")
                continue
            try:
                doc = make_doc(nlp, item.document, min_confidence)
                doc._.warnings = [*item.warnings, *(doc._.warnings or [])]
                records = nlp(doc)._.records
                out.write(_dump(records.model_dump(mode="json"), pretty) + "\n")
            except Exception as exc:
                bad_records += 1
                rec = ErrorRecord(id=item.document.id, source=item.source, error=f"extraction failed: {type(exc).__name__}: {exc}")
                out.write(_dump(rec.model_dump(exclude_none=True), pretty) + "\n")
    finally:
        if output:
            out.close()
    return failures, bad_records


train_app = typer.Typer(help="Rebuild the small models in models/ and print their dev scores.\n\nExamples:\n\n"
                        "    vn-policy-nlp train targets\n\n    vn-policy-nlp train entities --bench-limit 600\n\n"
                        "    vn-policy-nlp train word-pairs",
                        no_args_is_help=True)
app.add_typer(train_app, name="train")


@train_app.command("targets")
def train_targets(
    shared: Annotated[Path | None, typer.Option(help="The shared data folder (default ../shared beside the checkout).")] = None,
    out: Annotated[Path | None, typer.Option(help="Directory for the models (default models/).")] = None,
    folds: Annotated[int, typer.Option(help="Cross-validation folds over the gold documents.")] = 5,
) -> None:
    """Rebuild every model of the targets stage: choose by cross-validation over train + dev, fit, save, check on dev.

    Examples:

        vn-policy-nlp train targets

        vn-policy-nlp train targets --folds 10 --out /tmp/models
    """
    from ..training.data import MissingDataError
    from ..training.targets.command import train

    try:
        path = train(out_dir=out, shared=shared, k=folds, say=typer.echo)
    except MissingDataError as exc:
        error(str(exc))
        raise typer.Exit(EXIT_UNREADABLE) from None
    typer.echo(f"models: {path}")


@train_app.command("word-pairs")
def train_word_pairs(
    shared: Annotated[Path | None, typer.Option(help="The shared data folder (default ../shared beside the checkout).")] = None,
    out: Annotated[Path | None, typer.Option(help="Directory for the table (default models/).")] = None,
) -> None:
    """Recount the syllable pairs written as one word (used to keep indicators from cutting a word).

    Examples:

        vn-policy-nlp train word-pairs
    """
    from ..training.data import MissingDataError
    from ..training.word_pairs import build

    try:
        path = build(out_dir=out, shared=shared, say=typer.echo)
    except MissingDataError as exc:
        error(str(exc))
        raise typer.Exit(EXIT_UNREADABLE) from None
    typer.echo(f"table: {path}")


@train_app.command("entities")
def train_entities(
    out: Annotated[Path | None, typer.Option(help="Directory for the model (default models/).")] = None,
    silver_docs: Annotated[int | None, typer.Option(help="Unlabelled articles to draw silver labels from.")] = None,
    cv: Annotated[bool, typer.Option("--cv/--no-cv", help="Print the 5-fold cross-validation first.")] = True,
) -> None:
    """Retrain the organisation/location recogniser from train + dev gold (and silver labels); print 5-fold
    cross-validation of rules only, model only and both, and the general-news check.

    Examples:

        vn-policy-nlp train entities

        vn-policy-nlp train entities --no-cv --out /tmp/models
    """
    from ..training.data import MissingDataError
    from ..training.entities import report_training

    try:
        for line in report_training(out, silver_docs, cv):
            typer.echo(line)
    except MissingDataError as exc:
        error(str(exc))
        raise typer.Exit(EXIT_UNREADABLE) from None


@app.command()
def batch(
    inputs: Annotated[list[str], typer.Argument(help="Directories of corpus files, .jsonl, .jsonl.gz, mixed.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Output directory (created).")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl (full records) | csv | parquet (flat tables)")] = "jsonl",
    workers: Annotated[int, typer.Option("--workers", "-w", help="Worker processes (Dask: workers of the local cluster).")] = 1,
    engine: Annotated[str, typer.Option("--engine", help="local (process pool) | dask")] = "local",
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="Dask scheduler address, tcp://HOST:PORT.")] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Finish an interrupted run in the same OUT.")] = False,
    chunk_size: Annotated[int, typer.Option("--chunk-size", help="Documents per chunk (unit of work and of resume).")] = 250,
    time_limit: Annotated[float, typer.Option(
        "--time-limit", help="Seconds one document may take; a slower one becomes an error record (0: no limit).")] = 300.0,
    progress: Annotated[str, typer.Option("--progress", help="auto | rich | log | none")] = "auto",
) -> None:
    """Process an archive: streamed, parallel, resumable; every input ends as a record or an error record.

    Exit codes: 0 no errors; 1 some documents or lines became error records;
    2 some files could not be read, or the command was misused; 3 the run
    stopped (disk full, a worker killed, a crash): the finished chunks are
    kept, and the same command with --resume finishes it; 130 interrupted
    (Ctrl-C), to be finished the same way.

    Examples:

        vn-policy-nlp batch archive/ -o out/ --workers 4

        vn-policy-nlp batch news-2023.jsonl.gz -o out/ --format parquet --chunk-size 500

        vn-policy-nlp batch archive/ -o out/ --workers 4 --resume
    """
    from ..batch import BatchOptions, render_summary, run_batch
    from ..errors import VNPError

    opts = BatchOptions(
        inputs=inputs, out=output, fmt=fmt, workers=workers, engine=engine, scheduler=scheduler,
        resume=resume, chunk_size=chunk_size, progress=progress, time_limit=time_limit or None,
    )
    hint = "the finished chunks are kept: run the same command with --resume to finish"
    with run_guard(hint if "--resume" not in sys.argv else "the finished chunks are kept: run the same command again to finish",
                   before_exit=_end_if_stuck):
        try:
            summary = run_batch(opts)
        except (VNPError, ValueError) as exc:
            error(getattr(exc, "message", exc))
            raise typer.Exit(EXIT_UNREADABLE) from None
    err.print(plain(render_summary(summary)), soft_wrap=True)
    raise typer.Exit(summary.exit_code)


def _end_if_stuck(code: int) -> None:
    """A worker killed mid-message leaves the pool's thread waiting forever, and the interpreter
    would wait for it at exit: end the process now (everything is written and closed)."""
    local = sys.modules.get("vn_policy_nlp.batch.runners.local")
    if local is not None and getattr(local, "stuck", False):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the per-document output records (documented in docs/records.md).

    Examples:

        vn-policy-nlp schema > records.schema.json

        vn-policy-nlp schema | python3 -c "import json, sys; print(list(json.load(sys.stdin)['properties']))"
    """
    from ..records import DocumentRecords

    typer.echo(json.dumps(DocumentRecords.model_json_schema(), ensure_ascii=False, indent=2))


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on (0.0.0.0 for every interface).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    workers: Annotated[int | None, typer.Option(
        "--workers", "-w", help="Extraction worker processes (default $VNP_API_WORKERS or 1). One server "
        "process hands documents to them, so /v1/health answers while they work.")] = None,
    db: Annotated[str | None, typer.Option(
        "--db", help="Store /v1/targets reads and /v1/ingest writes: a SQLite path or a URL (default $VNP_API_DB, "
        "else $VNP_DB, else ./vn_policy.db).")] = None,
    token: Annotated[str | None, typer.Option(
        "--token", help="Token POST /v1/ingest requires as 'Authorization: Bearer <token>' (default $VNP_API_TOKEN).")] = None,
    allowed_hosts: Annotated[str | None, typer.Option(
        "--allowed-hosts", help="Host names the service answers to, comma-separated, '*' for any (default: the "
        "loopback names for 127.0.0.1, the address itself otherwise, any for 0.0.0.0).")] = None,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Run the HTTP API and the journalists' page (http://HOST:PORT/, API docs at /docs).

    Examples:

        vn-policy-nlp serve --port 8000 --workers 2

        vn-policy-nlp serve --db postgresql+psycopg://vnp:secret@127.0.0.1/vnp --token "$(openssl rand -hex 16)"

        vn-policy-nlp serve --host 0.0.0.0 --allowed-hosts vnp.example.org --token "$VNP_API_TOKEN"
    """
    import uvicorn

    from vn_policy_api.app import create_app
    from vn_policy_api.settings import Settings

    try:
        settings = Settings.from_env(workers=workers, db=db, token=token, host=host, allowed_hosts=allowed_hosts)
    except ValueError as exc:
        error(exc)
        raise typer.Exit(EXIT_UNREADABLE) from None
    if not settings.token and host not in ("127.0.0.1", "localhost", "::1"):
        say("warning", f"POST /v1/ingest writes to the store for anyone who can reach {host}: set --token", "yellow")
    uvicorn.run(create_app(settings), host=host, port=port, log_level=log_level)


_register_store_commands(app)  # ingest, targets, links, relink
