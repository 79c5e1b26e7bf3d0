"""Typed values of RDF files are checked where they enter: a bad date, coordinate or number names file:line:column."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.embedded_store import EmbeddedStore
from service.cli import app

SEEDS = Path(__file__).resolve().parents[2] / "loaders" / "data" / "seeds.yaml"
HEAD = (
    "@prefix ckg: <https://w3id.org/citykg/ontology#> .\n"
    "@prefix id: <https://w3id.org/citykg/id/> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
    "@prefix wgs: <http://www.w3.org/2003/01/geo/wgs84_pos#> .\n"
)
GOOD = 'id:tw-qi a ckg:TwinningAgreement ; ckg:party id:qazvin, id:isfahan ; ckg:signingDate "2019-05-05"^^xsd:date .\n'


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("rdf-values") / "home"
    loaded = CliRunner().invoke(app, ["--home", str(home), "load", str(SEEDS)])
    assert loaded.exit_code == 0, loaded.output
    return home


def _snapshot(home: Path) -> set[str]:
    store = EmbeddedStore(home / "store")
    try:
        return {str(q) for q in store.quads()}
    finally:
        store.close()


@pytest.mark.parametrize(
    ("body", "where", "field", "reason"),
    [
        (
            'id:tw-x a ckg:TwinningAgreement ; ckg:party id:qazvin, id:isfahan ;\n  ckg:signingDate "2019-13-45"^^xsd:date .\n',
            "7:20",
            "signingDate",
            "month must be in 1..12",
        ),
        # Qazvin exists already: its latitude is still checked.
        ('id:qazvin wgs:lat "123.0"^^xsd:decimal .\n', "5:20", "lat", "latitude 123.0 lies outside"),
        ("id:qazvin wgs:long 190.5 .\n", "5:20", "long", "longitude 190.5 lies outside"),
        ('id:qazvin ckg:population "-5"^^xsd:integer .\n', "5:27", "population", "population -5 is negative"),
        (
            'id:qazvin ckg:population "many"^^xsd:integer .\n',
            "5:27",
            "population",
            "'many' is not an xsd:integer",
        ),
        ('id:tw-x ckg:startDate "1997-02"^^xsd:gYear .\n', "5:24", "startDate", "is not an xsd:gYear"),
    ],
)
def test_bad_value_is_exit_4_with_file_line_column_and_nothing_written(
    home: Path, tmp_path: Path, body: str, where: str, field: str, reason: str
) -> None:
    before = _snapshot(home)
    bad = tmp_path / "partner.ttl"
    bad.write_text(
        HEAD + GOOD.replace("tw-qi", "tw-ok") + body if "\n  " in body else HEAD + body, encoding="utf-8"
    )
    result = CliRunner().invoke(app, ["--home", str(home), "load", str(bad)])
    message = " ".join(result.output.split())
    assert result.exit_code == 4, message
    assert f"partner.ttl:{where}: field '{field}'" in message, message
    assert reason in message, message
    assert "Traceback" not in message
    assert _snapshot(home) == before


def test_skip_sets_the_value_aside_with_its_reason(home: Path, tmp_path: Path) -> None:
    before = _snapshot(home)
    src = tmp_path / "mixed.ttl"
    src.write_text(HEAD + GOOD + 'id:qazvin wgs:lat "123.0"^^xsd:decimal .\n', encoding="utf-8")
    rejected = tmp_path / "rejected.csv"
    result = CliRunner().invoke(
        app, ["--home", str(home), "load", "--on-error", "skip", "--rejected", str(rejected), str(src)]
    )
    assert result.exit_code == 0, result.output
    text = rejected.read_text(encoding="utf-8")
    assert "latitude 123.0 lies outside [-90.0, 90.0]" in text
    assert (
        json.dumps({"subject": "https://w3id.org/citykg/id/qazvin", "lat": "123.0"}).replace('"', '""')
        in text
    )
    after = _snapshot(home)
    added = after - before
    assert any("tw-qi" in q and "2019-05-05" in q for q in added)
    assert not any("123.0" in q for q in after)
