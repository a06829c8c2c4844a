"""A package's public names imported when first used (PEP 562 module ``__getattr__``), not with the package.

Importing one module of a package runs its ``__init__`` first: when that ``__init__`` imports everything the
package offers, a process that needs one small module (the PDF's layout and drawing process needs the store's
zones and review labels) pays for them all at every start. No Qt here."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_attributes(
    package: str, module_of: Mapping[str, str], namespace: dict[str, Any]
) -> Callable[[str], Any]:
    """The ``__getattr__`` of ``package``: name → ``package.<module_of[name]>.<name>``, imported on first use
    and then kept in the package's ``namespace`` (its ``globals()``), so later uses are plain lookups."""

    def __getattr__(name: str) -> Any:
        module = module_of.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{module}"), name)
        namespace[name] = value
        return value

    return __getattr__
