"""Write the bundled English labels of the Wikidata twinning export from the GEXF of the same extraction.

Run: ``.venv/bin/python scripts/extract_gexf_labels.py ../shared/data/wikidata-sister-cities-2021/sister_cities.gexf``

The GEXF (Wikidata, CC0) names each city item by its English label and country; the output
``loaders/data/wikidata-city-labels-2021.en.csv`` has the columns ``item``, ``itemLabel``,
``country_iso2`` (the ISO code of the English country name, empty when it is not one), ``lat`` and ``lon``.
"""

from __future__ import annotations

import csv
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from loaders.resolution import country_code

NS = {"g": "http://www.gexf.net/1.2draft"}
OUT = Path(__file__).resolve().parents[1] / "loaders" / "data" / "wikidata-city-labels-2021.en.csv"


def main(gexf: Path) -> None:
    root = ET.parse(gexf).getroot()
    titles = {a.get("id"): a.get("title") for a in root.iterfind(".//g:attributes/g:attribute", NS)}
    rows = []
    for node in root.iterfind(".//g:nodes/g:node", NS):
        values = {titles[v.get("for")]: v.get("value") for v in node.iterfind(".//g:attvalue", NS)}
        iso = country_code(values.get("country")) or ""
        rows.append(
            (
                f"http://www.wikidata.org/entity/{node.get('id')}",
                node.get("label") or "",
                iso,
                values.get("lat", ""),
                values.get("lon", ""),
            )
        )
    rows.sort(key=lambda r: int(r[0].rsplit("Q", 1)[1]))
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["item", "itemLabel", "country_iso2", "lat", "lon"])
        writer.writerows(rows)
    sys.stdout.write(f"{len(rows)} labels → {OUT}\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
