"""The `vn-policy-nlp` command line.

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

from .errors import InputError

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
    from .io.readers import expand_paths, read_path, read_stdin

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
    from . import _default_nlp, make_doc
    from .records import ErrorRecord

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
            except Exception as exc:  # noqa: BLE001 - one document's failure must not stop an archive
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


@app.command()
def schema() -> None:
    """Print the JSON Schema of the per-document output records."""
    from .records import DocumentRecords

    typer.echo(json.dumps(DocumentRecords.model_json_schema(), ensure_ascii=False, indent=2))


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)


if __name__ == "__main__":
    main()
