"""The explorer page at ``/`` and its static files; vis-network comes from the pyvis package, no CDN."""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from graph.errors import NotFound
from graph.visual import vis_assets

router = APIRouter(include_in_schema=False)

_STATIC = resources.files("service") / "static"
_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}


@router.get("/", response_class=HTMLResponse)
def explorer() -> HTMLResponse:
    """The explorer: search, ego network, paths, downloads."""
    return HTMLResponse((_STATIC / "index.html").read_text("utf-8"))


@router.get("/static/vis-network.min.js")
def vis_js() -> Response:
    """vis-network's script, as bundled in pyvis."""
    return Response(vis_assets()[0], media_type=_TYPES[".js"], headers={"Cache-Control": "max-age=86400"})


@router.get("/static/vis-network.css")
def vis_css() -> Response:
    """vis-network's stylesheet, as bundled in pyvis."""
    return Response(vis_assets()[1], media_type=_TYPES[".css"], headers={"Cache-Control": "max-age=86400"})


@router.get("/static/explorer.{ext}")
def explorer_asset(ext: str) -> Response:
    """The explorer's own script and stylesheet."""
    suffix = f".{ext}"
    if suffix not in _TYPES:
        raise NotFound(f"no explorer asset explorer{suffix[:20]}")
    return Response((_STATIC / f"explorer{suffix}").read_text("utf-8"), media_type=_TYPES[suffix])
