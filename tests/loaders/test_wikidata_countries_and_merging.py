"""Wikidata exports with countries, and how agreements merge: within a source, between agreements, across sources."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from graph.embedded_store import EmbeddedStore
from loaders import read_sources
from loaders.assembly import ReadContext
from loaders.errors import RecordInvalid
from loaders.pipeline import load_paths

WD = "http://www.wikidata.org/entity/"
QUERIES = Path(__file__).resolve().parents[2] / "loaders" / "queries"

COUNTRY_HEADER = (
    "city,cityLabel,city_coordinate_location,city_country,city_countryLabel,city_country_iso2,"
    "sister,sisterLabel,sister_coordinate_location,sister_country,sister_countryLabel,sister_country_iso2\n"
)
MARIBOR_GRAZ = (
    f"{WD}Q1010,Maribor,Point(15.64 46.55),{WD}Q215,Slovenia,SI,"
    f"{WD}Q13298,Graz,Point(15.43 47.07),{WD}Q40,Austria,AT\n"
)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _twinnings(store: EmbeddedStore, entity: str) -> list[tuple[str, dict[str, str], list[str]]]:
    return [
        (f.id, dict(f.dates), sorted(s.id for s in f.sources))
        for f in store.entity(entity).facts
        if f.type == "TwinningAgreement"
    ]


# ---------------------------------------------------------------- countries


def test_country_columns_give_each_side_its_country(tmp_path: Path) -> None:
    path = _write(tmp_path, "sisters.en.csv", COUNTRY_HEADER + MARIBOR_GRAZ)
    store = EmbeddedStore()
    load_paths(store, [path])
    assert [r.id for r in store.entity("wd-Q1010").links["country"]] == ["wd-Q215"]
    assert [r.id for r in store.entity("wd-Q13298").links["country"]] == ["wd-Q40"]
    austria = store.entity("wd-Q40")
    assert austria.type == "Country"
    assert austria.label == "Austria"
    assert store.counts()["Country"] == 2


def test_country_qid_lands_on_the_known_country(seed_store: EmbeddedStore, tmp_path: Path) -> None:
    # Ljubljana is new here; its country Q215 is the seeds' `slovenia`.
    row = (
        f"{WD}Q437,Ljubljana,Point(14.51 46.05),{WD}Q215,Slovenia,SI,"
        f"{WD}Q13298,Graz,Point(15.43 47.07),{WD}Q40,Austria,AT\n"
    )
    path = _write(tmp_path, "sisters.en.csv", COUNTRY_HEADER + row)
    load_paths(seed_store, [path])
    assert [r.id for r in seed_store.entity("wd-Q437").links["country"]] == ["slovenia"]
    assert not seed_store.exists("wd-Q215")


def test_country_in_sparql_json_membership_export(tmp_path: Path) -> None:
    data = {
        "head": {
            "vars": [
                "member",
                "memberLabel",
                "member_country",
                "member_countryLabel",
                "member_country_iso2",
                "network",
                "networkLabel",
            ]
        },
        "results": {
            "bindings": [
                {
                    "member": {"type": "uri", "value": f"{WD}Q437"},
                    "memberLabel": {"type": "literal", "value": "Ljubljana", "xml:lang": "sl"},
                    "member_country": {"type": "uri", "value": f"{WD}Q215"},
                    "member_countryLabel": {"type": "literal", "value": "Slovenija", "xml:lang": "sl"},
                    "member_country_iso2": {"type": "literal", "value": "SI"},
                    "network": {"type": "uri", "value": f"{WD}Q1377950"},
                    "networkLabel": {"type": "literal", "value": "Eurocities", "xml:lang": "en"},
                }
            ]
        },
    }
    path = _write(tmp_path, "members.json", json.dumps(data))
    store = EmbeddedStore()
    load_paths(store, [path])
    assert [r.id for r in store.entity("wd-Q437").links["country"]] == ["wd-Q215"]
    assert dict(store.entity("wd-Q215").labels) == {"sl": ["Slovenija"]}


def test_bad_country_code_names_file_line_column(tmp_path: Path) -> None:
    path = _write(tmp_path, "q.csv", COUNTRY_HEADER + MARIBOR_GRAZ.replace(",SI,", ",Slovenia,"))
    with pytest.raises(RecordInvalid) as info:
        read_sources([path])
    assert (info.value.line, info.value.column, info.value.field) == (2, 6, "city_country_iso2")
    assert str(path) in str(info.value)


def test_shipped_queries_ask_for_the_documented_variables() -> None:
    def selected(name: str) -> list[str]:
        text = (QUERIES / name).read_text(encoding="utf-8")
        head = text.split("WHERE", 1)[0]
        return re.findall(r"\?(\w+)", head)

    assert selected("twinning.rq") == [
        "city",
        "cityLabel",
        "city_population",
        "city_coordinate_location",
        "city_country",
        "city_countryLabel",
        "city_country_iso2",
        "sister",
        "sisterLabel",
        "sister_population",
        "sister_coordinate_location",
        "sister_country",
        "sister_countryLabel",
        "sister_country_iso2",
        "start",
        "end",
    ]
    assert selected("membership.rq") == [
        "member",
        "memberLabel",
        "member_population",
        "member_coordinate_location",
        "member_country",
        "member_countryLabel",
        "member_country_iso2",
        "network",
        "networkLabel",
        "start",
        "end",
    ]


# ---------------------------------------------------------------- merging agreements


def test_a_date_on_a_later_row_fills_the_pairs_agreement(tmp_path: Path) -> None:
    text = (
        "city,cityLabel,sister,sisterLabel,start\n"
        f"{WD}Q1010,Maribor,{WD}Q13298,Graz,\n"
        f"{WD}Q13298,Graz,{WD}Q1010,Maribor,1965-01-01T00:00:00Z\n"
    )
    path = _write(tmp_path, "pairs.en.csv", text)
    store = EmbeddedStore()
    ctx = ReadContext()
    load_paths(store, [path], ctx=ctx)
    assert (ctx.stats[0].agreements, ctx.stats[0].agreements_merged) == (1, 1)
    assert _twinnings(store, "wd-Q1010") == [
        ("twinning-Q1010-Q13298", {"start": "1965-01-01"}, ["src-pairs"])
    ]


def test_two_agreements_between_the_same_pair_stay_two(tmp_path: Path) -> None:
    text = (
        "record,id,name,lang,type,parties,signed\n"
        "city,maribor,Maribor,sl,,,\n"
        "city,graz,Graz,de,,,\n"
        "agreement,twinning-graz-maribor-1965,,,TwinningAgreement,maribor|graz,1965\n"
        "agreement,mou-graz-maribor-2019,,,MemorandumOfUnderstanding,graz|maribor,2019\n"
    )
    path = _write(tmp_path, "partners.csv", text)
    store = EmbeddedStore()
    ctx = ReadContext()
    load_paths(store, [path], ctx=ctx)
    assert (ctx.stats[0].agreements, ctx.stats[0].agreements_merged) == (2, 0)
    facts = sorted((f.id, f.type) for f in store.entity("maribor").facts)
    assert facts == [
        ("mou-graz-maribor-2019", "MemorandumOfUnderstanding"),
        ("twinning-graz-maribor-1965", "TwinningAgreement"),
    ]


def test_the_same_twinning_from_two_sources_is_one_fact_with_both(tmp_path: Path) -> None:
    wikidata = _write(
        tmp_path,
        "sisters.en.csv",
        "city,cityLabel,city_coordinate_location,sister,sisterLabel,sister_coordinate_location\n"
        f"{WD}Q1010,Maribor,Point(15.64 46.55),{WD}Q13298,Graz,Point(15.43 47.07)\n",
    )
    wikipedia = _write(
        tmp_path,
        "twins.csv",
        "city1,country1,city2,country2,lat1,lng1,lat2,lng2\nMaribor,Slovenia,Graz,Austria,46.55,15.64,47.07,15.43\n",
    )
    store = EmbeddedStore()
    load_paths(store, [wikidata, wikipedia])
    assert _twinnings(store, "wd-Q1010") == [("twinning-Q1010-Q13298", {}, ["src-sisters", "src-twins"])]
