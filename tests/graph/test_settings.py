"""Store settings from the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.settings import StoreSettings


def test_home_and_store_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CITYKG_HOME", str(tmp_path))
    monkeypatch.setenv("CITYKG_STORE", "neo4j")
    settings = StoreSettings()
    assert settings.store_path == tmp_path / "store"
    assert settings.store == "neo4j"


def test_an_empty_home_means_the_default_not_the_working_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CITYKG_HOME", "")
    home = StoreSettings().home
    assert home.is_absolute()
    assert home != Path()
