"""Garbage in is refused: places that cannot be places, countries that are not countries, bad dates,
coordinates and numbers, at the row where they enter, with file, line and column."""

from __future__ import annotations

import csv
import hashlib
import random
import string
import uuid
from pathlib import Path

import pytest
from typer.testing import CliRunner

from loaders.resolution import country_code
from loaders.row_checks import OTHER_SPELLINGS, is_country_code, place_problem

# The columns the checks guard, per shared-data file: (file, delimiter, place columns, country columns).
CHECKED = [
    (
        "wikipedia-twin-cities-hekman/twin_cities_geocoded.csv",
        ",",
        ("city1", "city2"),
        ("country1", "country2"),
    ),
    ("wikipedia-twin-cities-hekman/twin_cities_raw.csv", ",", ("city1", "city2"), ("country1", "country2")),
    ("etmun-urbact-memberships/urbact_memberships.csv", ";", ("NameCity",), ("Country",)),
    ("etmun-urbact-memberships/etmun_memberships_geocoded.csv", ";", (), ("CountryCode",)),
    (
        "eurocities-gpm-members/gpm_declaration_for_democracy_signatures.csv",
        ",",
        ("city_name",),
        ("country",),
    ),
]
NULLS = {"", "NA"}


def _is_country(text: str) -> bool:
    code = country_code(text)
    return text.strip().casefold() in OTHER_SPELLINGS or (code is not None and is_country_code(code))


def test_every_place_and_country_of_the_shared_data_passes(shared_data: Path) -> None:
    seen = 0
    for name, delimiter, places, countries in CHECKED:
        with (shared_data / name).open(encoding="utf-8", newline="") as fh:
            for line, row in enumerate(csv.DictReader(fh, delimiter=delimiter), start=2):
                for column in places:
                    value = (row[column] or "").strip()
                    if value not in NULLS:
                        seen += 1
                        assert place_problem(value) is None, (name, line, column, value)
                for column in countries:
                    value = (row[column] or "").strip()
                    if value not in NULLS:
                        assert _is_country(value), (name, line, column, value)
    assert seen > 100_000


def _garbage(rng: random.Random) -> str:
    """A string no place is named: symbols and digits among letters, a hash, a UUID, or digits alone."""
    kind = rng.randrange(5)
    if kind == 0:
        return hashlib.sha1(str(rng.random()).encode()).hexdigest()[: rng.randrange(8, 41)]
    if kind == 1:
        return str(uuid.UUID(int=rng.getrandbits(128)))
    if kind == 2:
        return "".join(rng.choices(string.digits + " -.", k=rng.randrange(3, 10))).strip() or "0"
    body = rng.choices(string.ascii_letters, k=rng.randrange(4, 12))
    extra = string.digits if kind == 3 else "#!@$%^*+=?<>{}[]|~"
    for _ in range(rng.randrange(1, 4)):
        body.insert(rng.randrange(len(body) + 1), rng.choice(extra))
    return "".join(body)


def _not_a_country(rng: random.Random) -> str:
    """Random letters, digits and symbols (or a garbage string) where a country should be."""
    if rng.random() < 0.5:
        return _garbage(rng)
    return "".join(rng.choices(string.ascii_letters + string.digits + "#!?", k=rng.randrange(5, 14)))


def _random_twin_list(path: Path, shared_data: Path) -> int:
    """1,000 random rows: garbage everywhere, garbage places in real countries, real places in non-countries."""
    rng = random.Random(18)
    with (shared_data / CHECKED[1][0]).open(encoding="utf-8", newline="") as fh:
        real = list(csv.DictReader(fh))
    rows = []
    for i in range(1000):
        model = rng.choice(real)
        if i < 400:
            row = [_garbage(rng), _not_a_country(rng), _garbage(rng), _not_a_country(rng)]
        elif i < 700:
            row = [_garbage(rng), model["country1"], _garbage(rng), model["country2"]]
        else:
            row = [model["city1"], _not_a_country(rng), model["city2"], _not_a_country(rng)]
        rows.append(row)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["city1", "country1", "city2", "country2"])
        writer.writerows(rows)
    return len(rows)


def _cli(*args: str) -> object:
    from service.cli import app

    return CliRunner().invoke(app, list(args))


def _cities(home: Path) -> int:
    from graph.embedded_store import EmbeddedStore

    if not (home / "store").exists():
        return 0
    store = EmbeddedStore(home / "store")
    try:
        return store.counts().get("City", 0)
    finally:
        store.close()


@pytest.mark.slow
def test_a_thousand_random_rows_in_a_twin_list_are_refused(tmp_path: Path, shared_data: Path) -> None:
    path = tmp_path / "twin_cities_random.csv"
    n = _random_twin_list(path, shared_data)
    home = tmp_path / "home"
    rejected = tmp_path / "rejected.csv"
    skip = _cli("--home", str(home), "load", str(path), "--on-error", "skip", "--rejected", str(rejected))
    assert skip.exit_code == 0, skip.output  # type: ignore[attr-defined]
    with rejected.open(encoding="utf-8", newline="") as fh:
        lines = list(csv.DictReader(fh))
    assert len(lines) == n
    reasons = [r["reason"] for r in lines]
    assert all("cannot be a place name" in r or "is not a country" in r for r in reasons), reasons[:5]
    assert sum("cannot be a place name" in r for r in reasons[400:700]) == 300  # places in real countries
    assert sum("is not a country" in r for r in reasons[700:]) == 300  # real places in non-countries
    assert _cities(home) == 0

    fail = _cli("--home", str(tmp_path / "home2"), "load", str(path))
    assert fail.exit_code == 4, fail.output  # type: ignore[attr-defined]
    message = " ".join(fail.output.split())  # type: ignore[attr-defined]
    assert f"{path.name}:2:1: field 'city1'" in message, message
    assert _cities(tmp_path / "home2") == 0


def test_place_rule_examples() -> None:
    for good in [
        "Ústí nad Labem",
        "Berlin – Mitte",
        "Vienna 1 – Innere Stadt",
        "Trois\xadRivieres",
        "Krk",
        "Paris 16e",
    ]:
        assert place_problem(good) is None, good
    for bad in ["xK9#qzv!", "d41d8cd98f00b204e9800998ecf8427e", "1234", "qZvXkB", "---"]:
        assert place_problem(bad) is not None, bad


PARTNER = "record,id,name,country,wikidata,lat,lon,population,type,parties,signed\n"


def test_partner_csv_bad_values_exit_4_and_the_store_is_unchanged(tmp_path: Path) -> None:
    home = tmp_path / "home"
    good = tmp_path / "partners.csv"
    good.write_text(
        PARTNER
        + "city,maribor,Maribor,SI,Q1010,46.55,15.65,95171,,,\n"
        + "city,graz,Graz,AT,Q13298,47.07,15.44,291072,,,\n"
        + "agreement,,,,,,,,TwinningAgreement,maribor|graz,1965\n",
        encoding="utf-8",
    )
    first = _cli("--home", str(home), "load", str(good))
    assert first.exit_code == 0, first.output  # type: ignore[attr-defined]
    from graph.embedded_store import EmbeddedStore

    def snapshot() -> set[str]:
        store = EmbeddedStore(home / "store")
        try:  # every quad of the store, as text
            return {str(q) for q in store._ox.quads_for_pattern(None, None, None, None)}
        finally:
            store.close()

    before = snapshot()
    assert len(before) > 20
    cases = {
        "agreement,,,,,,,,TwinningAgreement,maribor|graz,2019-13-45\n": (2, 11, "signed"),
        # The city exists already (same Wikidata id): its latitude is still checked.
        "city,mb,Maribor,SI,Q1010,146.55,15.65,,,,\n": (2, 6, "lat"),
        "city,mb,Maribor,SI,Q1010,46.55,15.65,many,,,\n": (2, 8, "population"),
        "city,mb,Maribor,SI,Q1010,46.55,15.65,-5,,,\n": (2, 8, "population"),
    }
    for body, (line, column, field) in cases.items():
        bad = tmp_path / "partners-bad.csv"
        bad.write_text(PARTNER + body, encoding="utf-8")
        result = _cli("--home", str(home), "load", str(bad))
        message = " ".join(result.output.split())  # type: ignore[attr-defined]
        assert result.exit_code == 4, message  # type: ignore[attr-defined]
        assert f"partners-bad.csv:{line}:{column}: field '{field}'" in message, message
        assert "Traceback" not in message
        assert snapshot() == before
