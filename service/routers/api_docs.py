"""Swagger UI at /docs and ReDoc at /redoc with no internet: their assets come from the fastapi-offline package.

FastAPI's own pages load Swagger UI, ReDoc and Google Fonts from CDNs, so they are
turned off in :func:`service.app.create_app` and served here instead.
"""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse, Response

from graph.errors import NotFound

router = APIRouter(include_in_schema=False)

_ASSETS = resources.files("fastapi_offline") / "static"
_TYPES = {
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui.css": "text/css; charset=utf-8",
    "redoc.standalone.js": "text/javascript; charset=utf-8",
    "favicon.png": "image/png",
}
_PREFIX = "/static/api-docs"
# ReDoc's side menu shows a logo from its makers' CDN; a blank local image stands in, so nothing leaves the host.
_REDOC_LOGO = b"https://cdn.redoc.ly/redoc/logo-mini.svg"
_BLANK_SVG = b"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='1' height='1'/%3E"


@router.get("/docs")
def swagger_ui(request: Request) -> HTMLResponse:
    """Swagger UI over the OpenAPI document, from local assets."""
    root = request.scope.get("root_path", "")
    return get_swagger_ui_html(
        openapi_url=f"{root}{request.app.openapi_url}",
        title=f"{request.app.title} API",
        oauth2_redirect_url=f"{root}/docs/oauth2-redirect",
        swagger_js_url=f"{root}{_PREFIX}/swagger-ui-bundle.js",
        swagger_css_url=f"{root}{_PREFIX}/swagger-ui.css",
        swagger_favicon_url=f"{root}{_PREFIX}/favicon.png",
    )


@router.get("/docs/oauth2-redirect")
def swagger_ui_redirect() -> HTMLResponse:
    """Swagger UI's OAuth2 redirect page."""
    return get_swagger_ui_oauth2_redirect_html()


@router.get("/redoc")
def redoc(request: Request) -> HTMLResponse:
    """ReDoc over the OpenAPI document, from local assets and without web fonts."""
    root = request.scope.get("root_path", "")
    return get_redoc_html(
        openapi_url=f"{root}{request.app.openapi_url}",
        title=f"{request.app.title} API",
        redoc_js_url=f"{root}{_PREFIX}/redoc.standalone.js",
        redoc_favicon_url=f"{root}{_PREFIX}/favicon.png",
        with_google_fonts=False,
    )


@router.get(_PREFIX + "/{name}")
def asset(name: str) -> Response:
    """One of the documentation pages' assets."""
    if name not in _TYPES:
        raise NotFound(f"no documentation asset {name[:60]!r}")
    body = (_ASSETS / name).read_bytes()
    if name == "redoc.standalone.js":
        body = body.replace(_REDOC_LOGO, _BLANK_SVG)
    return Response(body, media_type=_TYPES[name], headers={"Cache-Control": "max-age=86400"})
