"""Errors raised while reading sources.

The tree::

    LoaderError                 root of this package
    ├── UnknownFormat           no loader for the format asked or detected
    ├── UnreadableFile          the file is missing, unreadable or not text
    ├── SourceUnreachable       a remote source (the Wikidata Query Service) cannot be reached or keeps failing
    └── SourceError             the content is wrong at a place: file, line, column, field
        ├── ParseError          the syntax is broken (YAML, Turtle, CSV)
        └── RecordInvalid       a record breaks the model (a missing field, a bad date, a dangling id)

Every error's ``str()`` is one line that names the file and, where known, the
line and the field, so the CLI can print it as it is.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "LoaderError",
    "ParseError",
    "RecordInvalid",
    "SourceError",
    "SourceUnreachable",
    "UnknownFormat",
    "UnreadableFile",
]


class LoaderError(Exception):
    """Root of the errors raised while reading sources."""


class UnknownFormat(LoaderError):
    """No loader exists for the format asked for or detected."""


class UnreadableFile(LoaderError):
    """The file is missing, unreadable or not text in the expected encoding."""


class SourceUnreachable(LoaderError):
    """A remote source cannot be reached (offline, refused) or failed every retry."""


class SourceError(LoaderError):
    """The content of a source is wrong at a known place."""

    def __init__(
        self,
        message: str,
        *,
        file: str | Path,
        line: int | None = None,
        column: int | None = None,
        field: str | None = None,
    ) -> None:
        self.file = str(file)
        self.line = line
        self.column = column
        self.field = field
        self.reason = message
        where = self.file
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        if field:
            where += f": field {field!r}"
        super().__init__(f"{where}: {message}")


class ParseError(SourceError):
    """The syntax of the source is broken."""


class RecordInvalid(SourceError):
    """A record breaks the model."""
