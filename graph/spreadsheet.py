"""CSV cells that a spreadsheet shows as text, never runs as a formula.

A label such as ``=HYPERLINK("http://…","click")`` written verbatim into a CSV
becomes a live formula when the file is opened in a spreadsheet. As OWASP's
"CSV Injection" page recommends, a text cell that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return gets a leading apostrophe, which
spreadsheets take as "this is text" and do not display. Numbers are numbers and
stay as they are (a longitude of ``-3.7`` is not a formula).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["FORMULA_STARTS", "safe_cell", "safe_row"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""The first characters that make a spreadsheet read a cell as a formula."""


def safe_cell(value: Any) -> Any:
    """``value`` with a leading apostrophe when it is text that a spreadsheet would run as a formula.

    Parameters
    ----------
    value : Any
        A cell value. Only ``str`` values can be changed.

    Returns
    -------
    Any
        The value as it was, or the string with ``'`` in front.

    Examples
    --------
    >>> safe_cell('=HYPERLINK("http://example.org","x")')
    '\\'=HYPERLINK("http://example.org","x")'
    >>> safe_cell("@SUM(A1)"), safe_cell("Qazvin"), safe_cell(-3.7), safe_cell("")
    ("'@SUM(A1)", 'Qazvin', -3.7, '')
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: Mapping[str, Any] | Iterable[Any]) -> Any:
    """A CSV row (a mapping or a sequence) with every cell passed through :func:`safe_cell`.

    Parameters
    ----------
    row : Mapping or Iterable
        A row for ``csv.DictWriter`` (a mapping) or ``csv.writer`` (a sequence).

    Returns
    -------
    dict or list
        The same kind of row, neutralised.

    Examples
    --------
    >>> safe_row({"label": "+1 city", "lat": 36.3})
    {'label': "'+1 city", 'lat': 36.3}
    >>> safe_row(["-x", 2])
    ["'-x", 2]
    """
    if isinstance(row, Mapping):
        return {key: safe_cell(value) for key, value in row.items()}
    return [safe_cell(value) for value in row]
