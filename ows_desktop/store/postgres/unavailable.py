"""The roles the team store does not implement yet. Each call raises a plain StoreError (exit 2) that says
so, instead of a traceback; the window and the CLI show it like any other store error.

Not yet on PostgreSQL: the exception rules (runs and results)."""

from __future__ import annotations

from typing import Any, NoReturn

from ows_desktop.store.errors import StoreError


class NotOnTeamStoreError(StoreError):
    """A feature the PostgreSQL team store does not have yet."""


class _NotYet:
    _role = ""

    def __init__(self, where: object) -> None:
        self._where = where

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return self._refuse

    def _refuse(self, *args: object, **kwargs: object) -> NoReturn:
        raise NotOnTeamStoreError(
            f"{self._role} is not available on the team store yet ({self._where}). "
            "Use a single-seat store (--store sqlite:PATH) for it."
        )


class NotYetRuleRuns(_NotYet):
    _role = "Exception rules"


class NotYetRuleResults(_NotYet):
    _role = "Exception rules"
