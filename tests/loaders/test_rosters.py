"""Network rosters: the CSV shapes, their errors, the bundled roster files, and what they bring to the store."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.bridges import bridges
from graph.embedded_store import EmbeddedStore
from loaders import bundled_paths, detect_format
from loaders.assembly import ReadContext
from loaders.errors import RecordInvalid
from loaders.pipeline import load_paths
from service.cli import app

ROSTERS = Path(__file__).resolve().parents[2] / "loaders" / "data" / "rosters"
SEEDS = Path(__file__).resolve().parents[2] / "loaders" / "data" / "seeds.yaml"
HEADER = (
    "network,network_label,member,country,lat,lon,year,field,source_url,source_title,source_date,sentence\n"
)
EVENTS = "event,label,network,network_label,host,country,year,edition,source_url,source_title,source_date\n"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _rows(name: str) -> list[dict[str, str]]:
    with (ROSTERS / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _memberships() -> list[dict[str, str]]:
    return [r for path in sorted(ROSTERS.glob("*.csv")) for r in _rows(path.name) if "member" in r]


# ------------------------------------------------------------------ the format on small files


def test_roster_and_summit_files_are_told_by_their_header(tmp_path: Path) -> None:
    roster = _write(tmp_path, "r.csv", HEADER)
    events = _write(tmp_path, "e.csv", EVENTS)
    assert detect_format(roster) == "roster"
    assert detect_format(events) == "roster-events"


def test_one_source_per_page_and_the_year_and_field_kept(tmp_path: Path) -> None:
    url = "https://example.org/list"
    path = _write(
        tmp_path,
        "r.csv",
        HEADER
        + f"net-test,Test Network,Windhoek,NA,-22.57,17.08,2019,Design,{url},A list,2020-01-02,\n"
        + f"net-test,Test Network,Ljubljana,SI,46.05,14.51,,,{url},A list,2020-01-02,\n",
    )
    store = EmbeddedStore()
    ctx = ReadContext()
    load_paths(store, [path], ctx=ctx)
    assert store.counts()["Membership"] == 2
    assert store.counts()["Source"] == 2  # the page, and the countries' (loaders/countries.py)
    (windhoek,) = [r["id"] for r in ctx.report.rows if r["name"] == "Windhoek"]  # Namibia's "NA" is a country
    facts = [f for f in store.entity(windhoek).facts if f.type == "Membership"]
    assert facts[0].dates.get("start") == "2019"
    assert "Design" in facts[0].attributes.values()
    assert [s.label for s in facts[0].sources] == ["A list"]


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ("net-test,Test Network,Graz,AT,,,2019,,,A list,2020,", "source_url"),
        ("net-test,Test Network,Graz,AT,,,2019,,ftp://x.org/a,A list,2020,", "source_url"),
        ("net-test,Test Network,Graz,AT,,,19,,https://x.org/a,A list,2020,", "year"),
        ("net-test,Test Network,Graz,Atlantis,,,2019,,https://x.org/a,A list,2020,", "country"),
        ("net-other,,Graz,AT,,,2019,,https://x.org/a,A list,2020,", "network_label"),
        ("Net Test,Test Network,Graz,AT,,,2019,,https://x.org/a,A list,2020,", "network"),
        ("net-test,Test Network,Graz,AT,,,2019,,https://x.org/a,,2020,", "source_title"),
        ("net-test,Test Network,Graz,AT,,,2019,,https://x.org/a,A list,2 May 2020,", "source_date"),
    ],
)
def test_a_bad_row_names_file_line_and_field_and_nothing_is_written(
    tmp_path: Path, row: str, field: str
) -> None:
    good = "net-test,Test Network,Maribor,SI,,,2019,,https://x.org/a,A list,2020,\n"
    path = _write(tmp_path, "r.csv", HEADER + good + row + "\n")
    store = EmbeddedStore()
    with pytest.raises(RecordInvalid) as info:
        load_paths(store, [path])
    assert (info.value.line, info.value.field) == (3, field)
    assert str(path) in str(info.value)
    assert not any(store.counts().values())


def test_summit_rows_become_summits_with_host_year_and_edition(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "e.csv",
        EVENTS
        + "summit-7,7th Test Summit,net-test,Test Network,Qazvin,IR,2016,7,https://x.org/s,Summit page,2016-09\n",
    )
    store = EmbeddedStore()
    load_paths(store, [SEEDS, path])
    summit = store.entity("summit-7")
    assert summit.type == "Summit"
    hosts = {r.id for f in summit.facts for r in f.others.get("host", [])} | {
        r.id for r in summit.links.get("host", [])
    }
    assert "qazvin" in hosts
    assert summit.attributes.get("edition") == "7"


# ------------------------------------------------------------------ the bundled roster files


def test_bundled_rosters_are_loaded_by_default() -> None:
    names = [p.name for p in bundled_paths()]
    assert names[:4] == [
        "seeds.yaml",
        "wikidata-city-labels-2021.en.csv",
        "wikidata-sister-cities-2021.it.csv.gz",
        "wikipedia-twin-cities-hekman.csv.gz",
    ]
    assert {p.name for p in bundled_paths()[4:-1]} == {p.name for p in ROSTERS.glob("*.csv")}
    assert bundled_paths()[-1].name == "iran-city-diplomacy.ttl"  # after the rosters: it names their nodes
    assert [p.name for p in bundled_paths(world=False)] == ["seeds.yaml"]
    for path in ROSTERS.glob("*.csv"):
        assert (ROSTERS / f"{path.stem}.SOURCE.md").is_file(), path.name


def test_roster_counts_and_countries() -> None:
    rows = _memberships()
    distinct = {(r["network"], r["member"], r["country"]) for r in rows}
    countries = {r["country"] for r in rows}
    # Past the 1,500 memberships aimed at; more than 60 countries (each SOURCE.md says what is still missing).
    assert len(distinct) == 1603
    assert len(countries) == 147
    by_network = {n: sum(1 for d in distinct if d[0] == n) for n in {d[0] for d in distinct}}
    assert by_network["owhc"] == 257  # 258 rows, Istanbul listed twice
    assert by_network["unesco-creative-cities-network"] == 399
    assert by_network["unesco-gnlc"] == 315
    assert by_network["iaec"] == 155
    assert by_network["c40"] == 97
    assert by_network["strong-cities-network"] == 26
    assert by_network["100-resilient-cities"] == 91
    assert by_network["citynet"] == 17
    assert by_network["anmc21"] == 13
    assert by_network["asian-mayors-forum"] == 29
    assert by_network["intercultural-cities"] == 26
    assert by_network["iclei"] == 20
    assert by_network["alliance-for-healthy-cities"] == 8
    assert by_network["mayors-for-peace"] == 47
    assert by_network["silk-road-urban-alliance"] == 7  # of 58: the stored copy of its list stops at the 8th
    assert by_network["silk-road-tourism-cities-alliance"] == 33  # of 58 founding members
    assert by_network["belt-and-road-tourism-cities-union"] == 10
    assert by_network["silk-road-stations"] == 5
    assert by_network["mcsr-cities-alliance"] == 10
    assert len(countries) >= 60


def test_every_row_has_its_source_page() -> None:
    for path in sorted(ROSTERS.glob("*.csv")):
        for row in _rows(path.name):
            assert None not in row, (path.name, row)  # a cell more than the header has
            assert row["source_url"].startswith(("https://", "http://")), (path.name, row)
            assert row["source_title"], (path.name, row)


def test_spot_checked_facts() -> None:
    uccn = {(r["member"], r["country"]): r for r in _rows("unesco-creative-cities.csv") if r["year"]}
    assert (uccn["Isfahan", "IR"]["field"], uccn["Isfahan", "IR"]["year"]) == ("Crafts and Folk Art", "2015")
    assert (uccn["Kermanshah", "IR"]["field"], uccn["Kermanshah", "IR"]["year"]) == ("Gastronomy", "2021")
    assert (uccn["Kashan", "IR"]["field"], uccn["Kashan", "IR"]["year"]) == ("Architecture", "2025")
    assert (uccn["Bandar Abbas", "IR"]["field"], uccn["Bandar Abbas", "IR"]["year"]) == (
        "Crafts and Folk Art",
        "2019",
    )
    gnlc = {(r["member"], r["country"]): r for r in _rows("unesco-learning-cities.csv")}
    assert gnlc["Isfahan", "IR"]["year"] == "2020"
    assert gnlc["Hamedan", "IR"]["year"] == "2022"
    assert gnlc["Bandar Khamir", "IR"]["year"] == "2020"
    assert ("Kashan", "IR") in gnlc
    summits = {r["event"]: r for r in _rows("silk-road-and-asian-mayors-summits.csv")}
    eleventh = summits["silk-road-mayors-summit-11"]
    assert (eleventh["host"], eleventh["year"], eleventh["edition"]) == ("Qazvin", "2016", "11")
    wco = sorted(
        (int(r["edition"]), r["host"], int(r["year"]))
        for r in summits.values()
        if r["network"] == "world-citizens-organization"
    )
    assert [e for e, _, _ in wco] == list(range(1, 14))  # one edition a year from 2006
    assert [y for _, _, y in wco] == list(range(2006, 2019))
    assert (wco[0][1], wco[4][1], wco[11][1], wco[12][1]) == ("Tashkent", "Shiraz", "Kabul", "Antalya")
    urumqi = [r["host"] for r in summits.values() if r["network"] == "silk-road-economic-belt-cities-forum"]
    assert urumqi == ["Urumqi"] * 4
    silk = {(r["network"], r["member"]): r for r in _rows("silk-road-city-networks.csv")}
    assert silk["silk-road-urban-alliance", "Zhangjiajie"]["year"] == "2018"
    assert silk["silk-road-tourism-cities-alliance", "Jingdezhen"]["year"] == "2023"
    assert ("silk-road-stations", "Samarkand") in silk
    assert silk["mcsr-cities-alliance", "Qazvin"]["field"] == "Founding member"
    amf = sorted(
        (int(r["edition"]), r["host"], r["year"])
        for r in summits.values()
        if r["network"] == "asian-mayors-forum"
    )
    assert amf == [
        (1, "Tehran", "2008"),
        (2, "Istanbul", "2011"),
        (3, "Bangkok", "2012"),
        (4, "Haikou", "2014"),
        (5, "Gaziantep", "2018"),
        (6, "Dushanbe", "2022"),
    ]
    resilient = {(r["member"], r["country"]): r["year"] for r in _rows("100-resilient-cities.csv")}
    assert (resilient["Byblos", "LB"], resilient["Amman", "JO"], resilient["Tbilisi", "GE"]) == (
        "2013",
        "2014",
        "2016",
    )


def test_a_roster_membership_is_traced_to_its_page_with_show(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CITYKG_HOME", str(tmp_path / "home"))
    runner = CliRunner()
    result = runner.invoke(app, ["load", str(SEEDS), str(ROSTERS / "unesco-creative-cities.csv")])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["show", "Kashan", "--json"])
    assert result.exit_code == 0, result.output
    kashan = json.loads(result.output)
    sources = [
        s
        for f in kashan["facts"]
        if f["type"] == "Membership" and f["attributes"].get("role") == "Architecture"
        for s in f["sources"]
    ]
    assert [(s["label"], s["date"], s["url"]) for s in sources] == [
        (
            "Kashan named UNESCO Creative City of Architecture (Iran Daily)",
            "2025-11",
            "https://newspaper.irandaily.ir/7967/8/19310",
        )
    ]
    from service import cli

    monkeypatch.setattr(cli.out, "width", 250)  # a wide terminal, whatever runs the test
    result = runner.invoke(app, ["show", "Kashan"])  # the table a person reads
    assert result.exit_code == 0, result.output
    assert "https://newspaper.irandaily.ir/7967/8/19310" in result.output


def test_a_new_network_roster_is_traced_to_its_page_with_show(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CITYKG_HOME", str(tmp_path / "home"))
    runner = CliRunner()
    result = runner.invoke(app, ["load", str(ROSTERS / "anmc21-members.csv")])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["show", "Tomsk", "--json"])
    assert result.exit_code == 0, result.output
    tomsk = json.loads(result.output)
    (membership,) = [f for f in tomsk["facts"] if f["type"] == "Membership"]
    assert membership["dates"].get("start") == "2012"
    assert [(s["date"], s["url"]) for s in membership["sources"]] == [
        (
            "2012-07",
            "https://www.sp.metro.tokyo.lg.jp/seisakukikaku/gaimubu/asialetter/english/newsletter/201207/1.html",
        )
    ]


# ------------------------------------------------------------------ on the whole bundled store


@pytest.mark.slow
def test_bridges_between_learning_and_creative_cities(world: tuple[EmbeddedStore, ReadContext]) -> None:
    store, _ = world
    result = bridges(store, "unesco-gnlc", "unesco-creative-cities-network", k=2, top=10)
    both = {e.id for e in result.both}
    assert {"isfahan", "kermanshah", "kashan"} <= both
    assert len(both) >= 10  # Braga, Bursa, Sukhothai, Chiang Rai, Durban, ... are in both rosters
    assert result.connectors
