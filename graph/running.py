"""The file a running ``citykg serve`` leaves in its home, so other commands find it.

``<home>/server.json`` holds the server's PID, address, port, store directory and a
random token that lets commands of the same user hand it loads (the file is
readable by its owner only). The server writes it once it holds the store and
removes it when it stops; a file left by a server that died is recognised by its
PID and ignored.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

__all__ = ["ServerInfo", "find_server", "remove_server_file", "server_file", "write_server_file"]


@dataclass(frozen=True)
class ServerInfo:
    """A running server of one home."""

    pid: int
    host: str
    port: int
    store: str
    token: str

    @property
    def url(self) -> str:
        """The server's base URL."""
        host = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(self.host, self.host)
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.port}"

    def describe(self) -> str:
        """``PID 1234, http://127.0.0.1:8000``."""
        return f"PID {self.pid}, {self.url}"


def server_file(home: Path) -> Path:
    """Where the server of ``home`` leaves its file."""
    return home / "server.json"


def write_server_file(home: Path, *, host: str, port: int, store: Path) -> ServerInfo:
    """Write this process's server file (owner-only, atomically) and return what it says."""
    info = ServerInfo(os.getpid(), host, port, str(store), secrets.token_urlsafe(24))
    home.mkdir(parents=True, exist_ok=True)
    target = server_file(home)
    tmp = target.with_name(f"{target.name}.{os.getpid()}.part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(asdict(info), fh)
    tmp.replace(target)
    return info


def remove_server_file(home: Path, info: ServerInfo) -> None:
    """Remove the server file if it is still this server's."""
    found = _read(server_file(home))
    if found is not None and found.pid == info.pid and found.token == info.token:
        server_file(home).unlink(missing_ok=True)


def find_server(home: Path) -> ServerInfo | None:
    """The running server of ``home``, or None (no file, or its process is gone)."""
    info = _read(server_file(home))
    if info is None or not _alive(info.pid):
        return None
    return info


def _read(path: Path) -> ServerInfo | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return ServerInfo(
            pid=int(data["pid"]),
            host=str(data["host"]),
            port=int(data["port"]),
            store=str(data["store"]),
            token=str(data["token"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    with contextlib.suppress(OSError):
        # A zombie (exited, not yet reaped) holds no store.
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        return state != "Z"
    return True
