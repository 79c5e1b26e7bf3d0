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


def test_a_city_is_preferred_to_its_same_named_district() -> None:
    # The bundled labels name a city and an administrative unit alike: Rastatt (town, Q6874) and the
    # Landkreis Rastatt (Q8182, labelled "Rastatt" too), Taoyuan City and Taoyuan District, Leeds (Q39121)
    # and the City of Leeds (Q774015) at the same point. A mention of the bare name goes to the city.
    r = Resolver()
    r.remember(
        "wd-Q6874", wikidata="Q6874", names=["Rastatt"], lat=48.857, lon=8.203, country="DE", type="City"
    )
    r.remember("wd-Q8182", wikidata="Q8182", names=["Rastatt"], lat=48.8, lon=8.27, country="DE", type="City")
    res = r.resolve_name("Rastatt", country="DE", lat=48.85, lon=8.2)
    assert (res.status, res.id) == ("matched", "wd-Q6874"), res
    assert "nearest" in res.how
    assert set(res.candidates) == {"wd-Q6874", "wd-Q8182"}

    r.remember(
        "wd-Q115256", names=["Taoyuan City", "Taoyuan"], lat=24.85, lon=121.22, country="TW", type="City"
    )
    r.remember(
        "wd-Q715975", names=["Taoyuan District", "Taoyuan"], lat=24.99, lon=121.31, country="TW", type="City"
    )
    res = r.resolve_name("Taoyuan", country="TW", lat=24.993, lon=121.301)
    assert (res.status, res.id) == ("matched", "wd-Q115256"), res
    assert "districts or regions" in res.how

    r.remember("wd-Q39121", names=["Leeds"], lat=53.7997, lon=-1.5492, country="GB", type="City")
    r.remember("wd-Q774015", names=["Leeds"], lat=53.7992, lon=-1.5492, country="GB", type="City")
    assert r.resolve_name("Leeds", country="GB", lat=53.7975, lon=-1.5436).status == "ambiguous"
    for partner in ("wd-Q1", "wd-Q2", "wd-Q3"):
        r.tie(["wd-Q39121", partner])
    r.tie(["wd-Q774015", "wd-Q4"])
    res = r.resolve_name("Leeds", country="GB", lat=53.7975, lon=-1.5436)
    assert (res.status, res.id) == ("matched", "wd-Q39121"), res
    assert "most agreements (3; next 1)" in res.how


def test_a_bad_row_after_good_ones_writes_nothing(tmp_path: Path) -> None:
    store = EmbeddedStore()
    load_paths(store, bundled_paths(world=False))
    before = store.counts()
    path = tmp_path / "twins.csv"
    path.write_text(
        TWINS_HEADER
        + "Paris,France,48.85,2.35,Rome,Italy,41.9,12.5\nParis,France,48.85,2.35,Rome,Italy,41.9,east\n",
        encoding="utf-8",
    )
    with pytest.raises(SourceError, match=r"twins.csv:3"):
        load_paths(store, [path])
    assert store.counts() == before


def test_a_source_geonames_id_of_another_place_is_not_taken() -> None:
    # URBACT files Salford (and Gateshead, Dún Laoghaire) under the GeoNames id of the big neighbour.
    r = Resolver()
    r.remember(
        "wd-Q18125", names=["Manchester"], geonames=2643123, lat=53.48, lon=-2.24, country="GB", type="City"
    )
    r.remember("wd-Q47952", names=["Salford"], lat=53.49, lon=-2.29, country="GB", type="City")
    assert r.source_geonames("Salford", 2643123, "GB") is None
    assert r.source_geonames("Manchester", 2643123, "GB") == 2643123
    assert r.source_geonames("City of Manchester", 2643123, "GB") == 2643123
    res = r.resolve_name("Salford", country="GB", lat=53.48095, lon=-2.23743, geonames=2643123)
    assert (res.status, res.id) == ("matched", "wd-Q47952"), res
    assert (
        r.resolve_name("Manchester", country="GB", lat=53.48, lon=-2.24, geonames=2643123).id == "wd-Q18125"
    )
