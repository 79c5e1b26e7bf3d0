"""Start and stop a local Neo4j for tests through ``scripts/neo4j-server`` (no Docker).

Typical use in a conftest::

    server = server_for_tests()
    if server is None:             # NEO4J_URI is set: use that server, start nothing
        uri = os.environ["NEO4J_URI"]
    else:
        uri = server.start()       # ... and server.stop() at the end of the session

See docs/neo4j.md for the script itself.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import TracebackType

REPO_ROOT = Path(__file__).resolve().parents[1]
SCRIPT = REPO_ROOT / "scripts" / "neo4j-server"
JAVA17 = Path("/usr/lib/jvm/java-17-openjdk-amd64/bin/java")

__all__ = ["Neo4jServer", "Neo4jServerError", "local_server_available", "server_for_tests"]


class Neo4jServerError(RuntimeError):
    """The script failed; the message carries its stderr (console.log and debug.log tails)."""


def _java_available() -> bool:
    java = os.environ.get("JAVA")
    if java:
        return shutil.which(java) is not None
    if JAVA17.exists():
        return True
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").exists():
        return True
    return shutil.which("java") is not None


def local_server_available() -> bool:
    """True if this machine can run the script: bash, a java, and maven (only needed for the first fetch)."""
    return SCRIPT.exists() and shutil.which("bash") is not None and _java_available()


class Neo4jServer:
    """One named instance of ``scripts/neo4j-server``; several names can run at once."""

    def __init__(
        self,
        name: str = "pytest",
        *,
        env: dict[str, str] | None = None,
        script: Path | str = SCRIPT,
        timeout: float = 600.0,  # covers a first fetch (about 2 min) plus a slow start
    ) -> None:
        self.name = name
        self.script = Path(script)
        self.timeout = timeout
        self._env = dict(os.environ)
        # The poller needs a python with the neo4j driver; the one running the tests has it.
        self._env.setdefault("PYTHON", sys.executable)
        if env:
            self._env.update(env)
        self._uri: str | None = None

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        cmd = ["bash", str(self.script), "--name", self.name, *args]
        try:
            proc = subprocess.run(
                cmd,
                env=self._env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=self.timeout,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise Neo4jServerError(f"{' '.join(cmd)} timed out after {self.timeout}s") from exc
        if check and proc.returncode != 0:
            raise Neo4jServerError(
                f"{' '.join(cmd)} failed with exit code {proc.returncode}:\n{proc.stderr.strip()}"
            )
        return proc

    def fetch(self) -> None:
        """Download the server jars into the cache if they are not there yet."""
        self._run("fetch")

    def start(self) -> str:
        """Start (or restart a kept) instance, wait for Bolt and return its ``bolt://`` URI."""
        proc = self._run("start")
        for line in proc.stdout.splitlines():
            if line.startswith("NEO4J_URI="):
                self._uri = line.split("=", 1)[1].strip()
                return self._uri
        raise Neo4jServerError(f"no NEO4J_URI line in the output of start:\n{proc.stdout}\n{proc.stderr}")

    def stop(self, keep: bool = False) -> None:
        """Stop the server; with ``keep`` its home, data and port stay for the next :meth:`start`."""
        self._run("stop", *(["--keep"] if keep else []))

    def is_running(self) -> bool:
        return self._run("status", check=False).returncode == 0

    @property
    def uri(self) -> str:
        if self._uri is None:
            raise Neo4jServerError(f"Neo4j server {self.name!r} has not been started")
        return self._uri

    def __enter__(self) -> Neo4jServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def server_for_tests(name: str = "pytest") -> Neo4jServer | None:
    """The test-session policy: ``None`` if ``NEO4J_URI`` is set (use that server, start nothing),
    else an unstarted :class:`Neo4jServer` for the caller to ``start()`` and ``stop()``."""
    if os.environ.get("NEO4J_URI"):
        return None
    return Neo4jServer(name)
