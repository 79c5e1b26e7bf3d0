"""The read-only SPARQL engine behind ``/sparql``: guard, run with a deadline, cap, serialise.

A query is checked before it reaches Oxigraph: updates (``INSERT``, ``DELETE``,
``LOAD``, ``CLEAR``, ``DROP``, ``CREATE``, ``ADD``, ``MOVE``, ``COPY``, ``WITH``)
and any ``SERVICE`` clause are refused. The check runs on tokens with strings,
comments and IRIs removed, so ``"SERVICE"`` in a literal or ``<http://x/SERVICE>``
does not trip it, while ``service <...>`` in any case does.

The query runs in a worker thread; when it takes longer than the deadline the
caller gets :class:`QueryTimeout` (the HTTP layer answers 503). Oxigraph cannot
be interrupted, so the worker (a daemon thread) finishes in the background; at
most four queries run at once, so runaway queries cannot pile up. Results past ``max_rows`` rows (or
triples) are cut, and the answer says so (``truncated``).
"""

from __future__ import annotations

import csv
import io
import json
import re
import threading
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from graph.embedded_store import EmbeddedStore
from graph.errors import QueryError

__all__ = [
    "RDF_TYPES",
    "RESULT_TYPES",
    "QueryTimeout",
    "SparqlAnswer",
    "check_query",
    "run_query",
]

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
_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<var>[?$][\w]+)
  | (?P<word>[A-Za-z_][\w.\-]*(?::[\w.\-%]*)?|:[\w.\-%]*)
  | (?P<other>\S)
    """,
    re.VERBOSE | re.DOTALL,
)


class QueryTimeout(QueryError):
    """The query did not finish before the deadline."""


@dataclass(frozen=True, slots=True)
class SparqlAnswer:
    """A serialised answer: its bytes, media type, and whether rows were cut."""

    body: bytes
    media_type: str
    truncated: bool


def _keywords(query: str) -> list[str]:
    """Bare keywords of ``query``, upper-cased; strings, comments, IRIs, variables, prefixed names skipped."""
    words = []
    for m in _TOKEN.finditer(query):
        if m.lastgroup == "word" and ":" not in m.group():
            words.append(m.group().upper())
    return words


def check_query(query: str) -> None:
    """Refuse updates and SERVICE clauses with a clear :class:`~graph.errors.QueryError`.

    Examples
    --------
    >>> check_query("SELECT * WHERE { ?s ?p 'SERVICE' }")
    >>> check_query("select * { service <http://example.org/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    graph.errors.QueryError: SERVICE clauses are not allowed: this endpoint never queries other hosts
    >>> check_query("PREFIX x: <http://x/> INSERT DATA { x:a x:b x:c }")
    Traceback (most recent call last):
    ...
    graph.errors.QueryError: this endpoint is read-only: INSERT (a SPARQL update) is not allowed
    """
    if not query.strip():
        raise QueryError("the query is empty")
    words = _keywords(query)
    if "SERVICE" in words:
        raise QueryError("SERVICE clauses are not allowed: this endpoint never queries other hosts")
    body = [w for w in words if w not in {"PREFIX", "BASE"}]
    if body and body[0] in _UPDATE_WORDS:
        raise QueryError(f"this endpoint is read-only: {body[0]} (a SPARQL update) is not allowed")
    for w in words:
        if w in {"INSERT", "LOAD", "CLEAR", "DROP"}:
            raise QueryError(f"this endpoint is read-only: {w} (a SPARQL update) is not allowed")


# At most this many queries run at once; a runaway one holds its slot until it ends.
_SLOTS = threading.BoundedSemaphore(4)


def run_query(
    store: EmbeddedStore, query: str, *, accept: str | None, timeout: float, max_rows: int
) -> SparqlAnswer:
    """Check, run and serialise ``query`` for the media type ``accept`` asks for.

    Raises :class:`~graph.errors.QueryError` for a refused or malformed query and
    :class:`QueryTimeout` past ``timeout`` seconds.
    """
    check_query(query)
    if not _SLOTS.acquire(timeout=timeout):
        raise QueryTimeout(f"the endpoint is busy: no query slot freed within {timeout:g} s")
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["answer"] = _run(store, query, accept, max_rows)
        except Exception as exc:  # handed to the caller below
            box["error"] = exc
        finally:
            _SLOTS.release()

    # A daemon thread: Oxigraph cannot be interrupted, and a runaway query must not block shutdown.
    worker = threading.Thread(target=work, name="citykg-sparql", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise QueryTimeout(f"the query took longer than {timeout:g} s; narrow it or add a LIMIT")
    if "error" in box:
        raise box["error"]
    answer: SparqlAnswer = box["answer"]
    return answer


def _run(store: EmbeddedStore, query: str, accept: str | None, max_rows: int) -> SparqlAnswer:
    result = store.sparql(query)
    try:
        if isinstance(result, ox.QueryBoolean):
            fmt, media = _negotiate(accept, RESULT_TYPES)
            return SparqlAnswer(_boolean(bool(result), fmt), media, False)
        if isinstance(result, ox.QueryTriples):
            rdf_name, media = _negotiate(accept, {k: k for k in RDF_TYPES})
            triples: list[ox.Triple] = []
            truncated = False
            for t in result:
                if len(triples) >= max_rows:
                    truncated = True
                    break
                triples.append(t)
            data = ox.serialize(triples, None, RDF_TYPES[rdf_name]) or b""
            return SparqlAnswer(data, media, truncated)
        fmt, media = _negotiate(accept, RESULT_TYPES)
        names = [v.value for v in result.variables]
        rows: list[list[Any]] = []
        truncated = False
        for row in result:
            if len(rows) >= max_rows:
                truncated = True
                break
            rows.append([row[n] for n in names])
        return SparqlAnswer(_solutions(names, rows, fmt), media, truncated)
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


def _solutions(names: list[str], rows: list[list[Any]], fmt: str) -> bytes:
    if fmt == "json":
        bindings = [
            {n: _term_json(t) for n, t in zip(names, row, strict=True) if t is not None} for row in rows
        ]
        return json.dumps(
            {"head": {"vars": names}, "results": {"bindings": bindings}}, ensure_ascii=False
        ).encode()
    if fmt == "xml":
        parts = [
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>',
            *(f"<variable name={quoteattr(n)}/>" for n in names),
            "</head><results>",
        ]
        for row in rows:
            parts.append("<result>")
            parts.extend(
                f"<binding name={quoteattr(n)}>{_term_xml(t)}</binding>"
                for n, t in zip(names, row, strict=True)
                if t is not None
            )
            parts.append("</result>")
        parts.append("</results></sparql>\n")
        return "".join(parts).encode()
    buf = io.StringIO()
    if fmt == "csv":
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(names)
        for row in rows:
            writer.writerow(["" if t is None else t.value for t in row])
    else:
        buf.write("\t".join(f"?{n}" for n in names) + "\n")
        for row in rows:
            buf.write("\t".join("" if t is None else str(t) for t in row) + "\n")
    return buf.getvalue().encode()
