"""A SPARQL worker process: reads jobs as JSON lines on stdin, answers on stdout.

Started by :class:`service.sparql.SparqlPool` as ``python -m service.sparql_worker``.
Before it touches the store or any query it leaves the host's network (a new
user and network namespace, where no interface is up), so the engine cannot
reach any host whatever a query says; then it caps its own address space
(``RLIMIT_AS``). Each query gets a CPU-time budget (``RLIMIT_CPU``): past it
the kernel stops the process, which costs only this worker.

The first line is the configuration: ``{"path": ..., "dump": n, "memory_mb": ...,
"cpu_seconds": ...}``; with ``dump`` the next ``n`` bytes are N-Quads of an
in-memory store to copy. Every answer is a JSON header line, then ``length``
bytes of body. The worker ends when its stdin closes.
"""

from __future__ import annotations

import ctypes
import json
import resource
import sys
from typing import Any, BinaryIO

_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000


def _leave_network() -> bool:
    """Enter a user and network namespace of our own: no host, not even loopback, can be reached."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNET)) == 0
    except (OSError, AttributeError):
        return False


def _send(out: BinaryIO, header: dict[str, Any], body: bytes = b"") -> None:
    out.write(json.dumps({**header, "length": len(body)}).encode() + b"\n")
    out.write(body)
    out.flush()


def main() -> None:
    """Serve jobs until stdin closes."""
    isolated = _leave_network()  # first, while the process has a single thread
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but answers may reach the pipe
    config = json.loads(stdin.readline() or b"{}")
    memory = int(config.get("memory_mb") or 0) * 1024 * 1024
    if memory:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu_budget = float(config.get("cpu_seconds") or 0)

    import pyoxigraph as ox

    from graph.errors import GraphError, StoreUnavailable
    from service.sparql import check_query, execute

    try:
        if config.get("path"):
            store = ox.Store.read_only(config["path"])
        else:
            store = ox.Store()
            size = int(config.get("dump") or 0)
            if size:
                store.bulk_load(stdin.read(size), ox.RdfFormat.N_QUADS)
        check_query("ASK {}")  # warm the parser before the first deadline counts
    except (OSError, SyntaxError, MemoryError) as exc:
        _send(stdout, {"ok": False, "kind": "store", "message": f"cannot open the store: {exc}"})
        return
    _send(stdout, {"ok": True, "isolated": isolated})

    for line in stdin:
        job = json.loads(line)
        if cpu_budget:
            used = resource.getrusage(resource.RUSAGE_SELF)
            spent = used.ru_utime + used.ru_stime
            resource.setrlimit(resource.RLIMIT_CPU, (int(spent + cpu_budget) + 1, resource.RLIM_INFINITY))
        try:
            check_query(job["query"])
            answer = execute(
                store,
                job["query"],
                accept=job.get("accept"),
                max_rows=int(job["max_rows"]),
                max_bytes=int(job["max_bytes"]),
            )
        except MemoryError:
            message = "the query needed more memory than it may and was stopped"
            _send(stdout, {"ok": False, "kind": "limit", "message": message, "exit": True})
            return
        except StoreUnavailable as exc:
            _send(stdout, {"ok": False, "kind": "store", "message": str(exc)})
        except GraphError as exc:
            _send(stdout, {"ok": False, "kind": "query", "message": str(exc)})
        else:
            header = {"ok": True, "media_type": answer.media_type, "truncated": answer.truncated}
            _send(stdout, header, answer.body)


if __name__ == "__main__":
    main()
