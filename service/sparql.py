"""The read-only SPARQL engine behind ``/sparql`` and ``citykg sparql``: guard, isolate, cap, serialise.

A query passes three gates, each deciding on structure rather than on words:

1. :func:`scan_query`, in the calling process, before any recursive parser sees
   the text: a linear scanner that skips strings, IRIs, comments and escapes
   caps the size in bytes and the nesting depth of ``{ ( [``. A query nested
   2,500 braces deep once overflowed the parser's stack and killed the server.
2. :func:`check_query`, in the worker: the query is parsed (rdflib's SPARQL
   grammar, then its algebra) and refused when the parse tree or the algebra
   holds a ``ServiceGraphPattern`` (``SERVICE`` in any spelling: escapes, case,
   comments, nested groups, ``EXISTS``) or when the text is an update. A query
   this parser cannot read is refused as malformed, so a spelling that one
   parser reads differently from the other cannot slip through.
3. The worker process itself (``service.sparql_worker``): it opens the store
   read-only, runs in a network namespace of its own with no interface up (so
   Oxigraph, which would otherwise POST a ``SERVICE`` call anywhere, can reach
   no host), and under ``RLIMIT_AS`` and ``RLIMIT_CPU``.

Queries run in a small pool of such workers (:class:`SparqlPool`). A query
that passes its deadline, its CPU time or its memory costs only its worker:
the worker is killed, the caller gets :class:`QueryTimeout` or
:class:`QueryAborted` (503), and the next query gets a fresh worker. Results
are cut at ``max_rows`` rows and ``max_bytes`` bytes; the answer says so
(``truncated``).

An in-memory store (tests, notebooks) is dumped once to each worker, which
keeps its own copy; a store on disk is opened read-only by each worker. After a
load changes the store (its :meth:`~graph.embedded_store.EmbeddedStore.version`),
workers are replaced before the next query so answers never lag behind.
"""

from __future__ import annotations

import atexit
import contextlib
import csv
import io
import json
import logging
import os
import queue
import re
import select
import signal
import subprocess
import sys
import threading
import time
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from graph.errors import QueryError, StoreUnavailable
from service.errors import QueryAborted, QueryTimeout

if TYPE_CHECKING:
    from graph.embedded_store import EmbeddedStore

__all__ = [
    "RDF_TYPES",
    "RESULT_TYPES",
    "QueryAborted",
    "QueryLimits",
    "QueryTimeout",
    "SparqlAnswer",
    "SparqlPool",
    "check_query",
    "close_pools",
    "execute",
    "pool_for",
    "run_query",
    "scan_query",
]

log = logging.getLogger("citykg.sparql")

# media type → serialiser name; the first is the default.
RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
RDF_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}


@dataclass(frozen=True, slots=True)
class SparqlAnswer:
    """A serialised answer: its bytes, media type, and whether rows were cut."""

    body: bytes
    media_type: str
    truncated: bool


@dataclass(frozen=True, slots=True)
class QueryLimits:
    """The bounds one query runs under (see :class:`service.settings.ServiceSettings`)."""

    timeout: float = 30.0
    max_rows: int = 10_000
    max_bytes: int = 16 * 1024 * 1024
    max_query_bytes: int = 16_384
    max_depth: int = 32
    workers: int = 2
    memory_mb: int = 2048
    cpu_seconds: float = 60.0


# ---------------------------------------------------------------------- gate 1: the scanner
_IRIREF = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_OPEN = "{(["
_CLOSE = "})]"


def scan_query(query: str, *, max_bytes: int, max_depth: int) -> None:
    """Refuse a query that is empty, longer than ``max_bytes`` or nested deeper than ``max_depth``.

    One linear pass, no recursion: strings, IRIs, comments and backslash escapes
    are skipped, ``{ ( [`` open a level and ``} ) ]`` close one.

    Examples
    --------
    >>> scan_query("SELECT * { ?s ?p '{{{' # {{{\\n }", max_bytes=1000, max_depth=2)
    >>> scan_query("SELECT * " + "{" * 40 + "}" * 40, max_bytes=1000, max_depth=32)
    Traceback (most recent call last):
    ...
    graph.errors.QueryError: the query nests groups or expressions deeper than 32 levels (at line 1); flatten it
    """
    if not query.strip():
        raise QueryError("the query is empty")
    size = len(query.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise QueryError(f"the query is {size:,} bytes long; the limit is {max_bytes:,} bytes")
    depth = 0
    line = 1
    i = 0
    n = len(query)
    while i < n:
        c = query[i]
        if c == "\n":
            line += 1
        elif c == "\\":  # an escape (a local-name one such as x:p\#x) never opens a comment or a string
            i += 2
            continue
        elif c == "#":
            end = query.find("\n", i)
            i = n if end < 0 else end
            continue
        elif c in "'\"":
            long = query.startswith(c * 3, i)
            quote = c * 3 if long else c
            j = i + len(quote)
            while j < n and not query.startswith(quote, j):
                if query[j] == "\\":
                    j += 1
                elif query[j] == "\n":
                    line += 1
                    if not long:
                        break
                j += 1
            i = j + len(quote)
            continue
        elif c == "<":
            m = _IRIREF.match(query, i)
            if m:
                i = m.end()
                continue
        elif c in _OPEN:
            depth += 1
            if depth > max_depth:
                raise QueryError(
                    f"the query nests groups or expressions deeper than {max_depth} levels "
                    f"(at line {line}); flatten it"
                )
        elif c in _CLOSE:
            depth = max(depth - 1, 0)
        i += 1


# ---------------------------------------------------------------------- gate 2: the parse
_PARSE_STACK = 64 * 1024 * 1024
_PARSE_RECURSION = 200_000


def _camel_words(name: str) -> str:
    return " ".join(re.findall(r"[A-Z][a-z]*", name)).upper() or name


def _nodes(root: Any) -> Iterator[Any]:
    """Every node of a parse tree or algebra (rdflib ``CompValue``s, lists, results), iteratively."""
    stack = [root]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list | tuple | set | frozenset):
            stack.extend(node)
        elif hasattr(node, "as_list") and hasattr(node, "values"):  # pyparsing's ParseResults
            stack.extend(list(node))
            with contextlib.suppress(Exception):
                stack.extend(node.values())


def _names(root: Any) -> Iterator[str]:
    for node in _nodes(root):
        name = getattr(node, "name", None)
        if isinstance(name, str):
            yield name


def _check(query: str) -> None:
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        tree = parseQuery(query)
    except ParseBaseException as exc:
        try:
            update = parseUpdate(query)
        except ParseBaseException:
            raise QueryError(f"malformed SPARQL: {exc}") from exc
        ops = [getattr(op, "name", "") for op in getattr(update, "request", [])] or ["UPDATE"]
        raise QueryError(
            f"this endpoint is read-only: {_camel_words(ops[0])} (a SPARQL update) is not allowed"
        ) from exc
    if "ServiceGraphPattern" in set(_names(tree)):
        raise QueryError("SERVICE clauses are not allowed: this endpoint never queries other hosts")
    try:
        algebra = translateQuery(tree)
    except Exception as exc:  # rdflib raises plain exceptions for semantic errors (unbound GROUP BY ...)
        raise QueryError(f"malformed SPARQL: {exc}") from exc
    if "ServiceGraphPattern" in set(_names(algebra.algebra)):
        raise QueryError("SERVICE clauses are not allowed: this endpoint never queries other hosts")


def check_query(query: str) -> None:
    """Refuse updates, SERVICE in any form, and malformed text, deciding on the parsed query.

    The parser is recursive: call :func:`scan_query` first. It runs in a thread
    with a deep stack so that a query within the depth cap always parses.

    Examples
    --------
    >>> check_query("SELECT * WHERE { ?s ?p 'SERVICE' }")
    >>> check_query("select * { \\\\u0073ervice <http://example.org/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    graph.errors.QueryError: SERVICE clauses are not allowed: this endpoint never queries other hosts
    >>> check_query("PREFIX x: <http://x/> INSERT DATA { x:a x:b x:c }")
    Traceback (most recent call last):
    ...
    graph.errors.QueryError: this endpoint is read-only: INSERT DATA (a SPARQL update) is not allowed
    """
    box: dict[str, BaseException] = {}

    def work() -> None:
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, _PARSE_RECURSION))
        try:
            _check(query)
        except BaseException as exc:  # handed to the caller below
            box["error"] = exc
        finally:
            sys.setrecursionlimit(limit)

    with _STACK_LOCK:
        old = threading.stack_size(_PARSE_STACK)
        try:
            thread = threading.Thread(target=work, name="citykg-sparql-parse")
            try:
                thread.start()
            except RuntimeError as exc:  # no room for the parser's stack under the memory limit
                raise MemoryError("no memory left to start the parser") from exc
        finally:
            threading.stack_size(old)
    thread.join()
    if "error" in box:
        error = box["error"]
        if isinstance(error, RecursionError):
            raise QueryError("the query is too deeply nested to parse; flatten it") from error
        raise error


_STACK_LOCK = threading.Lock()


# ---------------------------------------------------------------------- running and serialising
def execute(
    store: ox.Store, query: str, *, accept: str | None, max_rows: int, max_bytes: int
) -> SparqlAnswer:
    """Run a checked query on ``store`` (in the worker) and serialise it within the row and byte caps."""
    try:
        result = store.query(query, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise QueryError(f"malformed SPARQL: {exc}") from exc
    except OSError as exc:
        raise StoreUnavailable(f"the store could not answer: {exc}") from exc
    except RuntimeError as exc:
        raise QueryError(f"the query could not run: {exc}") from exc
    try:
        if isinstance(result, ox.QueryBoolean):
            fmt, media = _negotiate(accept, RESULT_TYPES)
            return SparqlAnswer(_boolean(bool(result), fmt), media, False)
        if isinstance(result, ox.QueryTriples):
            rdf_name, media = _negotiate(accept, {k: k for k in RDF_TYPES})
            data, truncated = _triples(result, RDF_TYPES[rdf_name], max_rows, max_bytes)
            return SparqlAnswer(data, media, truncated)
        fmt, media = _negotiate(accept, RESULT_TYPES)
        names = [v.value for v in result.variables]
        rows = ([row[n] for n in names] for row in result)
        body, truncated = _solutions(names, rows, fmt, max_rows, max_bytes)
        return SparqlAnswer(body, media, truncated)
    except (RuntimeError, OSError) as exc:
        raise QueryError(f"the query failed while running: {exc}") from exc


def _negotiate(accept: str | None, offered: dict[str, str]) -> tuple[str, str]:
    """The (serialiser, media type) the Accept header prefers; the first offered one by default."""
    best: tuple[float, int, str] | None = None
    for pos, part in enumerate((accept or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if media in offered and q > 0 and (best is None or (q, -pos) > (best[0], best[1])):
            best = (q, -pos, media)
    media = best[2] if best else next(iter(offered))
    return offered[media], media


def _term_json(t: Any) -> dict[str, str]:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    out = {"type": "literal", "value": t.value}
    if t.language:
        out["xml:lang"] = t.language
    elif t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = t.datatype.value
    return out


def _term_xml(t: Any) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<uri>{escape(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{escape(t.value)}</bnode>"
    if t.language:
        return f"<literal xml:lang={quoteattr(t.language)}>{escape(t.value)}</literal>"
    if t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        return f"<literal datatype={quoteattr(t.datatype.value)}>{escape(t.value)}</literal>"
    return f"<literal>{escape(t.value)}</literal>"


def _boolean(value: bool, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt == "xml":
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
            f"<boolean>{str(value).lower()}</boolean></sparql>\n"
        ).encode()
    return f"{'_askResult' if fmt == 'csv' else '?_askResult'}\n{str(value).lower()}\n".encode()


def _row_text(names: list[str], row: list[Any], fmt: str) -> str:
    if fmt == "json":
        binding = {n: _term_json(t) for n, t in zip(names, row, strict=True) if t is not None}
        return json.dumps(binding, ensure_ascii=False)
    if fmt == "xml":
        cells = "".join(
            f"<binding name={quoteattr(n)}>{_term_xml(t)}</binding>"
            for n, t in zip(names, row, strict=True)
            if t is not None
        )
        return f"<result>{cells}</result>"
    if fmt == "csv":
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\r\n").writerow(["" if t is None else t.value for t in row])
        return buf.getvalue()
    return "\t".join("" if t is None else str(t) for t in row) + "\n"


def _solutions(
    names: list[str], rows: Iterable[list[Any]], fmt: str, max_rows: int, max_bytes: int
) -> tuple[bytes, bool]:
    """Serialise solutions one row at a time, stopping before the row or byte cap is passed."""
    if fmt == "json":
        head, sep, tail = (
            json.dumps({"head": {"vars": names}})[:-1] + ', "results": {"bindings": [',
            ", ",
            "]}}",
        )
    elif fmt == "xml":
        head = (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>'
            + "".join(f"<variable name={quoteattr(n)}/>" for n in names)
            + "</head><results>"
        )
        sep, tail = "", "</results></sparql>\n"
    elif fmt == "csv":
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\r\n").writerow(names)
        head, sep, tail = buf.getvalue(), "", ""
    else:
        head, sep, tail = "\t".join(f"?{n}" for n in names) + "\n", "", ""
    parts = [head]
    size = len(head.encode()) + len(tail.encode())
    truncated = False
    for count, row in enumerate(rows):  # count: the rows kept so far
        text = (sep if count else "") + _row_text(names, row, fmt)
        grown = len(text.encode())
        if count >= max_rows or size + grown > max_bytes:
            truncated = True
            break
        parts.append(text)
        size += grown
    parts.append(tail)
    return "".join(parts).encode(), truncated


def _triples(
    result: Iterable[ox.Triple], fmt: ox.RdfFormat, max_rows: int, max_bytes: int
) -> tuple[bytes, bool]:
    """Serialise triples within the caps; N-Triples length decides what is kept, then the output is checked."""
    triples: list[ox.Triple] = []
    size = 0
    truncated = False
    for t in result:
        grown = len(str(t).encode()) + 3
        if len(triples) >= max_rows or size + grown > max_bytes:
            truncated = True
            break
        triples.append(t)
        size += grown
    data = ox.serialize(triples, None, fmt) or b""
    while len(data) > max_bytes and triples:  # JSON-LD can outgrow N-Triples: keep halving
        triples = triples[: len(triples) // 2]
        truncated = True
        data = ox.serialize(triples, None, fmt) or b""
    return data, truncated


# ---------------------------------------------------------------------- the worker pool
_READY_TIMEOUT = 120.0
_ROOT = str(Path(__file__).resolve().parents[1])


class _Worker:
    """One worker process, spoken to in JSON lines over its stdin and stdout."""

    def __init__(self, source: str | None, dump: bytes | None, limits: QueryLimits) -> None:
        # The worker imports this very code, wherever the caller runs from (a notebook, a script).
        path = os.pathsep.join(filter(None, [_ROOT, os.environ.get("PYTHONPATH")]))
        env = {**os.environ, "MALLOC_ARENA_MAX": "2", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": path}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "service.sparql_worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            close_fds=True,
            start_new_session=True,  # a Ctrl-C at the terminal reaches the server, which stops its workers
        )
        assert self.proc.stdin is not None
        assert self.proc.stdout is not None
        self._in = self.proc.stdin
        self._out = self.proc.stdout.fileno()
        os.set_blocking(self._out, False)
        self._buf = b""
        config = {
            "path": source,
            "dump": len(dump) if dump is not None else None,
            "memory_mb": limits.memory_mb,
            "cpu_seconds": limits.cpu_seconds,
        }
        try:
            self._in.write(json.dumps(config).encode() + b"\n")
            if dump is not None:
                self._in.write(dump)
            self._in.flush()
            ready = self._read_header(time.monotonic() + _READY_TIMEOUT)
        except (OSError, QueryTimeout, QueryAborted) as exc:
            self.kill()
            raise StoreUnavailable(f"the SPARQL worker did not start: {exc}") from exc
        if not ready.get("ok"):
            self.kill()
            raise StoreUnavailable(f"the SPARQL worker did not start: {ready.get('message')}")
        self.isolated = bool(ready.get("isolated"))
        self.version = ""

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=10)
        for f in (self.proc.stdin, self.proc.stdout):
            if f is not None:
                with contextlib.suppress(OSError):
                    f.close()

    def _fill(self, deadline: float) -> None:
        left = deadline - time.monotonic()
        if left <= 0:
            raise QueryTimeout("deadline passed")
        ready, _, _ = select.select([self._out], [], [], left)
        if not ready:
            raise QueryTimeout("deadline passed")
        try:
            chunk = os.read(self._out, 1 << 20)
        except BlockingIOError:
            return
        if not chunk:
            raise QueryAborted(self._death())
        self._buf += chunk

    def _read_header(self, deadline: float) -> dict[str, Any]:
        while b"\n" not in self._buf:
            self._fill(deadline)
        line, self._buf = self._buf.split(b"\n", 1)
        header: dict[str, Any] = json.loads(line)
        return header

    def _death(self) -> str:
        try:
            code = self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            return "the query's worker stopped answering"
        if code == -signal.SIGXCPU or code == -signal.SIGKILL:
            return "the query used more CPU time than it may"
        if code < 0:
            name = signal.Signals(-code).name
            return f"the query was stopped ({name}): it needed more memory than it may, or the engine failed on it"
        return f"the query's worker ended (exit {code})"

    def ask(self, job: dict[str, Any], deadline: float) -> dict[str, Any]:
        self._in.write(json.dumps(job).encode() + b"\n")
        self._in.flush()
        header = self._read_header(deadline)
        length = int(header.get("length") or 0)
        while len(self._buf) < length:
            self._fill(deadline)
        header["body"], self._buf = self._buf[:length], self._buf[length:]
        return header


class SparqlPool:
    """A few worker processes that run queries over one embedded store, each under its limits.

    Thread-safe: requests take a worker, run, and give it back; a worker that
    passes a limit is killed, and its slot gets a fresh worker on next use.
    """

    def __init__(self, store: EmbeddedStore, limits: QueryLimits) -> None:
        # A weak reference: the pool must not keep its store alive (pools are kept per store).
        self._store = weakref.ref(store)
        self.limits = limits
        self._slots: queue.LifoQueue[_Worker | None] = queue.LifoQueue()  # live workers first
        for _ in range(limits.workers):
            self._slots.put(None)
        self._lock = threading.Lock()
        self._dump: tuple[str, bytes] | None = None
        self._version = store.version()
        self._closed = False
        self.isolated: bool | None = None
        self._all: list[_Worker] = []  # every worker started and not yet reaped
        weakref.finalize(self, _stop, self._all)  # a pool dropped with its store stops its workers

    def _source(self) -> tuple[str | None, bytes | None]:
        version = self.store.version()
        if self.store.path is not None:
            return str(self.store.path), None
        with self._lock:
            if self._dump is None or self._dump[0] != version:
                buf = io.BytesIO()
                ox.serialize(self.store.quads(), buf, ox.RdfFormat.N_QUADS)
                self._dump = (version, buf.getvalue())
            return None, self._dump[1]

    def _fresh(self) -> _Worker:
        path, dump = self._source()
        worker = _Worker(path, dump, self.limits)
        self.isolated = worker.isolated
        if not worker.isolated:
            log.warning(
                "the SPARQL worker could not enter a network namespace of its own; "
                "SERVICE is still refused by the query check"
            )
        worker.version = self.store.version()
        self._all[:] = [w for w in self._all if w.alive()]
        self._all.append(worker)
        return worker

    def run(self, query: str, *, accept: str | None) -> SparqlAnswer:
        """Check and run ``query`` in a worker; the answer serialised for ``accept``."""
        limits = self.limits
        scan_query(query, max_bytes=limits.max_query_bytes, max_depth=limits.max_depth)
        if self._closed:
            raise StoreUnavailable("the SPARQL workers are shut down")
        try:
            worker = self._slots.get(timeout=limits.timeout)
        except queue.Empty:
            raise QueryTimeout(
                f"the endpoint is busy: no query worker freed within {limits.timeout:g} s"
            ) from None
        keep: _Worker | None = None
        try:
            if worker is not None and (not worker.alive() or worker.version != self.store.version()):
                worker.kill()
                worker = None
            if worker is None:
                worker = self._fresh()
            job = {
                "query": query,
                "accept": accept,
                "max_rows": limits.max_rows,
                "max_bytes": limits.max_bytes,
            }
            try:
                reply = worker.ask(job, time.monotonic() + limits.timeout)
            except QueryTimeout:
                worker.kill()
                raise QueryTimeout(
                    f"the query took longer than {limits.timeout:g} s and was stopped; narrow it or add a LIMIT"
                ) from None
            except (QueryAborted, OSError, ValueError) as exc:
                worker.kill()
                if isinstance(exc, QueryAborted):
                    raise
                raise QueryAborted(f"the query's worker failed: {exc}") from exc
            if reply.get("exit"):
                worker.kill()
            else:
                keep = worker
            if not reply.get("ok"):
                kind = reply.get("kind")
                message = str(reply.get("message"))
                if kind == "limit":
                    raise QueryAborted(message)
                if kind == "store":
                    raise StoreUnavailable(message)
                raise QueryError(message)
            return SparqlAnswer(reply["body"], str(reply["media_type"]), bool(reply["truncated"]))
        finally:
            self._slots.put(keep)

    @property
    def store(self) -> EmbeddedStore:
        """The store the workers answer from."""
        store = self._store()
        if store is None:
            raise StoreUnavailable("the store of these SPARQL workers is closed")
        return store

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        _stop(self._all)


def _stop(workers: list[_Worker]) -> None:
    for worker in list(workers):
        worker.kill()
    workers.clear()


_POOLS: weakref.WeakKeyDictionary[EmbeddedStore, dict[QueryLimits, SparqlPool]] = weakref.WeakKeyDictionary()
_POOLS_LOCK = threading.Lock()


def pool_for(store: EmbeddedStore, limits: QueryLimits) -> SparqlPool:
    """The shared pool of ``store`` under ``limits`` (created on first use, stopped at exit)."""
    with _POOLS_LOCK:
        pools = _POOLS.setdefault(store, {})
        pool = pools.get(limits)
        if pool is None or pool._closed:
            pool = pools[limits] = SparqlPool(store, limits)
        return pool


def close_pools(store: EmbeddedStore | None = None) -> None:
    """Stop the workers of ``store``'s pools (of every pool when None: at exit)."""
    with _POOLS_LOCK:
        if store is None:
            pools = [p for by_limits in _POOLS.values() for p in by_limits.values()]
            _POOLS.clear()
        else:
            pools = list(_POOLS.pop(store, {}).values())
    for pool in pools:
        pool.close()


atexit.register(close_pools)


def run_query(store: EmbeddedStore, query: str, *, accept: str | None, limits: QueryLimits) -> SparqlAnswer:
    """Check, run and serialise ``query`` in the store's worker pool.

    Raises :class:`~graph.errors.QueryError` for a refused or malformed query,
    :class:`QueryTimeout` past the deadline and :class:`QueryAborted` when the
    query passed its memory or CPU limit.
    """
    return pool_for(store, limits).run(query, accept=accept)
