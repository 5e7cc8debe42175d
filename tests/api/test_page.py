"""The page as served: it loads, and it fetches nothing from outside the service."""

from __future__ import annotations

import re

import pytest

ASSETS = ["/", "/static/page.js", "/static/page.css"]
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//|@import|url\(\s*["']?(?:https?:)?//|fetch\(\s*["'`]https?:""")


@pytest.mark.parametrize("path", ASSETS)
def test_page_assets_are_served_and_local(client, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200
    assert not EXTERNAL.search(r.text), f"{path} loads something from another host"


def test_page_has_the_parts_a_journalist_uses(client) -> None:
    html = client.get("/").text
    for element_id in ("text", "date", "file", "run", "legend", "article", "targets", "download-json", "download-csv"):
        assert f'id="{element_id}"' in html
    assert 'lang="vi"' in html and 'data-max-bytes="1000000"' in html


def test_font_stack_covers_vietnamese(client) -> None:
    css = client.get("/static/page.css").text
    assert '"Noto Sans", "DejaVu Sans"' in css
