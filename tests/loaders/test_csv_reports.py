"""The CSV reports of a load (resolution report) never hold a live spreadsheet formula."""

from __future__ import annotations

import csv
from pathlib import Path

from loaders.resolution import Resolution, ResolutionReport


def test_the_resolution_report_neutralises_formulas(tmp_path: Path) -> None:
    report = ResolutionReport()
    hostile = '=HYPERLINK("http://evil.example","Qazvin")'
    report.add("partners", "p.csv", 2, hostile, "@IR", Resolution("unmatched", None, "no match"))
    report.add("partners", "p.csv", 3, "Qazvin", "IR", Resolution("matched", "qazvin", "name"))
    path = report.write_csv(tmp_path / "report.csv")
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0]["name"] == "'" + hostile
    assert rows[0]["country"] == "'@IR"
    assert rows[1]["name"] == "Qazvin"
    assert rows[1]["id"] == "qazvin"
