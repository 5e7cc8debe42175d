"""`vn-policy-nlp ingest --api URL`: the same inputs sent to a running service's `/v1/ingest`.

Inputs are read here as for a local ingest (streamed, checked), and posted in
requests of at most `MAX_OBJECTS` objects and about `MAX_BODY_BYTES` bytes,
with the service's token as `Authorization: Bearer ...`. A 503 (service busy,
store locked) is retried after its `Retry-After`; the service's counts are
added up into one `IngestStats`.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import VNPError
from .ingest import IngestStats
from .inputs import Incoming, Parsed, PendingDocument, Rejected, read_inputs

#: Objects per request (the service takes at most 1000).
MAX_OBJECTS = 200
#: Bytes of JSON per request, under the service's default body limit of about 6 MB.
MAX_BODY_BYTES = 4_000_000
#: Attempts at a request the service answers with 503.
ATTEMPTS = 5


class RemoteError(VNPError):
    """The service refused the requests (wrong token, wrong address), not one input."""

    code = "VNP501"


def payload(item: Incoming | PendingDocument) -> dict[str, Any]:
    """What `/v1/ingest` takes for one input: the records with their text, or the document."""
    if isinstance(item, PendingDocument):
        return item.document.model_dump(exclude_none=True)
    out: dict[str, Any] = item.records.model_dump(mode="json")
    for key in ("text", "title", "place"):
        if getattr(item, key) is not None:
            out[key] = getattr(item, key)
    out["pipeline_version"] = item.pipeline_version
    return out


def requests(items: Iterable[Parsed], stats: IngestStats) -> Iterator[list[bytes]]:
    """Encoded objects in request-sized groups; rejected inputs are counted on the way."""
    group: list[bytes] = []
    size = 0
    for item in items:
        if isinstance(item, (Rejected, str)):
            stats.reject(item)
            continue
        data = json.dumps(payload(item), ensure_ascii=False).encode("utf-8")
        if group and (len(group) >= MAX_OBJECTS or size + len(data) > MAX_BODY_BYTES):
            yield group
            group, size = [], 0
        group.append(data)
        size += len(data) + 1
    if group:
        yield group


def post(url: str, body: bytes, token: str | None, timeout: float = 600.0) -> tuple[int, dict[str, Any], float]:
    """(status, JSON answer, seconds to wait before retrying) of one POST."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, json.loads(resp.read() or b"{}"), 0.0
    except urllib.error.HTTPError as exc:
        try:
            answer = json.loads(exc.read() or b"{}")
        except ValueError:
            answer = {"detail": exc.reason}
        retry = exc.headers.get("Retry-After", "1")
        return exc.code, answer, float(retry) if retry.replace(".", "", 1).isdigit() else 1.0
    except (urllib.error.URLError, OSError) as exc:
        raise RemoteError(f"cannot reach {url}: {getattr(exc, 'reason', exc)}") from None


def _merge(stats: IngestStats, answer: dict[str, Any]) -> None:
    for key in ("new", "replaced", "unchanged", "error_records", "targets", "results", "mentions", "unreadable"):
        setattr(stats, key, getattr(stats, key) + int(answer.get(key) or 0))
    stats.errors.extend(answer.get("errors") or [])
    stats.store_errors.extend(answer.get("store_errors") or [])


def ingest_remote(api: str, paths: Iterable[str | Path], *, token: str | None = None, force: bool = False) -> IngestStats:
    """Send every input to `api`'s /v1/ingest; the counts the service reports, added up."""
    url = api.rstrip("/") + "/v1/ingest" + ("?force=true" if force else "")
    stats = IngestStats()
    for group in requests(read_inputs(paths), stats):
        body = b"[" + b",".join(group) + b"]"
        for attempt in range(1, ATTEMPTS + 1):
            status, answer, wait = post(url, body, token)
            if status != 503 or attempt == ATTEMPTS:
                break
            time.sleep(min(wait, 60.0))
        if status in (401, 403, 404, 405):
            raise RemoteError(f"{url}: {status} {answer.get('detail', '')}".strip())
        if status == 200:
            _merge(stats, answer)
        elif status == 503:
            stats.store_errors.append(f"{len(group)} inputs not stored: {answer.get('detail', 'service unavailable')}")
        else:
            stats.error_records += len(group)
            stats.errors.append(f"{len(group)} inputs refused by the service: {status} {answer.get('detail', '')}")
    return stats
