"""Draw the resolution gold sample from the real files, by rules that do not use the resolver.

Run: ``.venv/bin/python scripts/build_resolution_gold.py ../shared/data > tests/loaders/data/resolution_gold.csv``

Each line is one place mention (``file``, ``line``, ``name`` as the source writes it) with the place it must
resolve to (``gold``): a Wikidata QID, a GeoNames id (``gn:…``), both (``Q…|gn:…``, one place), or
``local:<tag>`` for a place no identifier names (namesakes get two tags). The rules:

- ``source-qid``: the Eurocities JSON and the GPM table name the member's QID themselves.
- ``source-geonames``: the URBACT table names the member's GeoNames id.
- ``gexf-name+coords``: the mention's name is the English label of exactly one city item of the Wikidata
  extraction (``sister_cities.gexf``) in the mention's country, and the item lies within 10 km of the
  coordinates the source gives (Wikipedia list, ETMUN table).
- ``gexf-name+country``: as above for a source without coordinates (the Eurocities website list), with the
  name unique in its country among the extraction's items.
- ``namesake``: one name in one country placed by two sources more than 50 km apart (checked by hand: two towns).
- ``hard-case``: checked by hand: a city beside a same-named district item (Taoyuan, Rastatt), a source
  GeoNames id that names the neighbouring city (URBACT's Salford, Gateshead, Dún Laoghaire), a dotless ı.
Rows are sampled with a fixed seed; the ``checked`` column marks those verified by hand.
"""

from __future__ import annotations

import csv
import json
import math
import random
import re
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from loaders.resolution import country_code

# GeoNames ids whose Wikidata item the name rule misses (the extraction's label is another spelling:
# "City of Brussels", "Gijón"), checked by hand: the two ids name one place.
SAME_PLACE = {"2800866": "Q239", "3121424": "Q12273"}

NS = {"g": "http://www.gexf.net/1.2draft"}


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def gexf_items(path: Path) -> dict[tuple[str, str], list[tuple[str, float, float]]]:
    root = ET.parse(path).getroot()
    titles = {a.get("id"): a.get("title") for a in root.iterfind(".//g:attributes/g:attribute", NS)}
    by_name: dict[tuple[str, str], list[tuple[str, float, float]]] = defaultdict(list)
    for node in root.iterfind(".//g:nodes/g:node", NS):
        v = {titles[x.get("for")]: x.get("value") for x in node.iterfind(".//g:attvalue", NS)}
        iso = country_code(v.get("country")) or ""
        by_name[(node.get("label") or "", iso)].append(
            (node.get("id") or "", float(v["lat"]), float(v["lon"]))
        )
    return by_name


def num(text: str) -> float:
    return float(text.replace(",", "."))


def main(data: Path) -> None:
    items = gexf_items(data / "wikidata-sister-cities-2021/sister_cities.gexf")
    rng = random.Random(12)
    out: list[tuple[str, int, str, str, str, str]] = []

    def by_coords(name: str, iso: str | None, lat: float, lon: float) -> str | None:
        cands = items.get((name, iso or ""), [])
        near = [q for q, a, b in cands if km((lat, lon), (a, b)) <= 10]
        return near[0] if len(cands) == 1 and len(near) == 1 else None

    # Wikipedia twin list (geocoded): both sides of a row are mentions.
    wiki = data / "wikipedia-twin-cities-hekman/twin_cities_geocoded.csv"
    found = []
    with wiki.open(encoding="utf-8", newline="") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            for n in "12":
                iso = country_code(row[f"country{n}"])
                qid = by_coords(row[f"city{n}"], iso, num(row[f"lat{n}"]), num(row[f"lng{n}"]))
                if qid:
                    found.append((wiki.name, line, row[f"city{n}"], iso or "", qid, "gexf-name+coords"))
    out += rng.sample(found, 110)

    # ETMUN memberships (name + country + coordinates).
    etmun = data / "etmun-urbact-memberships/etmun_memberships_geocoded.csv"
    found = []
    with etmun.open(encoding="utf-8", newline="") as fh:
        for line, row in enumerate(csv.DictReader(fh, delimiter=";"), start=2):
            name, iso = row["Full_Name"], country_code(row["CountryCode"])
            if row["EntitySimplified"] not in ("City", "Municipality") or row["lat"] in ("", "NA"):
                continue
            qid = by_coords(name, iso, num(row["lat"]), num(row["lon"]))
            if qid:
                found.append((etmun.name, line, name, iso or "", qid, "gexf-name+coords"))
    out += rng.sample(found, 60)

    # URBACT memberships: the source's GeoNames id.
    urbact = data / "etmun-urbact-memberships/urbact_memberships.csv"
    found = []
    with urbact.open(encoding="utf-8", newline="") as fh:
        for line, row in enumerate(csv.DictReader(fh, delimiter=";"), start=2):
            if row["geonameId"].isdigit():
                iso = country_code(row["Country"]) or ""
                qid = by_coords(row["NameCity"], iso, num(row["lat_GN"]), num(row["lng_GN"]))
                qid = qid or SAME_PLACE.get(row["geonameId"])
                gold = f"{qid}|gn:{row['geonameId']}" if qid else f"gn:{row['geonameId']}"
                found.append((urbact.name, line, row["NameCity"], iso, gold, "source-geonames"))
    out += rng.sample(found, 50)

    # Eurocities (Wikidata-matched JSON): the source's QID; "line" is the member's position.
    euro = data / "eurocities-gpm-members/eurocities_members_wikidata.json"
    members = json.loads(euro.read_text(encoding="utf-8"))["members"]
    found = [
        (euro.name, i, m["name_on_website"], "", m["wikidata_id"], "source-qid")
        for i, m in enumerate(members, start=1)
        if re.fullmatch(r"Q[1-9]\d*", m.get("wikidata_id") or "")
    ]
    out += rng.sample(found, 50)

    # Eurocities website list: a city line, then its country line (no coordinates).
    site = data / "eurocities-gpm-members/eurocities_members_from_website.txt"
    lines = site.read_text(encoding="utf-8").splitlines()
    found = []
    for i in range(len(lines) - 1):
        name, iso = lines[i].strip(), country_code(lines[i + 1].strip())
        cands = items.get((name, iso or ""), [])
        if iso and name and not name.startswith("#") and len(cands) == 1:
            found.append((site.name, i + 1, name, iso, cands[0][0], "gexf-name+country"))
    out += rng.sample(found, min(30, len(found)))

    # Namesakes (hand-checked): the Wikipedia list and the ETMUN table name two towns alike.
    for file, line, name, iso, tag in [
        (wiki.name, 6497, "Bischofsheim", "DE", "local:bischofsheim-rhoen"),
        (etmun.name, 816, "Bischofsheim", "DE", "local:bischofsheim-hesse"),
        (wiki.name, 9755, "Beilstein", "DE", "local:beilstein-wuerttemberg"),
        (etmun.name, 4810, "Beilstein", "DE", "local:beilstein-moselle"),
        (wiki.name, 10249, "Vernouillet, Eure-et-Loir", "FR", "local:vernouillet-eure-et-loir"),
        (etmun.name, 1953, "Vernouillet", "FR", "local:vernouillet-yvelines"),
    ]:
        out.append((file, line, name, iso, tag, "namesake"))

    # Hard cases (hand-checked): a city and its same-named district or municipality item; a source's
    # GeoNames id that names the big neighbour (URBACT files Salford under Manchester's id, Gateshead
    # under Newcastle's, Dún Laoghaire under Dublin's); Turkish dotless ı written as i.
    urbact_name = urbact.name
    for file, line, name, iso, gold in [
        (wiki.name, 504, "Taoyuan", "TW", "Q115256"),
        (wiki.name, 3109, "Rastatt", "DE", "Q6874"),
        (urbact_name, 96, "Dún Laoghaire", "IE", "Q745989"),
        (urbact_name, 419, "Salford", "UK", "Q47952"),
        (urbact_name, 563, "Gateshead", "UK", "gn:2648773"),
        (etmun.name, 11943, "Kadikoy", "TR", "Q932886"),
    ]:
        out.append((file, line, name, iso, gold, "hard-case"))

    # Rows whose gold was verified by hand (the place's QID, or for namesakes the two towns on a map).
    checked = {
        "Prague",
        "Munich",
        "Lyon",
        "Strasbourg",
        "Helsinki",
        "Bologna",
        "Granada",
        "Stuttgart",
        "Birmingham",
        "Essen",
        "Groningen",
        "Katowice",
        "Palermo",
        "Münster",
        "Ferrara",
        "Baku",
        "Burgas",
        "Plymouth",
        "Sarajevo",
        "Oulu",
        "Wroclaw",
        "Valladolid",
        "Bergen",
        "Lublin",
        "Brescia",
        "Cluj-Napoca",
        "Nancy",
        "Bremerhaven",
        "Bristol",
        "Bischofsheim",
        "Beilstein",
        "Vernouillet",
        "Vernouillet, Eure-et-Loir",
        "Taoyuan",
        "Rastatt",
        "Dún Laoghaire",
        "Salford",
        "Gateshead",
        "Kadikoy",
    }
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["file", "line", "name", "country", "gold", "rule", "checked"])
    for row in sorted(out, key=lambda r: (r[0], r[1], r[2])):
        writer.writerow([*row, "yes" if row[2] in checked else ""])


if __name__ == "__main__":
    main(Path(sys.argv[1]))
