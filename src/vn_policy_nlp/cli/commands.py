"""The `vn-policy-nlp` commands (typer); `cli.main` starts them.

Exit codes: 0 all documents processed; 1 some input lines or documents
became error records; 2 an input path could not be read or decoded (the rest
were still processed), or the command was misused.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer
from rich.console import Console

from ..errors import InputError
from ..store.commands import register as _register_store_commands

app = typer.Typer(
    name="vn-policy-nlp",
    help="Vietnamese news and policy text in, targets, results, organisations, places, deadlines and legal references out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)


def _items(paths: list[str], fmt: str, failures: list[str]) -> Iterator[Any]:
    from ..io.readers import expand_paths, read_path, read_stdin

    for path in expand_paths(paths or ["-"]):
        try:
            if path is None:
                yield from read_stdin(fmt)  # type: ignore[arg-type]
            elif not path.exists():
                raise InputError(f"{path}: no such file or directory")
            else:
                yield from read_path(path, fmt)  # type: ignore[arg-type]
        except InputError as exc:
            failures.append(exc.message)
            err.print(f"[red]error:[/red] {exc.message}", highlight=False)


@app.command()
def extract(
    paths: Annotated[list[str] | None, typer.Argument(help="Files or directories; '-' or nothing reads stdin.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="auto|corpus|jsonl|text")] = "auto",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write JSON Lines here instead of stdout.")] = None,
) -> None:
    """Extract records from documents: one JSON object per document (JSON Lines)."""
    if fmt not in ("auto", "corpus", "jsonl", "text"):
        err.print(f"[red]error:[/red] --format must be auto, corpus, jsonl or text, not {fmt!r}")
        raise typer.Exit(2)
    from .. import _default_nlp, make_doc
    from ..records import ErrorRecord

    nlp = _default_nlp()
    failures: list[str] = []
    bad_records = 0
    out: TextIO = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        for item in _items(list(paths or []), fmt, failures):
            if item.document is None:
                bad_records += 1
                out.write(_dump(item.error.model_dump(exclude_none=True)) + "\n")
                continue
            try:
                doc = make_doc(nlp, item.document)
                doc._.warnings = [*item.warnings, *(doc._.warnings or [])]
                records = nlp(doc)._.records
                out.write(_dump(records.model_dump(mode="json")) + "\n")
            except Exception as exc:
                bad_records += 1
                rec = ErrorRecord(id=item.document.id, error=f"extraction failed: {type(exc).__name__}: {exc}")
                out.write(_dump(rec.model_dump(exclude_none=True)) + "\n")
    finally:
        if output:
            out.close()
    if failures:
        raise typer.Exit(2)
    if bad_records:
        raise typer.Exit(1)


train_app = typer.Typer(help="Rebuild the small models in models/ and print their dev scores.", no_args_is_help=True)
app.add_typer(train_app, name="train")


@train_app.command("targets")
def train_targets(
    dev: Annotated[Path | None, typer.Option(help="Gold file to score on (default ../shared/eval/dev.jsonl).")] = None,
    out: Annotated[Path | None, typer.Option(help="Directory for the model (default models/).")] = None,
) -> None:
    """Retrain the target/result/neither classifier, then score rules only vs rules + model on dev."""
    from ..ml.target_classifier import repo_root, score_dev
    from ..ml.target_classifier import train_targets as run

    path, card = run(out_dir=out)
    typer.echo(f"model: {path} ({card['n_examples']} candidates from {card['documents']} documents, "
               f"labels {card['label_counts']}, C={card['C']}, grouped 5-fold accuracy {card['cv_accuracy']}, "
               f"none_threshold {card['none_threshold']})")
    dev = dev or repo_root().parent / "shared" / "eval" / "dev.jsonl"
    if not dev.exists():
        typer.echo(f"no dev file at {dev}: not scored")
        return
    for name, use_model in (("rules only", False), ("rules + model", True)):
        rep = score_dev(dev, use_model)
        for kind in ("targets", "results"):
            r = rep[kind]
            extra = "  ".join(f"{k}={v}" for k, v in r.items() if k not in ("precision", "recall", "f1", "tp", "fp", "fn")
                              and v is not None)
            typer.echo(f"{name:14} {kind:8} P={r['precision']} R={r['recall']} F1={r['f1']}  {extra}")


@train_app.command("entities")
def train_entities(
    out: Annotated[Path | None, typer.Option(help="Directory for the model (default models/).")] = None,
    silver_docs: Annotated[int | None, typer.Option(help="Unlabelled articles to draw silver labels from.")] = None,
    cv: Annotated[bool, typer.Option("--cv/--no-cv", help="Print the 5-fold cross-validation first.")] = True,
) -> None:
    """Retrain the organisation/location recogniser from train + dev gold (and silver labels); print 5-fold
    cross-validation of rules only, model only and both, and the general-news check.

    Example: vn-policy-nlp train entities --no-cv
    """
    from ..training.data import MissingDataError
    from ..training.entities import report_training

    try:
        for line in report_training(out, silver_docs, cv):
            typer.echo(line)
    except MissingDataError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None


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
    progress: Annotated[str, typer.Option("--progress", help="auto | rich | log | none")] = "auto",
) -> None:
    """Process an archive: streamed, parallel, resumable; every input ends as a record or an error record.

    Exit codes: 0 no errors; 1 some documents or lines became error records;
    2 some files could not be read, or the command was misused.
    """
    from ..batch import BatchOptions, render_summary, run_batch
    from ..errors import VNPError

    opts = BatchOptions(
        inputs=inputs, out=output, fmt=fmt, workers=workers, engine=engine, scheduler=scheduler,
        resume=resume, chunk_size=chunk_size, progress=progress,
    )
    try:
        summary = run_batch(opts)
    except (VNPError, ValueError) as exc:
        err.print(f"[red]error:[/red] {getattr(exc, 'message', exc)}", highlight=False)
        raise typer.Exit(2) from None
    err.print(render_summary(summary), highlight=False, soft_wrap=True)
    raise typer.Exit(summary.exit_code)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the per-document output records."""
    from ..records import DocumentRecords

    typer.echo(json.dumps(DocumentRecords.model_json_schema(), ensure_ascii=False, indent=2))


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on (0.0.0.0 for every interface).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    workers: Annotated[int | None, typer.Option(
        "--workers", "-w", help="Extraction worker processes (default $VNP_API_WORKERS or 1). One server "
        "process hands documents to them, so /v1/health answers while they work.")] = None,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Run the HTTP API and the journalists' page (http://HOST:PORT/, API docs at /docs)."""
    import uvicorn

    from vn_policy_api.app import create_app
    from vn_policy_api.settings import Settings

    try:
        settings = Settings.from_env(workers=workers)
    except ValueError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from None
    uvicorn.run(create_app(settings), host=host, port=port, log_level=log_level)


_register_store_commands(app)  # ingest, targets, links, relink
