"""Targets across articles: search, one target's history with its linked results
and status, ingest, and the journalists' target view (`/targets`).

The store is `Settings.db` (`serve --db`, `VNP_API_DB`), else the one
`vn-policy-nlp ingest` writes by default: `$VNP_DB` (a SQLite path or a
PostgreSQL URL), else `./vn_policy.db`; `/v1/health` and the target view
name it. Apps and tests may override the `get_engine` dependency.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Body, Depends, HTTPException, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from sqlalchemy import Engine

from ..errors import APIError
from ..models import (
    EXAMPLE_DOCUMENT,
    EXAMPLE_INGEST_STATS,
    EXAMPLE_RECORDS,
    EXAMPLE_SECOND_DOCUMENT,
    EXAMPLE_TARGET_DETAIL,
    EXAMPLE_TARGET_PAGE,
)
from ..security import require_token

router = APIRouter(tags=["targets"])

#: One POST /v1/ingest takes at most this many objects.
MAX_INGEST_ITEMS = 1000


@cache
def _engine_for(url: str) -> Engine:
    from vn_policy_nlp.store import open_engine

    return open_engine(url)


def store_url(settings: Any) -> str:
    """The store's URL: the service's `db` setting, else $VNP_DB, else ./vn_policy.db."""
    from vn_policy_nlp.store import resolve_url

    return resolve_url(settings.db or None)


def get_engine(request: Request) -> Engine:
    """The service's store (opened and migrated once per process)."""
    return _engine_for(store_url(request.app.state.settings))


EngineDep = Annotated[Engine, Depends(get_engine)]


def sentence_url(item: dict[str, Any]) -> str:
    """Link to the record's sentence, highlighted in its article."""
    span = item.get("sentence_span") or item.get("span")
    return f"/targets/articles/{quote(item['document_id'], safe='')}?start={span[0]}&end={span[1]}#evidence"


def _with_links(item: dict[str, Any] | None) -> dict[str, Any] | None:
    if item is None:
        return None
    return {**item, "href": f"/v1/targets/{quote(item['id'], safe='')}", "sentence_url": sentence_url(item)}


@router.get("/v1/targets", responses={200: {"content": {"application/json": {"example": EXAMPLE_TARGET_PAGE}}}})
def list_targets(
    engine: EngineDep,
    place: Annotated[str | None, Query(description="Place name, accents optional.", examples=["Đông Sơn"])] = None,
    year: Annotated[int | None, Query(ge=1900, le=2200, description="Deadline or period in this year.",
                                      examples=[2023])] = None,
    kind: Literal["target", "result"] | None = None,
    indicator: Annotated[str | None, Query(description="Indicator text, fuzzy, accent-insensitive.",
                                           examples=["giá trị sản xuất"])] = None,
    organisation: Annotated[str | None, Query(examples=["UBND huyện Đông Sơn"])] = None,
    deadline: Annotated[str | None, Query(description="Exact TIMEX value: 2025, 2021/2025.")] = None,
    status: Literal["met", "missed", "pending", "unknown"] | None = None,
    date_from: Annotated[date | None, Query(alias="from")] = None,
    date_to: Annotated[date | None, Query(alias="to")] = None,
    document: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
) -> dict[str, Any]:
    """Targets and results matching every filter given, a page at a time."""
    from vn_policy_nlp.store import TargetQuery, search_targets

    q = TargetQuery(place=place, year=year, kind=kind, indicator=indicator, organisation=organisation,
                    deadline=deadline, status=status, date_from=date_from, date_to=date_to, document=document,
                    limit=limit, offset=offset)
    page = search_targets(engine, q).as_dict()
    page["items"] = [_with_links(i) for i in page["items"]]
    return page


@router.get("/v1/places", responses={200: {"content": {"application/json": {"example": {"items": [
    {"place": "Huyện Đông Sơn", "code": None, "targets": 13, "results": 9, "written": ["huyện Đông Sơn"]}],
    "total": 1}}}}})
def list_places(
    engine: EngineDep,
    place: Annotated[str | None, Query(description="Place name, accents optional.", examples=["TP. HCM"])] = None,
    year: Annotated[int | None, Query(ge=1900, le=2200, description="Deadline or period in this year.")] = None,
    kind: Literal["target", "result"] | None = None,
    indicator: Annotated[str | None, Query(description="Indicator text, fuzzy, accent-insensitive.")] = None,
    organisation: Annotated[str | None, Query(examples=["UBND tỉnh"])] = None,
    date_from: Annotated[date | None, Query(alias="from")] = None,
    date_to: Annotated[date | None, Query(alias="to")] = None,
) -> dict[str, Any]:
    """Targets and results counted by canonical place: one row for "TP. HCM", "TPHCM" and
    "thành phố Hồ Chí Minh", with the gazetteer's code and the forms the articles wrote."""
    from vn_policy_nlp.store import TargetQuery, place_groups

    q = TargetQuery(place=place, year=year, kind=kind, indicator=indicator, organisation=organisation,
                    date_from=date_from, date_to=date_to)
    items = place_groups(engine, q)
    return {"items": items, "total": len(items)}


def _errors(**codes: str) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the error statuses a route returns, in the service's error body."""
    from ..models import ErrorResponse

    return {int(code[1:]): {"model": ErrorResponse, "description": text} for code, text in codes.items()}


@router.get("/v1/targets/{target_id:path}", responses={
    200: {"content": {"application/json": {"example": EXAMPLE_TARGET_DETAIL}}},
    **_errors(e404="No target or result with this id."),
})
def get_target(
    target_id: Annotated[str, Path(description="`<document id>:t<n>`, as in the list's `id`.", examples=["dongson-2023-01:t0"])],
    engine: EngineDep,
) -> dict[str, Any]:
    """One target: its mentions across articles, linked results, status and evidence."""
    from vn_policy_nlp.store import target_detail

    detail = target_detail(engine, target_id)
    if detail is None:
        raise HTTPException(status_code=404, detail=f"no target or result {target_id!r}")
    detail["record"] = _with_links(detail["record"])
    detail["history"] = [_with_links(h) for h in detail["history"]]
    for link in detail["links"]:
        link["record"] = _with_links(link["record"])
    return detail


_ITEM_SCHEMA = {"anyOf": [{"$ref": "#/components/schemas/ExtractRequest"}, {"$ref": "#/components/schemas/DocumentRecords"}]}
#: What the body may be, as the route checks it (the parameter itself is read as any JSON).
INGEST_BODY_SCHEMA = {"anyOf": [
    *_ITEM_SCHEMA["anyOf"],
    {"type": "array", "minItems": 1, "maxItems": MAX_INGEST_ITEMS, "items": _ITEM_SCHEMA},
]}


@router.post("/v1/ingest", dependencies=[Depends(require_token)], responses={
    200: {"content": {"application/json": {"example": EXAMPLE_INGEST_STATS}}},
    **_errors(
        e400="Malformed JSON, or a body that is not UTF-8.",
        e401="The service has a token and the request did not send it as `Authorization: Bearer <token>`.",
        e413=f"More than {MAX_INGEST_ITEMS} objects, or a body over the size limit.",
        e415="Content type is not application/json.",
        e422="An empty list: nothing to ingest.",
        e503="The store is locked or unreachable, or no extraction worker became free: retry after `Retry-After` "
             "seconds (ingest is idempotent).",
    ),
}, openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": INGEST_BODY_SCHEMA}}}})
async def ingest(
    request: Request,
    engine: EngineDep,
    payload: Annotated[Any, Body(
        description="A document {id, date, title, text}, a records object (extract output), or a list of at most "
                    f"{MAX_INGEST_ITEMS} of them (not empty).",
        openapi_examples={
            "documents": {"summary": "Documents, run through the pipeline",
                          "value": [EXAMPLE_DOCUMENT, EXAMPLE_SECOND_DOCUMENT]},
            "records": {"summary": "Records already extracted (the output of /v1/extract)", "value": EXAMPLE_RECORDS},
        },
    )],
    force: bool = False,
) -> dict[str, Any]:
    """Store documents (run through the pipeline) or records; idempotent per document id.

    Documents are extracted in the service's worker pool, like `/v1/extract`,
    and the database work runs in a thread: the event loop stays free. An
    invalid input is counted in `errors` and the rest is stored; a store that
    fails (locked past its timeout, unreachable) answers 503.
    """
    from vn_policy_nlp.store import ingest_items
    from vn_policy_nlp.store.ingest import classify

    objs = payload if isinstance(payload, list) else [payload]
    if not objs:
        raise APIError(422, "invalid_request", "nothing to ingest: the list is empty")
    if len(objs) > MAX_INGEST_ITEMS:
        raise APIError(413, "payload_too_large", f"{len(objs)} objects; at most {MAX_INGEST_ITEMS} per request")
    items: list[Any] = [classify(o, source="api", line=n) for n, o in enumerate(objs, 1)]
    busy = await _extract_pending(request.app.state.pool, items)
    stats = await run_in_threadpool(ingest_items, engine, [i for i in items if i is not None], force=force)
    if stats.store_errors or busy:
        problems = stats.store_errors + busy
        raise APIError(503, "store_unavailable" if stats.store_errors else "busy",
                       f"{len(problems)} not stored ({stats.documents} stored): {problems[0]}; "
                       "send the same request again later (ingest is idempotent)")
    return stats.as_dict()


async def _extract_pending(pool: Any, items: list[Any]) -> list[str]:
    """Run the raw documents among `items` through the worker pool, in place; returns what
    could not be done for want of a worker (those items become None: nothing to store)."""
    from vn_policy_nlp.store.ingest import PendingDocument, classify

    from ..workers import ServiceBusy, run_for_store

    busy: list[str] = []
    for n, item in enumerate(items):
        if not isinstance(item, PendingDocument):
            continue
        try:
            ok, result = await pool.run(run_for_store, item.document.model_dump())
        except ServiceBusy as exc:
            if "time limit" not in str(exc):  # no worker: the service, not the document
                busy.append(f"api:{n + 1}: {item.document.id}: {exc}")
                items[n] = None
                continue
            ok, result = False, str(exc)
        items[n] = classify(result, source="api", line=n + 1) if ok else f"api:{n + 1}: {item.document.id}: {result}"
    return busy


@cache
def _templates() -> Any:
    from jinja2 import Environment, PackageLoader, select_autoescape

    return Environment(loader=PackageLoader("vn_policy_api", "templates"), autoescape=select_autoescape(["html"]))


@router.get("/targets", response_class=HTMLResponse, include_in_schema=False)
def targets_page() -> HTMLResponse:
    """The target view: search, then a target's history, linked results and status."""
    return HTMLResponse(_templates().get_template("targets.html").render())


@router.get("/targets/articles/{document_id:path}", response_class=HTMLResponse, include_in_schema=False)
def article_page(document_id: str, engine: EngineDep, start: int | None = None, end: int | None = None) -> HTMLResponse:
    """An article with one sentence marked: where a piece of evidence comes from."""
    from vn_policy_nlp.store import document

    row = document(engine, document_id)
    if row is None:
        raise HTTPException(status_code=404, detail=f"no document {document_id!r}")
    text = row["text"]
    parts = None
    if text is not None:
        lo, hi = (start, end) if start is not None and end is not None and 0 <= start <= end <= len(text) else (0, 0)
        parts = {"before": text[:lo], "evidence": text[lo:hi], "after": text[hi:]}
    page = _templates().get_template("targets_article.html").render(
        id=row["id"], title=row["title"] or row["id"], date=row["date"] or "", parts=parts
    )
    return HTMLResponse(page)


__all__ = ["MAX_INGEST_ITEMS", "get_engine", "router"]
