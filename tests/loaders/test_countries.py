"""Every place of a load gets a country: stated by its source, else by outline, else the nearest outline."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from graph.embedded_store import EmbeddedStore
from loaders.countries import assign_countries, country_at
from loaders.pipeline import load_paths
from loaders.resolution import Resolver
from ontology.records import City, Country, Dataset, Region
from ontology.to_rdf import dataset_to_graph
from service.cli import app

LJUBLJANA = (46.0511, 14.5051)
KOPER = (45.5481, 13.7302)  # on the Adriatic coast, outside Slovenia's 1:110m outline
VALLETTA = (35.8989, 14.5146)  # Malta has no 1:110m outline, and Sicily is 90 km away
GORIZIA = (45.9410, 13.6216)
NOVA_GORICA = (45.9667, 13.65)  # Slovenian, inside Italy's 1:110m outline (across the street from Gorizia)


def test_points_by_outline_by_nearest_outline_and_out_of_reach() -> None:
    got = country_at(*zip(LJUBLJANA, KOPER, VALLETTA, (-33.87, 151.21), (64.73, 177.5), strict=True))
    assert got == [
        ("SI", "outline"),
        ("SI", "nearest"),
        (None, None),
        ("AU", "outline"),
        ("RU", "outline"),  # Anadyr: Russia's outline crosses the antimeridian
    ]
    assert country_at([KOPER[0]], [KOPER[1]], nearest_km=1.0) == [(None, None)]


def test_a_load_links_places_and_reuses_the_countries_it_has() -> None:
    dataset = Dataset(
        name="d",
        entities=[
            Country(id="slovenia", labels={"en": ["Slovenia"]}, iso2="SI"),
            City(id="ljubljana", labels={"en": ["Ljubljana"]}, lat=LJUBLJANA[0], lon=LJUBLJANA[1]),
            City(id="koper", labels={"en": ["Koper"]}, lat=KOPER[0], lon=KOPER[1]),
            City(id="nova-gorica", labels={"en": ["Nova Gorica"]}, lat=NOVA_GORICA[0], lon=NOVA_GORICA[1]),
            City(id="zagreb", labels={"en": ["Zagreb"]}),
            City(id="valletta", labels={"en": ["Valletta"]}, lat=VALLETTA[0], lon=VALLETTA[1]),
            Region(id="kras", labels={"en": ["Kras"]}, country="slovenia"),
        ],
    )
    resolver = Resolver()
    # as a source with a country column states them
    resolver.remember("nova-gorica", country="SI")
    resolver.remember("zagreb", country="HR")
    graphs = [("d", dataset_to_graph(dataset))]
    links, done = assign_countries(graphs, resolver)
    assert (done.stated, done.outline, done.nearest, done.without, done.already) == (2, 1, 1, 1, 1)
    assert done.countries_added == 1  # Croatia; Slovenia is the dataset's own
    assert [(d.id, d.stated, d.outline, d.how) for d in done.disagreements] == [
        ("nova-gorica", "SI", "IT", "outline")
    ]
    store = EmbeddedStore()
    store.load([*graphs, *links])
    country = {n.id: n.country for n in store.nodes()}
    assert country["ljubljana"] == country["koper"] == country["nova-gorica"] == country["kras"] == "slovenia"
    assert country["valletta"] is None
    croatia = country["zagreb"]
    assert croatia is not None
    assert store.entity(croatia).identifiers.get("iso2") == "HR"
    # a second pass finds every place linked but the one out of reach, and adds nothing
    again, done = assign_countries([], Resolver(store), store)
    assert (again, done.already, done.without) == ([], 5, 1)


def test_load_prints_the_summary_and_writes_the_disagreements(tmp_path: Path) -> None:
    table = tmp_path / "twins.csv"
    table.write_text(
        "city1,country1,lat1,lng1,city2,country2,lat2,lng2\n"
        f"Gorizia,Italy,{GORIZIA[0]},{GORIZIA[1]},Nova Gorica,Slovenia,{NOVA_GORICA[0]},{NOVA_GORICA[1]}\n",
        encoding="utf-8",
    )
    home = tmp_path / "home"
    result = CliRunner().invoke(app, ["--home", str(home), "load", str(table)])
    assert result.exit_code == 0, result.output
    assert "countries: 2 place(s) linked (2 stated by a source, 0 by outline" in result.output
    reports = list((home / "reports" / "countries").glob("*.csv"))
    assert len(reports) == 1
    rows = reports[0].read_text(encoding="utf-8").splitlines()
    assert rows[0] == "id,stated,outline,how,lat,lon"
    assert [r.split(",")[1:4] for r in rows[1:]] == [["SI", "IT", "outline"]]
    store = EmbeddedStore()
    load_paths(store, [table])
    iso = {n.id: store.entity(n.country).identifiers.get("iso2") for n in store.nodes() if n.country}
    assert sorted(iso.values()) == ["IT", "SI"]
