"""Reading delimited text (CSV, TSV, ';'-separated) with errors that name file, line and column.

Every tabular loader reads through :func:`read_table`, which checks what
goes wrong with real spreadsheets before a single row is used: the file is
empty, is not UTF-8 (or the encoding asked for), uses another delimiter than
expected, lacks a required column or names one twice. Rows come back with
the line they start on, so a bad value is reported as ``file:line: field``.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from loaders.errors import ParseError, RecordInvalid, UnreadableFile

__all__ = [
    "NULLS",
    "Row",
    "RowStream",
    "Table",
    "number",
    "open_text",
    "read_table",
    "stream_table",
    "wkt_point",
]

NULLS = frozenset({"", "NA", "N/A", "NaN", "nan", "null", "NULL", "None"})
"""Cell values that mean 'no value' in the sources at hand (R writes ``NA``)."""

_CANDIDATE_DELIMITERS = (",", ";", "\t", "|")
_WKT = re.compile(r"^\s*Point\s*\(\s*([-+0-9.eE]+)\s+([-+0-9.eE]+)\s*\)\s*$", re.IGNORECASE)


def open_text(path: Path, *, encoding: str = "utf-8") -> str:
    """The whole text of ``path`` (gunzipped when it ends in ``.gz``), or an error naming the bad byte's line."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise UnreadableFile(f"{path}: no such file") from exc
    except OSError as exc:
        raise UnreadableFile(f"{path}: {exc.strerror}") from exc
    if path.suffix == ".gz":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as exc:
            raise UnreadableFile(f"{path}: not a gzip file ({exc})") from exc
    try:
        return raw.decode("utf-8-sig" if encoding.lower().replace("_", "-") == "utf-8" else encoding)
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ParseError(
            f"not {encoding} text: byte {raw[exc.start]:#04x} cannot be decoded ({exc.reason}); "
            "re-save the file as UTF-8",
            file=path,
            line=line,
            column=column,
        ) from exc


@dataclass(frozen=True, slots=True)
class Row:
    """One data row: its 1-based starting line and its cells by column name."""

    line: int
    cells: dict[str, str]

    def get(self, column: str) -> str | None:
        """The cell, stripped, or None when empty or a null marker such as ``NA``."""
        value = self.cells.get(column)
        if value is None:
            return None
        value = value.strip()
        return None if value in NULLS else value


@dataclass(slots=True)
class Table:
    """A parsed delimited file: its path, header and rows."""

    path: Path
    header: list[str]
    rows: list[Row] | RowStream

    def column(self, name: str) -> int:
        """The 1-based position of column ``name`` (for error messages)."""
        return self.header.index(name) + 1


def read_table(
    path: Path,
    *,
    delimiter: str,
    required: Sequence[str] = (),
    encoding: str = "utf-8",
    allow_duplicate_columns: bool = False,
    quoting: Literal[0, 1, 2, 3] = csv.QUOTE_MINIMAL,
) -> Table:
    """Parse ``path`` as delimited text and check its header.

    ``quoting=csv.QUOTE_NONE`` keeps quotes as they are (SPARQL TSV writes ``"Graz"@de``).

    Raises
    ------
    ParseError
        Empty file, broken encoding, wrong delimiter, duplicated column, or a row
        with more cells than the header.
    RecordInvalid
        A required column is missing.
    """
    text = open_text(path, encoding=encoding)
    if not text.strip():
        raise ParseError("the file is empty (expected a header line and rows)", file=path, line=1)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quoting=quoting)
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error as exc:
        raise ParseError(f"malformed header: {exc}", file=path, line=1) from exc
    _check_header(path, header, delimiter, required, allow_duplicate_columns)
    rows = list(_rows(path, reader, header, delimiter))
    return Table(path, header, rows)


class RowStream:
    """The rows of a checked file, read from disk again on each walk: the file's rows are never all in memory.

    ``len()`` is the number of rows counted when the file was checked (:func:`stream_table`);
    ``transform`` is applied to each row as it is read.
    """

    def __init__(
        self,
        path: Path,
        count: int,
        *,
        delimiter: str,
        encoding: str,
        quoting: Literal[0, 1, 2, 3],
        transform: Callable[[Row], Row] | None = None,
    ) -> None:
        self.path = path
        self.count = count
        self._delimiter = delimiter
        self._encoding = encoding
        self._quoting = quoting
        self.transform = transform

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[Row]:
        with _open_stream(self.path, self._encoding) as text:
            reader = csv.reader(text, delimiter=self._delimiter, quoting=self._quoting)
            header = [h.strip() for h in next(reader)]
            for row in _rows(self.path, reader, header, self._delimiter):
                yield row if self.transform is None else self.transform(row)


def _open_stream(path: Path, encoding: str) -> io.TextIOWrapper:
    # the wrapper owns the binary file: closing it (the callers' `with`) closes both
    raw: Any = gzip.open(path, "rb") if path.suffix == ".gz" else path.open("rb")  # noqa: SIM115
    enc = "utf-8-sig" if encoding.lower().replace("_", "-") == "utf-8" else encoding
    return io.TextIOWrapper(raw, encoding=enc, newline="")


def _rows(path: Path, reader: Iterable[list[str]], header: list[str], delimiter: str) -> Iterator[Row]:
    """The data rows after the header, each with its starting line; a row wider than the header is an error."""
    start = getattr(reader, "line_num", 1) + 1
    try:
        for cells in reader:
            if not cells or all(not c.strip() for c in cells):
                start = getattr(reader, "line_num", 0) + 1
                continue
            if len(cells) > len(header):
                raise ParseError(
                    f"{len(cells)} cells but the header has {len(header)} columns "
                    f"(a stray {delimiter!r} or an unquoted value?)",
                    file=path,
                    line=start,
                    column=len(header) + 1,
                )
            yield Row(start, dict(zip(header, cells, strict=False)))
            start = getattr(reader, "line_num", 0) + 1
    except csv.Error as exc:
        raise ParseError(f"malformed row: {exc}", file=path, line=start) from exc


def stream_table(
    path: Path,
    *,
    delimiter: str,
    required: Sequence[str] = (),
    encoding: str = "utf-8",
    quoting: Literal[0, 1, 2, 3] = csv.QUOTE_MINIMAL,
) -> Table:
    """:func:`read_table` for big files: the same checks and errors, in a first pass that keeps no row.

    The table's ``rows`` is a :class:`RowStream` that reads the file again, a row at a time, on each walk,
    so a reader's memory does not grow with the file.
    """
    try:
        with _open_stream(path, encoding) as text:
            reader = csv.reader(text, delimiter=delimiter, quoting=quoting)
            try:
                first = next(reader, None)
            except csv.Error as exc:
                raise ParseError(f"malformed header: {exc}", file=path, line=1) from exc
            if first is None or (not any(c.strip() for c in first) and next(reader, None) is None):
                raise ParseError("the file is empty (expected a header line and rows)", file=path, line=1)
            header = [h.strip() for h in first]
            _check_header(path, header, delimiter, required, False)
            count = sum(1 for _ in _rows(path, reader, header, delimiter))
    except FileNotFoundError as exc:
        raise UnreadableFile(f"{path}: no such file") from exc
    except (UnicodeDecodeError, EOFError, gzip.BadGzipFile):
        open_text(path, encoding=encoding)  # raises the error that names the bad byte's line
        raise
    except OSError as exc:
        raise UnreadableFile(f"{path}: {exc.strerror or exc}") from exc
    return Table(
        path, header, RowStream(path, count, delimiter=delimiter, encoding=encoding, quoting=quoting)
    )


def _check_header(
    path: Path, header: list[str], delimiter: str, required: Sequence[str], allow_duplicates: bool
) -> None:
    if len(header) == 1:
        found = [d for d in _CANDIDATE_DELIMITERS if d != delimiter and d in header[0]]
        if found:
            raise ParseError(
                f"the header has one column; the file seems delimited by {found[0]!r}, "
                f"expected {delimiter!r}",
                file=path,
                line=1,
                column=1,
            )
    seen: dict[str, int] = {}
    for i, name in enumerate(header, start=1):
        if name in seen and name and not allow_duplicates:
            raise ParseError(
                f"column {name!r} appears twice (columns {seen[name]} and {i})", file=path, line=1, column=i
            )
        seen.setdefault(name, i)
    missing = [name for name in required if name not in seen]
    if missing:
        raise RecordInvalid(
            f"missing column(s) {', '.join(map(repr, missing))}; the header has {', '.join(map(repr, header))}",
            file=path,
            line=1,
            field=missing[0],
        )


def number(row: Row, column: str, table: Table, *, decimal_comma: bool = False) -> float | None:
    """The cell as a float; with ``decimal_comma`` "3,41" means 3.41. A bad value names line and column."""
    value = row.get(column)
    if value is None:
        return None
    text = value.replace(",", ".") if decimal_comma else value
    try:
        return float(text)
    except ValueError as exc:
        hint = " (a decimal comma? this format expects a point)" if "," in value and not decimal_comma else ""
        raise RecordInvalid(
            f"{value!r} is not a number{hint}",
            file=table.path,
            line=row.line,
            column=table.column(column),
            field=column,
        ) from exc


def wkt_point(row: Row, column: str, table: Table) -> tuple[float, float] | None:
    """``Point(lon lat)`` as (lat, lon); a point that does not parse names line and column."""
    value = row.get(column)
    if value is None:
        return None
    found = _WKT.match(value)
    if found is None:
        raise RecordInvalid(
            f"{value!r} is not a WKT point 'Point(lon lat)'",
            file=table.path,
            line=row.line,
            column=table.column(column),
            field=column,
        )
    lon, lat = float(found.group(1)), float(found.group(2))
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise RecordInvalid(
            f"{value!r} lies outside the globe (longitude first, then latitude)",
            file=table.path,
            line=row.line,
            column=table.column(column),
            field=column,
        )
    return lat, lon


def iter_rows(table: Table) -> Iterator[Row]:
    """The rows of ``table`` (a seam for progress reporting)."""
    return iter(table.rows)
