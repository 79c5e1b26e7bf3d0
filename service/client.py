"""Asking a running ``citykg serve`` of the same home: loads handed to it as jobs.

The embedded store is held by one process at a time. While ``citykg serve`` holds
it, ``citykg load`` finds the server through its file (:mod:`graph.running`),
sends each file to ``POST /load`` with the file's token, and follows the job
(``GET /jobs/{id}``) until it is done. The server answers with the new data as
soon as the job has succeeded. Only the standard library is used, so the
command starts as fast as before.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from graph.errors import GraphError, StoreUnavailable
from graph.running import ServerInfo
from service.errors import EXIT_CODES, HTTP_STATUS

__all__ = ["RemoteError", "load_through"]


class RemoteError(GraphError):
    """The server refused or failed a job: its problem document and the exit code it maps to."""

    def __init__(self, detail: str, title: str, status: int) -> None:
        super().__init__(detail)
        self.detail, self.title, self.status = detail, title, status

    @property
    def exit_code(self) -> int:
        """The exit code the same error gives a local command (1 when unknown)."""
        for cls, status, title in HTTP_STATUS:
            if status == self.status and title == self.title:
                return next((code for c, code in EXIT_CODES if issubclass(cls, c)), 1)
        return 1


def _call(server: ServerInfo, method: str, path: str, body: Any = None, size: int | None = None) -> Any:
    headers = {"X-API-Key": server.token, "Accept": "application/json"}
    if body is not None:
        headers["Content-Type"] = "application/octet-stream"
        headers["Content-Length"] = str(size)
    request = urllib.request.Request(server.url + path, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return json.loads(answer.read() or b"{}")
    except urllib.error.HTTPError as exc:
        try:
            problem = json.loads(exc.read() or b"{}")
        except ValueError:
            problem = {}
        raise RemoteError(
            str(problem.get("detail") or exc.reason), str(problem.get("title") or ""), exc.code
        ) from None
    except (urllib.error.URLError, OSError) as exc:
        raise StoreUnavailable(
            f"the citykg server holding the store ({server.describe()}) did not answer ({exc}); "
            f"wait for it to start, or stop it (kill {server.pid}) and try again"
        ) from None


def load_through(
    server: ServerInfo,
    path: Path,
    fmt: str | None,
    *,
    waiting: Callable[[str], None] | None = None,
    poll: float = 0.2,
) -> dict[str, Any]:
    """Load ``path`` through ``server``'s ``POST /load`` and wait for its job; the job's result.

    ``waiting(state)`` is called at every poll (for a progress display). A refused or failed
    job raises :class:`RemoteError` with the server's problem detail.
    """
    query = {"name": path.name, **({"format": fmt} if fmt else {})}
    with path.open("rb") as fh:
        job = _call(server, "POST", "/load?" + urllib.parse.urlencode(query), fh, path.stat().st_size)
    while True:
        state = str(job.get("state"))
        if waiting is not None:
            waiting(state)
        if state == "succeeded":
            result: dict[str, Any] = job.get("result") or {}
            return result
        if state == "failed":  # the job's problem arrives as an HTTP error instead
            raise RemoteError("the load failed on the server", "", 500)
        time.sleep(poll)
        job = _call(server, "GET", f"/jobs/{urllib.parse.quote(str(job['id']))}")
