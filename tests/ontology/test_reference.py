"""docs/ontology.md is the generator's current output."""

from __future__ import annotations

from pathlib import Path

from ontology.reference import render_reference
from ontology.vocab import CKG

DOC = Path(__file__).resolve().parents[2] / "docs" / "ontology.md"


def test_reference_doc_is_up_to_date() -> None:
    assert DOC.read_text(encoding="utf-8") == render_reference(), (
        "docs/ontology.md is stale; regenerate it with: python -m ontology.reference > docs/ontology.md"
    )


def test_reference_names_every_class_and_property() -> None:
    text = render_reference()
    for name in CKG.__annotations__:
        assert f"`ckg:{name}`" in text, f"ckg:{name} is missing from the reference"
