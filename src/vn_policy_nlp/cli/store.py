"""`vn-policy-nlp ingest`, `targets` and `links`: the store on the command line.

Registered on the main typer app by `cli/commands.py`; everything heavy is imported
inside the commands so `vn-policy-nlp --help` stays fast.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import date
from typing import Annotated, Any

import typer

from .output import EXIT_CRASH, EXIT_ERRORS, EXIT_UNREADABLE, err, error, print_table, run_guard, say, table

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Store: a SQLite file path or a URL (postgresql+psycopg://...). Default $VNP_DB or ./vn_policy.db."),
]
Place = Annotated[str | None, typer.Option("--place", help="Place name, accents optional: 'Đông Sơn', 'dong son'.")]
Year = Annotated[int | None, typer.Option(
    "--year", min=1900, max=2200, help="Deadline or period in this year (or published in it when none); 1900-2200.")]
Kind = Annotated[str | None, typer.Option("--kind", help="target or result.")]
Indicator = Annotated[str | None, typer.Option("--indicator", help="Indicator text, fuzzy and accent-insensitive.")]
Organisation = Annotated[str | None, typer.Option("--organisation", "--org", help="Organisation named in the article.")]
Deadline = Annotated[str | None, typer.Option("--deadline", help="Exact TIMEX value: 2025, 2021/2025, 2024-06.")]
Status = Annotated[str | None, typer.Option("--status", help="met, missed, pending or unknown.")]
Since = Annotated[str | None, typer.Option("--from", help="Published on or after YYYY-MM-DD.")]
Until = Annotated[str | None, typer.Option("--to", help="Published on or before YYYY-MM-DD.")]
Limit = Annotated[int, typer.Option("--limit", min=1, help="Page size.")]
Offset = Annotated[int, typer.Option("--offset", min=0, help="Rows to skip.")]
Format = Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")]

_COMPARATOR = {"eq": "", "gt": ">", "gte": "≥", "lt": "<", "lte": "≤", "approx": "≈", "range": ""}
_STATUS_STYLE = {"met": "green", "missed": "red", "pending": "yellow", "unknown": "dim"}


def _date(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        error(f"{name} must be YYYY-MM-DD, not {value!r}")
        raise typer.Exit(EXIT_UNREADABLE) from None


def _query(place: str | None, year: int | None, kind: str | None, indicator: str | None, organisation: str | None,
           deadline: str | None, status: str | None, since: str | None, until: str | None, limit: int, offset: int) -> Any:
    from ..store.query import TargetQuery

    if kind not in (None, "target", "result"):
        error(f"--kind must be target or result, not {kind!r}")
        raise typer.Exit(EXIT_UNREADABLE)
    if status not in (None, "met", "missed", "pending", "unknown"):
        error(f"--status must be met, missed, pending or unknown, not {status!r}")
        raise typer.Exit(EXIT_UNREADABLE)
    return TargetQuery(place=place, organisation=organisation, indicator=indicator, year=year, deadline=deadline,
                       kind=kind, status=status, date_from=_date(since, "--from"), date_to=_date(until, "--to"),
                       limit=limit, offset=offset)


def _engine(db: str | None) -> Any:
    from ..store.db import open_engine

    try:
        return open_engine(db)
    except Exception as exc:
        error(f"cannot open the store {db!r}: {type(exc).__name__}: {exc}")
        raise typer.Exit(EXIT_UNREADABLE) from None


_DIRECTION = {"increase": "↑", "decrease": "↓"}


def value_text(item: dict[str, Any]) -> str:
    """'≥ 95 %', '7,5–8 %', '320 tỷ đồng', '↓ 1,2 điểm phần trăm': a record's value as a reader
    writes it, with its direction and whatever unit the record carries."""
    def num(v: float) -> str:
        return (f"{v:,.3f}".rstrip("0").rstrip(".")).replace(",", " ").replace(".", ",")

    v = num(item["value"])
    if item.get("value_high") is not None:
        v = f"{v}–{num(item['value_high'])}"
    sign = _COMPARATOR.get(item.get("comparator") or "eq", "")
    unit = item.get("unit") or ""
    arrow = _DIRECTION.get(item.get("direction") or "", "")
    return " ".join(p for p in (arrow, sign, v, unit) if p)


def _emit(rows: list[dict[str, Any]], fmt: str, columns: list[tuple[str, str]], title: str, payload: dict[str, Any]) -> None:
    if fmt == "json":
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow([c for c, _ in columns])
        for r in rows:
            w.writerow(["" if r.get(c) is None else r.get(c) for c, _ in columns])
        sys.stdout.write(buf.getvalue())
        return
    cells = []
    for r in rows:
        row = []
        for c, _ in columns:
            v = r.get(c)
            text = "" if v is None else str(v)
            row.append((text, _STATUS_STYLE.get(text) if c.endswith("status") else None))
        cells.append(row)
    print_table(table(title, [header for _, header in columns], cells))


def _check_format(fmt: str) -> None:
    if fmt not in ("table", "json", "csv"):
        error(f"--format must be table, json or csv, not {fmt!r}")
        raise typer.Exit(EXIT_UNREADABLE)


def ingest(
    paths: Annotated[list[str], typer.Argument(
        help="JSON Lines of extract/batch output (records), documents to run the pipeline on, or directories.")],
    db: DbOption = None,
    force: Annotated[bool, typer.Option("--force", help="Rewrite documents even when unchanged.")] = False,
    link: Annotated[bool, typer.Option("--link/--no-link", help="Relink the places touched.")] = True,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json summary.")] = "text",
    api: Annotated[str | None, typer.Option(
        "--api", help="Send to a running service (http://HOST:PORT) instead of writing the store here.")] = None,
    token: Annotated[str | None, typer.Option(
        "--token", envvar="VNP_API_TOKEN", help="The service's ingest token (default $VNP_API_TOKEN).")] = None,
) -> None:
    """Store records and documents (idempotent: a document ingested again replaces its rows).

    Several ingests may write to one store at once: each waits its turn for
    the store's write lock. Exit codes: 0 all stored; 1 some inputs skipped
    (error records, invalid records); 2 some files could not be read; 3 some
    documents were not stored because the store failed (run the command
    again: what was stored is left unchanged); 130 interrupted.

    Examples:

        vn-policy-nlp extract archive/ -o records.jsonl && vn-policy-nlp ingest records.jsonl

        vn-policy-nlp ingest out/ --db postgresql+psycopg://vnp:secret@127.0.0.1/vnp

        vn-policy-nlp ingest corpus/ --api http://127.0.0.1:8000 --token "$VNP_API_TOKEN"
    """
    hint = "what was stored is kept; run the same command again to finish (unchanged documents are skipped)"
    with run_guard(hint):
        if api:
            from ..store.remote import RemoteError, ingest_remote

            try:
                stats = ingest_remote(api, paths, token=token, force=force)
            except RemoteError as exc:
                error(exc.message)
                raise typer.Exit(EXIT_UNREADABLE) from None
        else:
            from ..store.ingest import ingest_paths

            engine = _engine(db)

            def progress(stats: Any) -> None:
                err.print(f"  {stats.documents} documents …", end="\r", highlight=False, markup=False)

            stats = ingest_paths(engine, paths, force=force, relink=link, progress=progress if sys.stderr.isatty() else None)
    _report_ingest(stats, fmt)
    if stats.store_errors:
        error(f"{len(stats.store_errors)} not stored: the store failed; {hint}")
        raise typer.Exit(EXIT_CRASH)
    if stats.unreadable:
        raise typer.Exit(EXIT_UNREADABLE)
    if stats.error_records:
        raise typer.Exit(EXIT_ERRORS)


def _report_ingest(stats: Any, fmt: str) -> None:
    if fmt == "json":
        sys.stdout.write(json.dumps(stats.as_dict(), ensure_ascii=False) + "\n")
        return
    typer.echo(
        f"{stats.documents} documents ({stats.new} new, {stats.replaced} replaced, {stats.unchanged} unchanged), "
        f"{stats.targets} targets, {stats.results} results, {stats.mentions} other mentions; "
        f"{stats.error_records} inputs skipped"
    )
    for label, messages in (("skipped", stats.errors), ("not stored", stats.store_errors)):
        for e in messages[:20]:
            say(label, e, "yellow")
        if len(messages) > 20:
            say(label, f"… and {len(messages) - 20} more", "yellow")


TARGET_COLUMNS = [
    ("id", "id"), ("document_date", "date"), ("kind", "kind"), ("indicator", "indicator"), ("value_text", "value"),
    ("deadline", "deadline"), ("location", "place"), ("status", "status"),
]


def targets(
    db: DbOption = None, place: Place = None, year: Year = None, kind: Kind = None, indicator: Indicator = None,
    organisation: Organisation = None, deadline: Deadline = None, status: Status = None,
    since: Since = None, until: Until = None, limit: Limit = 50, offset: Offset = 0, fmt: Format = "table",
    links: Annotated[bool, typer.Option("--links", help="Show target -> result links instead.")] = False,
) -> None:
    """Targets and results in the store, filtered; `--links` shows what each target was checked against.

    Examples:

        vn-policy-nlp targets --place "Đông Sơn" --year 2023 --kind target

        vn-policy-nlp targets --indicator "hộ nghèo" --status missed --format csv > missed.csv

        vn-policy-nlp targets --from 2023-01-01 --to 2023-06-30 --format json --limit 200
    """
    _check_format(fmt)
    if links:
        return links_command(db, place, year, indicator, organisation, deadline, status, since, until, limit, offset, fmt)
    from ..store.query import search_targets

    q = _query(place, year, kind, indicator, organisation, deadline, status, since, until, limit, offset)
    page = search_targets(_engine(db), q)
    rows = [{**i, "value_text": value_text(i)} for i in page.items]
    _emit(rows, fmt, TARGET_COLUMNS, f"{page.total} records (showing {offset + 1 if rows else 0}–{offset + len(rows)})", page.as_dict())
    return None


LINK_COLUMNS = [
    ("target_id", "target"), ("target_date", "date"), ("indicator", "indicator"), ("target_value", "target"),
    ("deadline", "deadline"), ("result_value", "result"), ("result_date", "reported"), ("status", "status"),
    ("confidence", "conf."),
]


def links_command(
    db: DbOption = None, place: Place = None, year: Year = None, indicator: Indicator = None,
    organisation: Organisation = None, deadline: Deadline = None, status: Status = None,
    since: Since = None, until: Until = None, limit: Limit = 50, offset: Offset = 0, fmt: Format = "table",
) -> None:
    """Target -> result links with their status (met, missed) and confidence.

    Examples:

        vn-policy-nlp links --place "Hà Tĩnh"

        vn-policy-nlp links --indicator "thu ngân sách" --status met --format json
    """
    _check_format(fmt)
    from ..store.query import list_links

    q = _query(place, year, "target", indicator, organisation, deadline, None, since, until, limit, offset)
    page = list_links(_engine(db), q)
    items = [i for i in page.items if status is None or i["status"] == status]
    rows = [
        {
            "target_id": i["target"]["id"], "target_date": i["target"]["document_date"],
            "indicator": i["target"]["indicator"], "target_value": value_text(i["target"]),
            "deadline": i["target"]["deadline"] or "", "result_value": value_text(i["result"]) if i["result"] else "",
            "result_date": (i["result"] or {}).get("document_date"), "status": i["status"],
            "confidence": f"{i['confidence']:.2f}",
        }
        for i in items
    ]
    _emit(rows, fmt, LINK_COLUMNS, f"{page.total} links", {**page.as_dict(), "items": items})


PLACE_COLUMNS = [("place", "place"), ("code", "code"), ("targets", "targets"), ("results", "results"),
                 ("written_text", "written as")]


def places_command(
    db: DbOption = None, place: Place = None, year: Year = None, kind: Kind = None, indicator: Indicator = None,
    organisation: Organisation = None, deadline: Deadline = None, status: Status = None,
    since: Since = None, until: Until = None, fmt: Format = "table",
) -> None:
    """Targets and results grouped by place: one row per canonical place, however the articles wrote it.

    Examples:

        vn-policy-nlp places --year 2023 --kind target

        vn-policy-nlp places --place "Sài Gòn" --format csv
    """
    _check_format(fmt)
    from ..store.query import place_groups

    q = _query(place, year, kind, indicator, organisation, deadline, status, since, until, 10**9, 0)
    groups = place_groups(_engine(db), q)
    rows = [{**g, "place": g["place"] or "(unknown)", "code": g["code"] or "", "written_text": "; ".join(g["written"])}
            for g in groups]
    _emit(rows, fmt, PLACE_COLUMNS, f"{len(groups)} places", {"items": groups, "total": len(groups)})


def relink_command(
    db: DbOption = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Judge deadlines as of YYYY-MM-DD (default today).")] = None,
) -> None:
    """Recompute every link and status: after changing linking.yaml, or as deadlines pass.

    Examples:

        vn-policy-nlp relink

        vn-policy-nlp relink --as-of 2024-03-31 --db postgresql+psycopg://vnp:secret@127.0.0.1/vnp
    """
    from ..store.linking import relink

    stats = relink(_engine(db), as_of=_date(as_of, "--as-of"))
    counts = ", ".join(f"{n} {s}" for s, n in sorted(stats.status.items()))
    typer.echo(f"{stats.targets} targets in {stats.groups} groups, {stats.results} results, {stats.links} links; {counts or 'no targets'}")


def register(app: typer.Typer) -> None:
    """Add the store's commands to the `vn-policy-nlp` app."""
    app.command("ingest")(ingest)
    app.command("targets")(targets)
    app.command("links")(links_command)
    app.command("places")(places_command)
    app.command("relink")(relink_command)
