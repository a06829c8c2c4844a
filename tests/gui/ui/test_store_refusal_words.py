"""The window's words for a team store that refused the connection for its connection limit (a real
PostgreSQL login at its ``CONNECTION LIMIT``), in English and in French: why the window could not open, or
could not switch to that store (ui/window_session.why) — not "Cannot reach the team store"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pg_cluster import Cluster
from team_roles import build_team

from ows_desktop.store.errors import StoreConnectError
from ows_desktop.ui.window_session import why

_SAID = {
    "en": "refused the connection: this login already has as many connections open as the server allows it",
    "fr": "a refusé la connexion : cet identifiant a déjà autant de connexions ouvertes que le serveur lui en",
}


def test_the_window_says_the_store_refused_for_its_connection_limit(
    pg_cluster: Cluster, tmp_path: Path, language: Any
) -> None:
    from ows_desktop.store.url import open_store_url

    team = build_team(pg_cluster, tmp_path / "team")
    team.admin(f"ALTER ROLE {team.director} CONNECTION LIMIT 1")
    held = team.connect(team.director)
    try:
        with pytest.raises(StoreConnectError) as refused:
            open_store_url(team.url(team.director), tmp_path / "unused.db", password=lambda _l: None)
    finally:
        held.close()
    said = why(refused.value)
    assert _SAID[language] in said and team.url(team.director) in said, said
    assert "Cannot reach" not in said and "Impossible de joindre" not in said
