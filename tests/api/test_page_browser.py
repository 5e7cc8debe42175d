"""The journalists' page end to end, in headless Chromium (Debian's, no browser download).

Pastes the seed article, checks that every record is highlighted and that the
table holds exactly the targets and results `/v1/extract` returns, hovers a
mention, clicks a row, downloads the CSV, and saves a screenshot to
`test-artifacts/page-seed.png`. Then the target view over our linking set: a
target's history across articles, the result it was checked against, its
status, and the link to the evidence sentence (`test-artifacts/page-targets.png`).
"""

from __future__ import annotations

import csv
import io
import json
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium: `apt-get install chromium` to run the browser test"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(app: Any) -> Iterator[str]:
    import uvicorn

    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "v1/health", timeout=2) as r:
                if json.load(r)["status"] == "ok":
                    break
        except OSError:
            pass
        time.sleep(0.2)
    else:
        pytest.fail("the server did not start within 60 s")
    yield base
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The service on loopback, as `vn-policy-nlp serve` runs it (uvicorn, a process pool)."""
    from vn_policy_api.app import create_app
    from vn_policy_api.settings import Settings

    yield from _serve(create_app(Settings(workers=1)))


@pytest.fixture(scope="module")
def store_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The service over a store holding our linking set (plans and their year-end reports), linked."""
    from datetime import date

    from vn_policy_api.app import create_app
    from vn_policy_api.routes.targets import get_engine
    from vn_policy_api.settings import Settings
    from vn_policy_nlp.store import ingest_paths, open_engine, relink

    engine = open_engine(tmp_path_factory.mktemp("store") / "t.db")
    ingest_paths(engine, [Path(__file__).resolve().parents[2] / "corpus" / "linking" / "articles.jsonl"], relink=False)
    relink(engine, as_of=date(2024, 3, 31))
    app = create_app(Settings(executor="thread", workers=1))
    app.dependency_overrides[get_engine] = lambda: engine
    yield from _serve(app)
    engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def _post(base: str, body: dict[str, Any]) -> dict[str, Any]:
    req = urllib.request.Request(base + "v1/extract", data=json.dumps(body).encode("utf-8"),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        result: dict[str, Any] = json.load(r)
    return result


def _record_lists(data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    return {k: v for k, v in data.items() if isinstance(v, list) and all(isinstance(r, dict) and "span" in r for r in v)}


def test_seed_article_on_the_page(server: str, browser: Any, seed_document: Any) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page.set_default_timeout(90_000)  # a loaded 2-core CI machine
    page.goto(server)
    page.fill("#date", seed_document.date)
    page.fill("#text", seed_document.text)
    page.click("#run")
    page.wait_for_selector("#results:not([hidden])", timeout=60_000)

    # What the API says for the same input (the page sends id "bai-bao").
    want = _post(server, {"id": "bai-bao", "date": seed_document.date, "text": seed_document.text})
    lists = _record_lists(want)
    assert sum(len(v) for v in lists.values()) > 0

    # The article is shown whole, and every record's pieces spell its text.
    shown = page.eval_on_selector("#article", "el => el.textContent")
    assert shown == seed_document.text.replace("\r\n", "\n")
    pieces = page.eval_on_selector_all(
        "#article .m", "els => els.map(e => [e.dataset.ids.split(' '), e.textContent])")
    spelled: dict[str, str] = {}
    for ids, text in pieces:
        for i in ids:
            spelled[i] = spelled.get(i, "") + text
    for key, recs in lists.items():
        for i, rec in enumerate(recs):
            assert spelled.get(f"{key}-{i}") == rec["text"], f"{key}[{i}] {rec['text']!r} is not highlighted"

    # The table holds exactly the API's targets and results, in order.
    rows = page.eval_on_selector_all("#targets tbody tr.rec", """rows => rows.map(r => ({
        id: r.dataset.id, kind: r.dataset.kind, value: Number(r.dataset.value),
        indicator: r.querySelector('[data-col=indicator]').textContent,
        unit: r.querySelector('[data-col=unit]').textContent,
        deadline: r.querySelector('[data-col=deadline]').textContent,
        location: r.querySelector('[data-col=location]').textContent}))""")
    targets = want.get("targets", [])
    assert len(rows) == len(targets)
    for i, (row, t) in enumerate(zip(rows, targets, strict=True)):
        assert row["id"] == f"targets-{i}" and row["kind"] == t["kind"] and row["value"] == t["value"]
        assert (row["indicator"], row["unit"], row["deadline"], row["location"]) == (
            t.get("indicator") or "", t.get("unit") or "", t.get("deadline") or "", t.get("location") or "")

    # Hovering a mention shows its normalised value.
    key, recs = next((k, v) for k, v in lists.items() if v and k == "percentages") if lists.get("percentages") \
        else next((k, v) for k, v in lists.items() if v)
    piece = page.locator(f"#article .m[data-ids~='{key}-0']").first
    piece.hover()
    tip = page.locator("#tip")
    assert tip.is_visible()
    value = recs[0].get("value")
    if isinstance(value, float):
        assert f"{value:g}".replace(".", ",") in tip.inner_text()

    # Clicking a row scrolls to its span and flashes it.
    if targets:
        last = len(targets) - 1
        page.click(f"#targets tbody tr[data-id='targets-{last}']")
        flashing = page.locator(f"#article .m.flash[data-ids~='targets-{last}']")
        assert flashing.count() > 0
        page.wait_for_timeout(700)  # the smooth scroll
        assert page.evaluate(f"""() => {{
            const el = document.querySelector("#article .m[data-ids~='targets-{last}']");
            const box = el.getBoundingClientRect(), pane = document.querySelector('#article').getBoundingClientRect();
            return box.bottom > pane.top && box.top < pane.bottom; }}""")

    # The CSV download has a row per record, in UTF-8 with a BOM.
    with page.expect_download() as info:
        page.click("#download-csv")
    raw = Path(info.value.path()).read_bytes()
    assert raw.startswith("\ufeff".encode())
    table = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(table) == sum(len(v) for v in lists.values())
    assert [r["text"] for r in table if r["record"] == "targets"] == [t["text"] for t in targets]

    ARTIFACTS.mkdir(exist_ok=True)
    if targets:
        page.click("#targets tbody tr[data-id='targets-0']")
        page.wait_for_timeout(500)
        page.locator("#article .m[data-ids~='targets-0']").first.hover()
    page.screenshot(path=str(ARTIFACTS / "page-seed.png"), full_page=False)
    page.close()


def test_picking_a_corpus_file_fills_date_and_title(server: str, browser: Any, seed_document: Any) -> None:
    seed = Path(__file__).resolve().parents[2] / "corpus" / f"{seed_document.id}.txt"
    page = browser.new_page()
    page.goto(server)
    page.set_input_files("#file", str(seed))
    page.wait_for_function("() => document.querySelector('#text').value.length > 0")
    assert page.input_value("#date") == seed_document.date
    assert page.input_value("#title") == seed_document.title
    assert page.input_value("#text") == seed_document.text.replace("\r\n", "\n")
    page.close()


def test_target_view_history_links_and_evidence(store_server: str, browser: Any) -> None:
    page = browser.new_page()
    page.goto(store_server + "targets?place=Đông Sơn&year=2023&kind=target")
    page.wait_for_selector("#rows tr")
    assert "bản ghi" in page.inner_text("#summary")
    row = page.locator("#rows tr", has_text="tốc độ tăng giá trị sản xuất").first
    row.click()
    page.wait_for_selector("#detail h2")
    detail = page.inner_text("#detail")
    assert "tốc độ tăng giá trị sản xuất" in detail and "2023" in detail
    assert page.locator("#detail [data-status='met']").count() >= 1  # the target, and its link
    assert "Qua các bài báo (2)" in detail  # stated in January, repeated in February
    assert "10,7" in detail  # the year-end result it was checked against
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "page-targets.png"), full_page=True)
    # each piece of evidence links to its sentence, marked in its article
    page.locator("#detail a", has_text="câu trong bài").last.click()
    page.wait_for_selector("mark#evidence")
    assert "10,7%" in page.inner_text("mark#evidence")
    page.close()


RANGE_RECORDS = {
    "id": "nghe-an-2024", "schema_version": "1.0", "date": "2024-01-12", "percentages": [], "organisations": [],
    "locations": [], "time_expressions": [], "legal_references": [], "warnings": [],
    "targets": [
        {"span": [0, 4], "text": "Năm ", "kind": "target", "indicator": "tăng trưởng kinh tế", "value": 7.5,
         "value_high": 8.0, "unit": "%", "comparator": "range", "direction": "increase", "deadline": "2024"},
        {"span": [4, 8], "text": "2024", "kind": "result", "indicator": "tỷ lệ hộ nghèo", "value": 1.2,
         "unit": "điểm phần trăm", "comparator": "eq", "direction": "decrease"},
    ],
}


def test_dates_ranges_and_the_documents_id(server: str, browser: Any, tmp_path: Path) -> None:
    """dd/mm/yyyy is accepted, a range reads "từ … đến …", the downloads carry the document's id."""
    page = browser.new_page(accept_downloads=True)
    sent: list[dict[str, Any]] = []

    def answer(route: Any) -> None:
        sent.append(json.loads(route.request.post_data))
        route.fulfill(status=200, content_type="application/json", body=json.dumps({**RANGE_RECORDS, "id": sent[-1]["id"]}))

    page.route("**/v1/extract", answer)
    page.goto(server)
    page.fill("#text", "Năm 2024, tỉnh phấn đấu tăng trưởng kinh tế từ 7,5 đến 8%.")
    page.fill("#date", "31/02/2024")
    page.click("#run")
    assert "không hợp lệ" in page.inner_text("#status") and sent == []
    page.fill("#date", "12/1/2024")
    page.fill("#doc-id", "nghe-an-2024")
    page.click("#run")
    page.wait_for_selector("#results:not([hidden])")
    assert sent[-1]["date"] == "2024-01-12" and sent[-1]["id"] == "nghe-an-2024"
    cells = page.eval_on_selector_all("#targets tbody tr.rec", """rows => rows.map(r => [
        r.querySelector('[data-col=value]').textContent, r.querySelector('[data-col=comparator]').textContent,
        r.querySelector('[data-col=unit]').textContent])""")
    assert cells[0][0] == "từ 7,5 đến 8" and "khoảng" not in cells[0][1] and "↑" in cells[0][1]
    assert "↓" in cells[1][1] and cells[1][2] == "điểm phần trăm"
    for fmt in ("01/2024", "2024"):
        page.fill("#date", fmt)
        page.click("#run")
        page.wait_for_function("n => document.querySelector('#status').textContent.startsWith('Tìm thấy')", arg=len(sent))
    assert [s["date"] for s in sent[-2:]] == ["2024-01", "2024"]
    with page.expect_download() as info:
        page.click("#download-csv")
    assert info.value.suggested_filename == "nghe-an-2024.csv"
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_bytes().decode("utf-8-sig"))))
    assert {r["doc_id"] for r in rows} == {"nghe-an-2024"}
    page.close()


@pytest.fixture(scope="module")
def token_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The service with a store of its own and an ingest token, as `serve --db ... --token ...`."""
    from vn_policy_api.app import create_app
    from vn_policy_api.settings import Settings

    db = tmp_path_factory.mktemp("served") / "served.db"
    yield from _serve(create_app(Settings(executor="thread", workers=1, db=str(db), token="ma-bi-mat-2024")))


def test_storing_an_article_with_the_token(token_server: str, browser: Any) -> None:
    page = browser.new_page()
    page.set_default_timeout(90_000)
    page.goto(token_server)
    page.wait_for_selector("#token-field:not([hidden])")  # the service asks for a token
    page.fill("#doc-id", "yen-thanh-2024")
    page.fill("#date", "15/02/2024")
    page.fill("#text", "Năm 2024, huyện Yên Thành phấn đấu tỷ lệ hộ nghèo giảm còn dưới 3%.")
    page.click("#run")
    page.wait_for_selector("#results:not([hidden])")
    page.click("#store")
    page.wait_for_function("() => document.querySelector('#status').classList.contains('error')")
    assert "mã truy cập" in page.inner_text("#status")
    page.fill("#token", "ma-bi-mat-2024")
    page.click("#store")
    page.wait_for_function("() => document.querySelector('#status').textContent.startsWith('Đã lưu')")
    page.goto(token_server + "targets")
    page.wait_for_function("() => document.querySelector('#store').textContent.length > 0")
    assert page.inner_text("#store").endswith("served.db")
    page.wait_for_selector("#rows tr")
    assert "hộ nghèo" in page.inner_text("#rows")
    page.close()
