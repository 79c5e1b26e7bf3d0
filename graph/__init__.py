"""The graph: stores (embedded and Neo4j) and the questions asked of them.

Importing igraph also imports ``matplotlib.pyplot`` for igraph's own plotting,
which the project never uses (pictures are drawn with matplotlib directly in
:mod:`graph.visual`). That costs about 2 s of every command's start-up on a
busy 2-core machine, so while igraph's modules first run, matplotlib is hidden
from them; matplotlib itself stays importable as usual.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from collections.abc import Sequence
from types import ModuleType


class _IgraphWithoutPyplot(importlib.abc.MetaPathFinder):
    """Finds igraph as usual, but runs its first import with matplotlib hidden (once)."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != "igraph":
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None or "matplotlib" in sys.modules:
            return spec
        loader = spec.loader
        exec_module = loader.exec_module

        def hidden(module: ModuleType) -> None:
            sys.modules["matplotlib"] = None  # type: ignore[assignment]  # `import matplotlib` → ImportError
            try:
                exec_module(module)
            finally:
                if sys.modules.get("matplotlib", 0) is None:
                    del sys.modules["matplotlib"]

        loader.exec_module = hidden  # type: ignore[method-assign]
        return spec


if "igraph" not in sys.modules:
    sys.meta_path.insert(0, _IgraphWithoutPyplot())
