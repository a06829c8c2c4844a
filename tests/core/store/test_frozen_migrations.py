"""A released migration is frozen (store/migrations/__init__.py, store/postgres/schema.py): a store upgraded
by it must end up as a store made by it. Each migration's text is pinned here, so a change to a released step
— or to a function a step is built from (rls_schema.sync_writes_people_read builds two) — fails at once
instead of changing what the next upgrade does. A new migration appends its pin."""

from __future__ import annotations

import hashlib
import inspect

from ows_desktop.store import migrations
from ows_desktop.store.postgres import schema

PG = ["291220bd9d7a00a1", "0ac814925caea420", "601d080054fe4b5d", "7df4d822fb7f6559", "be6cc7509f3ecba0",
      "8391c1a64d8a0956", "6f9e0ee73e0acc22", "a94c73e0c9418a9c", "2edacc437df77363", "1025f066b178cac6",
      "05ec8befe1924234", "cb11e428a2094217", "ff486050232e4dd5", "3e6f14903354fd07", "344746470568cd6c",
      "1e4d57c401aaec16", "bf7ca21ed23d6ea9", "23e85be60329d89c", "3f36c1399bd0bb5e", "2e77dfbd5e122914",
      "38776e35882f69a6", "0bb91391b6794c40", "22532897ea3bf724", "8fe3d712336b9213"]  # fmt: skip
SQLITE = ["289a5c3a135b0b75", "f9b4e64cb84d9487", "bf81e19c47708e05", "cead5b7decc5bb0c", "c5b2f1b56bf5a53c",
          "6bfe24da29f8e962", "f33cdf8f0ff16501", "64b20857f6d4dd62", "8aef4542587a278f", "911c33d14254cd9e"]  # fmt: skip


def _pin(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def test_every_released_team_store_migration_is_as_it_was_released() -> None:
    texts = [
        "\x00".join(s if isinstance(s, str) else inspect.getsource(s) for s in m) for m in schema.MIGRATIONS
    ]
    assert [_pin(text) for text in texts] == PG


def test_every_released_cache_migration_is_as_it_was_released() -> None:
    modules = [inspect.getmodule(migrate) for migrate in migrations.MIGRATIONS]
    assert [_pin(inspect.getsource(module)) for module in modules if module is not None] == SQLITE
