"""`/`: the journalists' page. A static page whose script calls `/v1/extract`."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from .. import PACKAGE_DIR, __version__

router = APIRouter(tags=["page"])
templates = Jinja2Templates(directory=str(PACKAGE_DIR / "templates"))


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def page(request: Request) -> HTMLResponse:
    settings = request.app.state.settings
    return templates.TemplateResponse(request, "index.html", {
        "version": __version__,
        "max_text_bytes": settings.max_text_bytes,
    })
