"""The readers on the real files of ../shared/data, the other Wikidata export formats, and the CLI's error options."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.embedded_store import EmbeddedStore
from loaders import detect_format, read_sources
from loaders.assembly import ReadContext
from loaders.pipeline import load_paths
from loaders.resolution import Resolver

WD = "http://www.wikidata.org/entity/"


def _load(store: EmbeddedStore, path: Path) -> ReadContext:
    ctx = ReadContext()
    load_paths(store, [path], ctx=ctx)
    return ctx


# ---------------------------------------------------------------- real files


@pytest.mark.slow
def test_eurocities_members_load_with_report(shared_data: Path, seed_store: EmbeddedStore) -> None:
    path = shared_data / "eurocities-gpm-members" / "eurocities_members_wikidata.json"
    assert detect_format(path) == "eurocities"
    ctx = _load(seed_store, path)
    counts = ctx.report.counts("eurocities")
    assert counts["matched"] >= 150
    assert ctx.stats[0].memberships >= 150
    assert ctx.stats[0].rejected == 0
    members = {f.id for f in seed_store.entity("net-eurocities").facts if f.type == "Membership"}
    assert "membership-Q1040-net-eurocities" in members  # Karlsruhe, by its QID


@pytest.mark.slow
def test_gpm_signatures_make_one_event(shared_data: Path, seed_store: EmbeddedStore) -> None:
    path = shared_data / "eurocities-gpm-members" / "gpm_declaration_for_democracy_signatures.csv"
    assert detect_format(path) == "gpm"
    ctx = _load(seed_store, path)
    counts = ctx.report.counts()
    assert counts["matched"] > 200
    assert counts["matched"] + counts["ambiguous"] + counts["unmatched"] == 252
    event = seed_store.entity("gpm-global-declaration-of-mayors-for-democracy")
    assert event.type == "Event"


@pytest.mark.slow
def test_urbact_memberships_load_with_report(shared_data: Path, seed_store: EmbeddedStore) -> None:
    path = shared_data / "etmun-urbact-memberships" / "urbact_memberships.csv"
    assert detect_format(path) == "urbact"
    ctx = _load(seed_store, path)
    counts = ctx.report.counts("urbact")
    assert counts["matched"] > 1000
    assert counts["matched"] > 10 * (counts["ambiguous"] + counts["unmatched"])
    assert ctx.stats[0].memberships > 1000
    assert seed_store.counts()["Network"] > 100


@pytest.mark.slow
@pytest.mark.parametrize("name", ["twin_cities_geocoded.csv", "twin_cities_raw.csv"])
def test_wikipedia_twins_load_with_report(shared_data: Path, name: str) -> None:
    path = shared_data / "wikipedia-twin-cities-hekman" / name
    assert detect_format(path) == "wikipedia-twins"
    ctx = ReadContext()
    read_sources([path], ctx=ctx)
    counts = ctx.report.counts()
    assert counts["matched"] > 30000
    if name == "twin_cities_raw.csv":
        assert (
            counts["ambiguous"] > 0
        )  # without coordinates some names stay ambiguous: reported, never guessed
    assert counts["unmatched"] > 0
    assert ctx.stats[0].agreements > 10000
    # Pairs listed on both countries' pages are one agreement each.
    assert ctx.stats[0].agreements_merged > 1000


@pytest.mark.slow
def test_etmun_slovenian_members_resolve_through_the_register(shared_data: Path) -> None:
    ctx = ReadContext()
    read_sources([shared_data / "etmun-urbact-memberships" / "etmun_memberships_geocoded.csv"], ctx=ctx)
    si = [r for r in ctx.report.rows if r["country"] == "SI"]
    by_name: dict[str, dict[str, str]] = {}
    for r in si:
        by_name.setdefault(r["name"], r)  # the first row of a name: later ones meet the entity it made
    assert by_name["Kočevje"]["id"] == "x-si-kocevje"
    assert "gurs" in by_name["Kočevje"]["how"]
    assert sum(r["status"] == "matched" for r in si) > 0.8 * len(si)


def test_slovenian_register_names_in_three_languages() -> None:
    resolver = Resolver()
    assert resolver.resolve_name("Lendava", country="SI").id == "x-si-lendava"
    assert resolver.resolve_name("Lendva", country="SI").id == "x-si-lendava"  # Hungarian NA_DJ
    assert resolver.resolve_name("Pirano", country="SI").id == "x-si-piran"  # Italian NA_DJ


# ---------------------------------------------------------------- Isfahan and Qazvin across languages


@pytest.mark.slow
def test_isfahan_in_the_world_graph_from_three_languages(world: tuple[EmbeddedStore, ReadContext]) -> None:
    store, _ = world
    # query.csv labels Isfahan (Q42053) in Italian, "Esfahan": its twins land on the seed node.
    twins = {
        p.id
        for f in store.entity("isfahan").facts
        if f.type == "TwinningAgreement"
        for p in f.others.get("party", [])
    }
    assert {"wd-Q85", "wd-Q2044"} <= twins  # Cairo, Florence
    for text in ("Isfahan", "Esfahan", "اصفهان", "اصفهان"):
        assert store.search(text)[0].id == "isfahan", text
    resolver = Resolver(store)
    for name in ("Qazvin", "Kazvin", "Qazvīn", "قزوین", "قزوين"):
        assert resolver.resolve_name(name, country="IR").id == "qazvin", name


# ---------------------------------------------------------------- Wikidata TSV and SPARQL JSON


def _tsv(tmp_path: Path) -> Path:
    lines = [
        "?city\t?cityLabel\t?city_coordinate_location\t?sister\t?sisterLabel\t?start",
        f'<{WD}Q1010>\t"Maribor"@sl\t"Point(15.63 46.55)"^^<http://www.opengis.net/ont/geosparql#wktLiteral>'
        f'\t<{WD}Q13298>\t"Graz"@de\t"1965-01-01T00:00:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTime>',
        f'<{WD}Q13298>\t"Graz"@de\t\t<{WD}Q1010>\t"Maribor"@sl\t',
    ]
    path = tmp_path / "twins.tsv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _srj(tmp_path: Path) -> Path:
    data = {
        "head": {"vars": ["member", "memberLabel", "network", "networkLabel", "start"]},
        "results": {
            "bindings": [
                {
                    "member": {"type": "uri", "value": f"{WD}Q1010"},
                    "memberLabel": {"type": "literal", "value": "Maribor", "xml:lang": "sl"},
                    "network": {"type": "uri", "value": f"{WD}Q1141029"},
                    "networkLabel": {"type": "literal", "value": "Eurocities", "xml:lang": "en"},
                    "start": {"type": "literal", "value": "2011-01-01T00:00:00Z"},
                },
            ]
        },
    }
    path = tmp_path / "members.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_wikidata_tsv_keeps_label_languages(tmp_path: Path) -> None:
    path = _tsv(tmp_path)
    assert detect_format(path) == "wikidata"
    store = EmbeddedStore()
    ctx = _load(store, path)
    assert (ctx.stats[0].agreements, ctx.stats[0].agreements_merged) == (1, 1)
    graz = store.entity("wd-Q13298")
    assert graz.labels["de"] == ["Graz"]
    assert store.entity("wd-Q1010").labels["sl"] == ["Maribor"]
    twinning = [f for f in store.entity("wd-Q1010").facts if f.id == "twinning-Q1010-Q13298"]
    assert [f.dates.get("start") for f in twinning] == ["1965-01-01"]


def test_wikidata_sparql_json_membership(tmp_path: Path) -> None:
    path = _srj(tmp_path)
    assert detect_format(path) == "wikidata"
    store = EmbeddedStore()
    ctx = _load(store, path)
    assert ctx.stats[0].memberships == 1
    facts = [f for f in store.entity("wd-Q1010").facts if f.type == "Membership"]
    assert [(f.id, f.dates.get("start")) for f in facts] == [("membership-Q1010-Q1141029", "2011-01-01")]
    assert store.entity("wd-Q1141029").labels["en"] == ["Eurocities"]


def test_wikidata_json_that_is_not_sparql_results(tmp_path: Path) -> None:
    from loaders.errors import ParseError

    path = tmp_path / "x.json"
    path.write_text('{"head": 1}', encoding="utf-8")
    with pytest.raises(ParseError, match=r"x\.json:1: not SPARQL JSON results"):
        read_sources([path], "wikidata")


# ---------------------------------------------------------------- the CLI's --on-error and --rejected

HEADER = "city,cityLabel,city_coordinate_location,sister,sisterLabel,sister_coordinate_location\n"


def _bad_csv(tmp_path: Path) -> Path:
    path = tmp_path / "q.csv"
    path.write_text(
        HEADER
        + f"{WD}Q1,A,Point(x),{WD}Q2,B,Point(15.4 47.0)\n"
        + f"{WD}Q3,C,Point(15.6 46.5),{WD}Q4,D,Point(15.4 47.0)\n",
        encoding="utf-8",
    )
    return path


def test_cli_on_error_fail_writes_nothing(tmp_path: Path) -> None:
    from service.cli import app

    result = CliRunner().invoke(app, ["--home", str(tmp_path / "home"), "load", str(_bad_csv(tmp_path))])
    assert result.exit_code != 0
    assert "q.csv:2:3: field 'city_coordinate_location'" in result.output.replace("\n", "")
    assert not (tmp_path / "home" / "reports").exists()


def test_cli_on_error_skip_writes_rejected_rows(tmp_path: Path) -> None:
    from service.cli import app

    rejected = tmp_path / "out" / "rejected.csv"
    args = ["--home", str(tmp_path / "home"), "load", str(_bad_csv(tmp_path)), "--on-error", "skip"]
    result = CliRunner().invoke(app, [*args, "--rejected", str(rejected)])
    assert result.exit_code == 0, result.output
    lines = rejected.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "dataset,file,line,field,reason,row"
    assert len(lines) == 2
    assert ",2,city_coordinate_location," in lines[1]
    assert "1 row(s) set aside" in result.output
