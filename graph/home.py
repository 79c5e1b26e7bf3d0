"""Where a citykg home is when ``CITYKG_HOME`` does not say: the per-user data directory.

Kept apart from :mod:`graph.settings` so that a command on the embedded store
finds its home without importing pydantic-settings (about 0.2 s of CPU).
"""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_path

__all__ = ["default_home"]


def default_home() -> Path:
    """The per-user data directory (``~/.local/share/citykg`` on Linux)."""
    return user_data_path("citykg", appauthor=False)
