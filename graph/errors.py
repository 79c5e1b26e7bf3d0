"""Errors raised by the stores and the graph questions.

The tree::

    GraphError                     root of this package
    ├── StoreError                 the store could not do what was asked
    │   ├── StoreUnavailable       the store cannot be reached (Neo4j down, store locked)
    │   ├── LoadFailed             a load was refused; nothing was written
    │   └── NotSupported           this store does not offer that (SPARQL on Neo4j, say)
    ├── NotFound                   an entity or network is not in the store
    ├── AmbiguousName              a name matches several entities
    ├── QueryError                 a SPARQL or graph query is malformed or not allowed
    └── InvalidArgument            a value is outside its allowed range or set

Foreign errors (pyoxigraph's ``OSError``/``SyntaxError``, the Neo4j driver's
``ServiceUnavailable``) are translated at the store boundary with
``raise ... from exc``.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "AmbiguousName",
    "GraphError",
    "InvalidArgument",
    "LoadFailed",
    "NotFound",
    "NotSupported",
    "QueryError",
    "StoreError",
    "StoreUnavailable",
]


class GraphError(Exception):
    """Root of the errors of the stores and graph questions."""


class StoreError(GraphError):
    """The store could not do what was asked."""


class StoreUnavailable(StoreError):
    """The store cannot be reached or opened."""


class LoadFailed(StoreError):
    """A load was refused or failed; the store is as it was."""


class NotSupported(StoreError):
    """The store in use does not offer this (RDF, SPARQL, SHACL and review need the embedded store)."""


class NotFound(GraphError):
    """An entity, network or fact is not in the store.

    ``suggestions`` holds the closest names, best first.
    """

    def __init__(self, message: str, *, suggestions: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.suggestions = list(suggestions)


class AmbiguousName(GraphError):
    """A name matches several entities; ``candidates`` lists (id, label, type)."""

    def __init__(self, message: str, *, candidates: Sequence[tuple[str, str, str]]) -> None:
        super().__init__(message)
        self.candidates = list(candidates)


class QueryError(GraphError):
    """A query is malformed, not allowed (an update, a SERVICE call) or timed out."""


class InvalidArgument(GraphError):
    """A value is outside its allowed range or set."""
