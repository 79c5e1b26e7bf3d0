"""The ETMUN and URBACT network tables and the Eurocities website list: on the real files and on small bad ones."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from graph.embedded_store import EmbeddedStore
from loaders import detect_format, read_sources
from loaders.assembly import ReadContext
from loaders.errors import RecordInvalid
from loaders.network_lists import network_id
from loaders.pipeline import load_paths


def _load(path: Path) -> tuple[EmbeddedStore, ReadContext]:
    store = EmbeddedStore()
    ctx = ReadContext()
    load_paths(store, [path], ctx=ctx)
    return store, ctx


def _column(path: Path, name: str) -> set[str]:
    with path.open(encoding="utf-8", newline="") as f:
        return {row[name].strip() for row in csv.DictReader(f, delimiter=";")}


def test_etmun_networks_meet_the_membership_table(shared_data: Path) -> None:
    folder = shared_data / "etmun-urbact-memberships"
    path = folder / "etmun_networks.csv"
    assert detect_format(path) == "etmun-networks"
    store, ctx = _load(path)
    assert (ctx.stats[0].rows, ctx.stats[0].entities, ctx.stats[0].rejected) == (58, 58, 0)
    assert store.counts()["Network"] == 58
    assert store.entity("net-avec").labels["en"] == ["Alliance of European Cultural Cities", "AVEC"]
    assert (
        store.entity("net-civitas").attributes["description"].startswith("Promote and implement sustainable")
    )
    assert "Energy Cities" in store.entity("net-energy-cities").labels["en"]
    assert store.exists("net-amphictyony")
    # Every network of the table is one the membership table names (EixoAtlántico is only there).
    in_memberships = {
        network_id(n) for n in _column(folder / "etmun_memberships_geocoded.csv", "Network_Name")
    }
    networks = {network_id(n) for n in _column(path, "Acronym")}
    assert len(in_memberships) == 59
    assert len(networks - in_memberships) == 2  # the two spellings the reader mends
    for nid in in_memberships - {"net-eixoatlantico"}:
        assert store.exists(nid), nid


def test_urbact_networks_are_part_of_urbact(shared_data: Path) -> None:
    folder = shared_data / "etmun-urbact-memberships"
    path = folder / "urbact_networks.csv"
    assert detect_format(path) == "urbact-networks"
    store, ctx = _load(path)
    assert (ctx.stats[0].rows, ctx.stats[0].entities, ctx.stats[0].rejected) == (172, 173, 0)
    second_chance = store.entity("net-urbact-2nd-chance")
    assert second_chance.label == "URBACT 2nd Chance"
    assert [r.id for r in second_chance.links["parentOrganization"]] == ["net-urbact"]
    assert second_chance.attributes["founded"] == "2015"
    # The membership table names the networks alike, but for code U19 (see docs/loaders.md).
    in_memberships = {
        network_id(f"urbact {n}") for n in _column(folder / "urbact_memberships.csv", "Network")
    }
    missing = sorted(nid for nid in in_memberships if not store.exists(nid))
    assert missing == ["net-urbact-euromediation-secucities"]


@pytest.mark.slow
def test_eurocities_website_list_loads_with_report(shared_data: Path, seed_store: EmbeddedStore) -> None:
    path = shared_data / "eurocities-gpm-members" / "eurocities_members_from_website.txt"
    assert detect_format(path) == "eurocities-list"
    ctx = ReadContext()
    load_paths(seed_store, [path], ctx=ctx)
    counts = ctx.report.counts("eurocities-website")
    assert counts["matched"] + counts["ambiguous"] + counts["unmatched"] == 227
    assert counts["matched"] > 180
    assert ctx.stats[0].rejected == 0
    assert ctx.stats[0].memberships == 227 - counts["ambiguous"]
    members = {f.id for f in seed_store.entity("net-eurocities").facts if f.type == "Membership"}
    assert len(members) == ctx.stats[0].memberships


def test_website_list_and_wikidata_list_meet(shared_data: Path) -> None:
    folder = shared_data / "eurocities-gpm-members"
    ctx = ReadContext()
    read_sources(
        [folder / "eurocities_members_wikidata.json", folder / "eurocities_members_from_website.txt"], ctx=ctx
    )
    assert ctx.stats[0].memberships == 206  # 209 entries, 3 QIDs listed twice
    # A city of the website list that the JSON matched lands on the JSON's entity (Karlsruhe is Q1040),
    # so its membership has the JSON's id and both sources.
    karlsruhe = [
        r for r in ctx.report.rows if r["dataset"] == "eurocities-website" and r["name"] == "Karlsruhe"
    ]
    assert [(r["status"], r["id"]) for r in karlsruhe] == [("matched", "wd-Q1040")]


def test_member_list_with_an_unknown_country_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "members.txt"
    path.write_text(
        "# pasted\nAarhus\ndenmark\nGraz\naustria\nGenoa\nitaly\nLyon\nfrance\nAtlantis City\natlantis\n",
        encoding="utf-8",
    )
    assert detect_format(path) == "eurocities-list"
    with pytest.raises(RecordInvalid) as info:
        read_sources([path])
    assert (info.value.line, info.value.column, info.value.field) == (11, 1, "country")
    assert "atlantis" in str(info.value)


def test_etmun_network_without_acronym_names_its_column(tmp_path: Path) -> None:
    path = tmp_path / "nets.csv"
    path.write_text(
        "Name;Acronym;Code;Country (secretariat);Aims\nCities for Cities;;001;FR;Help\n", encoding="utf-8"
    )
    with pytest.raises(RecordInvalid) as info:
        read_sources([path])
    assert (info.value.line, info.value.column, info.value.field) == (2, 2, "Acronym")
