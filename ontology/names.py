"""Normalising names for lookup across scripts and languages.

One normal form serves every lookup: case folded, diacritics removed, Arabic
letter variants mapped to their Persian forms (ي→ی, ك→ک, ة→ه, أ/إ/آ→ا), the
zero-width non-joiner and other format characters dropped, Persian and Arabic
digits made ASCII, punctuation and runs of space collapsed to one space.

Examples
--------
>>> normalise("Pétange") == normalise("petange")
True
>>> normalise("كرمانشاه") == normalise("کرمانشاه")
True
>>> normalise("شهرداری\u200cها") == normalise("شهرداریها")
True
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalise", "script_of"]

_ARABIC_TO_PERSIAN = str.maketrans(
    {
        "ي": "ی",
        "ى": "ی",
        "ك": "ک",
        "ة": "ه",
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ؤ": "و",
        "ۀ": "ه",
        "ـ": None,  # tatweel
        **{chr(0x06F0 + i): str(i) for i in range(10)},
        **{chr(0x0660 + i): str(i) for i in range(10)},
    }
)
_SPACE = re.compile(r"[\s\-‐-―_.,;:/'’`\"()\[\]]+")


def normalise(name: str) -> str:
    """Return the lookup form of ``name``.

    Parameters
    ----------
    name : str
        A name in any script.

    Returns
    -------
    str
        The normal form; two spellings of one name give the same string.

    Examples
    --------
    >>> normalise("  Saint-Petersburg ")
    'saint petersburg'
    >>> normalise("Xi'an")
    'xi an'
    """
    text = unicodedata.normalize("NFKD", name.translate(_ARABIC_TO_PERSIAN))
    # Drop combining marks (diacritics, Arabic harakat) and format characters (ZWNJ, ZWJ, marks).
    kept = "".join(ch for ch in text if unicodedata.category(ch) not in {"Mn", "Cf"})
    kept = unicodedata.normalize("NFC", kept).casefold()
    return _SPACE.sub(" ", kept).strip()


def script_of(text: str) -> str:
    """The dominant script of ``text``: arabic, latin, cyrillic, hangul or other.

    Examples
    --------
    >>> script_of("قزوین")
    'arabic'
    >>> script_of("Maribor")
    'latin'
    """
    counts: dict[str, int] = {}
    for ch in text:
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        script = next(
            (s.lower() for s in ("ARABIC", "LATIN", "CYRILLIC", "HANGUL") if name.startswith(s)), "other"
        )
        counts[script] = counts.get(script, 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else "other"
