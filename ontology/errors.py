"""Exceptions of the :mod:`ontology` package.

Every error this package raises is an :class:`OntologyError`; errors of the
libraries underneath (rdflib's parsers, pyshacl) are translated at the boundary
with ``raise ... from exc``, so callers catch one tree::

    OntologyError                 root of the ontology package
    ├── VocabularyError           the ontology (citykg.ttl) cannot be read, or disagrees with vocab.py
    ├── ShapesError               the shapes (shapes.ttl) cannot be read, or the validator fails
    └── RecordError               a bad input record; names the file, line and field

Examples
--------
>>> err = RecordError("not a date", file="seeds.yaml", line=12, field="start")
>>> str(err)
'seeds.yaml:12: start: not a date'
>>> isinstance(err, OntologyError)
True
"""

from __future__ import annotations

__all__ = ["OntologyError", "RecordError", "ShapesError", "VocabularyError"]


class OntologyError(Exception):
    """Root of the ontology package's exceptions."""


class VocabularyError(OntologyError):
    """The ontology Turtle cannot be read, or it disagrees with :mod:`ontology.vocab`."""


class ShapesError(OntologyError):
    """The SHACL shapes cannot be read, or validation itself fails (not: the data is invalid)."""


class RecordError(OntologyError):
    """A bad input record, located by file, line and field where known.

    Parameters
    ----------
    message : str
        What is wrong, in words a person can act on.
    file : str, optional
        The file the record was read from.
    line : int, optional
        The 1-based line of the record (or of the field) in ``file``.
    field : str, optional
        The record field at fault, such as ``"start"`` or ``"parties[1]"``.

    Examples
    --------
    >>> RecordError("unknown id 'qazvn'", field="parties[1]").field
    'parties[1]'
    >>> str(RecordError("missing id", file="partners.csv"))
    'partners.csv: missing id'
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.field = field
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = self.file if self.line is None else f"{self.file}:{self.line}"
        elif self.line is not None:
            where = f"line {self.line}"
        parts = [p for p in (where, self.field) if p]
        return ": ".join([*parts, self.message])

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only arguments do not survive the default pickling of exceptions.
        return (_rebuild_record_error, (self.message, self.file, self.line, self.field))


def _rebuild_record_error(message: str, file: str | None, line: int | None, field: str | None) -> RecordError:
    return RecordError(message, file=file, line=line, field=field)
