"""Entity resolution on real rows: namesakes stay apart, far mentions are not merged, names match in any form."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from graph.embedded_store import EmbeddedStore
from graph.lookup import resolve
from loaders import bundled_paths, read_sources
from loaders.assembly import ReadContext
from loaders.errors import SourceError
from loaders.pipeline import load_paths
from loaders.resolution import NAMESAKE_KM, Resolver

ETMUN = "etmun-urbact-memberships/etmun_memberships_geocoded.csv"
TWINS_HEADER = "city1,country1,lat1,lng1,city2,country2,lat2,lng2\n"


WIKIPEDIA = "wikipedia-twin-cities-hekman/twin_cities_geocoded.csv"


def _real_rows(shared_data: Path, rel: str, keep: Callable[[str], bool], tmp_path: Path) -> Path:
    """The real rows of one file that ``keep`` accepts (header kept), as a file of their own."""
    lines = (shared_data / rel).read_text(encoding="utf-8").splitlines()
    path = tmp_path / Path(rel).name
    path.write_text(
        "\n".join([lines[0], *(line for line in lines[1:] if keep(line))]) + "\n", encoding="utf-8"
    )
    return path


@pytest.mark.parametrize(
    ("name", "country"),
    [("Bischofsheim", "DE"), ("Beilstein", "DE"), ("Vernouillet", "FR")],
)
def test_namesakes_far_apart_stay_two_entities(
    shared_data: Path, tmp_path: Path, name: str, country: str
) -> None:
    # The Wikipedia list places the name at one town, the ETMUN table at another of the same country
    # (Bischofsheim in der Rhön / in Hesse, Beilstein in Württemberg / on the Moselle, Vernouillet in
    # Eure-et-Loir / in Yvelines): two places, two ids, and the report says why.
    twins = _real_rows(shared_data, WIKIPEDIA, lambda line: f",{name}," in line, tmp_path)
    etmun = _real_rows(shared_data, ETMUN, lambda line: line.startswith(f'"{name}";'), tmp_path)
    ctx = ReadContext()
    read_sources([twins, etmun], ctx=ctx)
    rows = [r for r in ctx.report.rows if r["name"] == name]
    points = {r["dataset"]: r for r in rows}
    assert set(points) == {"twin-cities-geocoded", "etmun"}, points
    ids = {r["id"] for r in rows}
    assert len(ids) == 2, ids
    assert all(i.startswith(f"x-{country.lower()}-") for i in ids)
    why = [r["how"] for r in rows if "namesake" in r["how"]]
    assert why, rows
    km = float(why[0].split(" km away")[0].rsplit(", ", 1)[1])
    assert km > NAMESAKE_KM


def test_a_far_mention_is_not_merged_into_a_known_entity(tmp_path: Path) -> None:
    # Marburg (Hesse, Q3869) is known with its coordinates; a "Marburg" in Germany 120 km away is not it.
    store = EmbeddedStore()
    load_paths(store, [*bundled_paths(world=False), bundled_paths()[1]])
    near = tmp_path / "near.csv"
    near.write_text(
        TWINS_HEADER + "Marburg,Germany,50.81,8.77,Poitiers,France,46.58,0.34\n", encoding="utf-8"
    )
    far = tmp_path / "far.csv"
    far.write_text(
        TWINS_HEADER + "Marburg,Germany,50.10,10.20,Poitiers,France,46.58,0.34\n", encoding="utf-8"
    )
    ctx = ReadContext()
    load_paths(store, [near], ctx=ctx)
    assert ctx.report.rows[0]["id"] == "wd-Q3869"
    ctx = ReadContext()
    load_paths(store, [far], ctx=ctx)
    assert ctx.report.rows[0]["id"] not in {"wd-Q3869", ""}
    assert store.entity(ctx.report.rows[0]["id"]).identifiers.get("wikidata") is None


def test_zero_width_and_decomposed_names_match_and_keep_their_form(tmp_path: Path) -> None:
    store = EmbeddedStore()
    load_paths(store, bundled_paths(world=False))
    path = tmp_path / "twins.csv"
    # "Qaz<ZWSP>vin" and a decomposed "Pe\u0301tange" (e + combining acute) are Qazvin and Pétange.
    path.write_text(
        TWINS_HEADER + "Qaz\u200bvin,Iran,36.27,50.00,Pe\u0301tange,Luxembourg,49.56,5.88\n", encoding="utf-8"
    )
    ctx = ReadContext()
    load_paths(store, [path], ctx=ctx)
    assert ctx.report.rows[0]["id"] == "qazvin"
    assert resolve(store, "Qaz\u200bvin").id == "qazvin"
    assert resolve(store, "Qazvin").id == "qazvin"  # one entity, not ambiguous
    petange = ctx.report.rows[1]["id"]
    assert resolve(store, "Pétange").id == petange
    # The original form is kept for display.
    rows = store.sparql(
        "SELECT ?l WHERE { <https://w3id.org/citykg/id/qazvin> <http://www.w3.org/2004/02/skos/core#altLabel> ?l }"
    )
    assert "Qaz\u200bvin" in {row["l"].value for row in rows}


def test_an_unknown_place_is_a_local_entity(tmp_path: Path) -> None:
    path = tmp_path / "twins.csv"
    path.write_text(
        TWINS_HEADER + "Zzyzxville,France,45.1,3.1,Qwertyburg,Germany,51.2,9.9\n", encoding="utf-8"
    )
    store = EmbeddedStore()
    ctx = ReadContext(resolver=Resolver(store))
    load_paths(store, [path], ctx=ctx)
    assert [r["id"] for r in ctx.report.rows] == ["x-fr-zzyzxville", "x-de-qwertyburg"]
    assert store.exists("x-fr-zzyzxville")


@pytest.mark.parametrize(
    ("name", "text", "field"),
    [
        (
            "cities.en.csv",
            "item,itemLabel,country_iso2,lat,lon\nhttp://www.wikidata.org/entity/Q12x,Paris,FR,48.85,2.35\n",
            "item",
        ),
        (
            "cities.en.csv",
            "item,itemLabel,country_iso2,lat,lon\nhttp://www.wikidata.org/entity/Q90,Paris,FR,148.85,2.35\n",
            "lat",
        ),
        ("twins.csv", TWINS_HEADER + "Paris,France,48.85,2.35,Rome,Italy,41.9,north\n", "lng2"),
        ("twins.csv", TWINS_HEADER + "Paris,France,48.85,2.35,Rome,Italy,141.9,12.5\n", "lat"),
    ],
)
def test_malformed_identifier_or_coordinate_is_a_file_line_error(
    tmp_path: Path, name: str, text: str, field: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    store = EmbeddedStore()
    with pytest.raises(SourceError) as err:
        load_paths(store, [path])
    assert err.value.line == 2
    assert field in (err.value.field or "")
    assert f"{path}:2" in str(err.value)
    assert not any(store.counts().values())
