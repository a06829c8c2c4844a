"""A window resumed from its saved cursor starts over from its start only when the server answers that saved
cursor is no longer valid (the simulator: 400 "Invalid cursor" to it). Any other error of a resumed window, a
page the client refuses, fails the sync at once with the cursor kept: it used to fetch the whole window again
first (possibly thousands of tickets) and then fail at the same page anyway. Simulator over real HTTP."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from test_sync import CONFIG, client_for, http, stored_keys, window_of  # noqa: F401 - http is a fixture

from ows_desktop.ows.errors import ProtocolError
from ows_desktop.ows.timestamps import to_epoch_us
from ows_desktop.simulator import FakeOws
from ows_desktop.simulator.transport import Response, error_response
from ows_desktop.store import open_store
from ows_desktop.sync.engine import SyncEngine

PAGE = 10  # ~90 pages in the one window: a refetch of the window would be plain in the request count
K = 20  # the page whose cursor is refused first: cursors[K] asks for page K + 2
NULL_AMONG_RESULTS = Response(200, {"content": {"cursor": "next", "resultCount": 2, "results": [{}, None]}})
NO_CONTENT = Response(200, {"contents": {"cursor": "next", "results": []}})


class RefusingOws(FakeOws):
    """The simulator, but a page asked for with a cursor in ``refused`` (any cursor once it holds "*") is
    answered ``answer`` instead."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.refused: set[str] = set()
        self.answer = NULL_AMONG_RESULTS
        self.once = False  # refuse the next such request only

    def _tickets_page(self, query: dict[str, list[str]]) -> Response:
        cursor = query.get("cursor", [""])[-1]
        if cursor and (cursor in self.refused or "*" in self.refused):
            if self.once:
                self.refused = set()
            return self.answer
        return super()._tickets_page(query)


def engine(server: FakeOws, http, store) -> SyncEngine:  # noqa: F811
    """One cursor on one window (no split, no overlap): every request of a run is that window's."""
    return SyncEngine(
        client_for(server, http), store, workers=1, page_size=PAGE, max_window=None, overlap=timedelta(0)
    )


def ticket_requests(server: FakeOws) -> list[str]:
    return [path for _l, _m, path, _h in server.request_log if path.startswith("/apip/tickets")]


def window_cursors(server: FakeOws, http) -> list[str]:  # noqa: F811
    """The cursors of the window's pages, in order (each asks for the page after the one that carried it)."""
    start, end = window_of(server)
    pages = client_for(server, http).iter_ticket_pages(start, end, page_size=PAGE)
    return [page.cursor for page in pages if page.cursor]


def the_window(store):
    (window,) = store.windows_overlapping(-(2**62), 2**62)
    return window


def stopped_at(server: RefusingOws, store, http, cursor: str) -> None:  # noqa: F811
    """A first sync that fails at the page ``cursor`` asks for: the window's saved cursor is ``cursor``."""
    server.refused = {cursor}
    with pytest.raises(ProtocolError):
        engine(server, http, store).run(*window_of(server))
    assert (the_window(store).cursor, the_window(store).pages) == (cursor, K + 1)


@pytest.mark.parametrize(
    ("answer", "later"),
    [
        pytest.param(NULL_AMONG_RESULTS, 0, id="null-in-results-at-the-saved-cursor"),
        pytest.param(NO_CONTENT, 0, id="no-content-at-the-saved-cursor"),
        pytest.param(NULL_AMONG_RESULTS, 3, id="null-in-results-3-pages-on"),
        pytest.param(error_response(400, "Invalid cursor"), 3, id="400-to-a-cursor-of-this-run"),
    ],
)
def test_a_refused_page_of_a_resumed_window_fails_at_once_and_keeps_the_cursor(
    tmp_path,
    http,  # noqa: F811
    answer: Response,
    later: int,
) -> None:
    with RefusingOws(CONFIG) as server, open_store(tmp_path / "cache.sqlite3") as store:
        cursors = window_cursors(server, http)
        assert len(cursors) > K + 40
        stopped_at(server, store, http, cursors[K])
        saved_before = set(stored_keys(store))
        server.refused, server.answer = {cursors[K + later]}, answer
        server.reset_stats()

        with pytest.raises(ProtocolError) as caught:
            engine(server, http, store).run(*window_of(server))

        assert type(caught.value) is ProtocolError and caught.value.exit_code == 4
        assert "\n" not in str(caught.value)  # the CLI prints it as its one line
        asked = ticket_requests(server)
        assert len(asked) == later + 1, asked  # from the saved cursor to the refused page, no refetch
        assert not any("startDate" in path for path in asked)
        window = the_window(store)
        assert (window.cursor, window.pages, window.done) == (cursors[K + later], K + 1 + later, False)
        keys = stored_keys(store)
        assert len(keys) == len(set(keys)) and saved_before <= set(keys)
        assert (len(keys) == len(saved_before)) == (later == 0)

        server.refused = set()  # the server mended: the next sync resumes there and completes exactly
        server.reset_stats()
        result = engine(server, http, store).run(*window_of(server))
        assert result.resumed_windows == 1
        assert not any("startDate" in path for path in ticket_requests(server))
        keys = stored_keys(store)
        start, end = window_of(server)
        assert len(keys) == len(set(keys))
        assert set(keys) == server.generator.all_ids_in_window(to_epoch_us(start), to_epoch_us(end))


def test_an_expired_saved_cursor_starts_the_window_over_and_completes_exactly(tmp_path, http) -> None:  # noqa: F811
    with RefusingOws(CONFIG) as server, open_store(tmp_path / "cache.sqlite3") as store:
        cursors = window_cursors(server, http)
        stopped_at(server, store, http, cursors[K])
        server.refused = set()
        server.expire_cursors()  # the saved cursor is now answered 400 "Invalid cursor"
        server.reset_stats()

        result = engine(server, http, store).run(*window_of(server))

        asked = ticket_requests(server)
        assert asked[0].startswith(f"/apip/tickets?cursor={cursors[K]}&")  # refused once, not retried
        assert server.counters.get("status:400") == 1
        assert "startDate" in asked[1] and not any("startDate" in path for path in asked[2:])
        assert len(asked) == 1 + len(cursors) + 1  # then every page of the window from its start
        assert result.resumed_windows == 1 and the_window(store).done
        keys = stored_keys(store)
        start, end = window_of(server)
        assert len(keys) == len(set(keys))
        assert set(keys) == server.generator.all_ids_in_window(to_epoch_us(start), to_epoch_us(end))


def test_the_cli_shows_one_line_and_exit_4_after_one_request_when_a_resumed_page_is_refused(
    tmp_path,
) -> None:
    from cli_support import make_ctx

    from ows_desktop.cli import main

    env = {"OWS_API_KEY": "demo-key", "OWS_API_SECRET": "demo-secret"}
    with RefusingOws(CONFIG) as server:
        lo, hi = server.generator.persist_range()
        argv = ["sync", "--base-url", server.api_url, "--start", str(lo), "--end", str(hi), "--workers", "1"]
        server.refused = {"*"}  # the second page of every window is refused
        first = make_ctx(tmp_path, env=env)
        assert main.main(argv, first) == 4
        server.reset_stats()

        again = make_ctx(tmp_path, env=env)
        code = main.main(argv, again)

    assert isinstance(again.stderr, io.StringIO)
    err = again.stderr.getvalue()
    assert code == 4, err
    assert err.count("\n") == 1 and err.startswith("ows-desktop: ") and "Traceback" not in err
    assert "not an object" in err or "null" in err, err
    # the first window resumes from its saved cursor, which is refused again: one request, no refetch
    assert len(ticket_requests(server)) == 1, ticket_requests(server)


@pytest.mark.parametrize("status", [404, 410, 422])
def test_any_4xx_to_the_saved_cursor_starts_the_window_over(tmp_path, http, status: int) -> None:  # noqa: F811
    """OWS does not document how it refuses an expired cursor: any 4xx rejection of the saved cursor (not the
    key's 401/403, not a 429) starts its window over — a guess too narrow would fail every sync for good."""
    with RefusingOws(CONFIG) as server, open_store(tmp_path / "cache.sqlite3") as store:
        cursors = window_cursors(server, http)
        stopped_at(server, store, http, cursors[K])
        server.answer, server.once = error_response(status, "Cursor expired"), True
        server.reset_stats()
        result = engine(server, http, store).run(*window_of(server))
        asked = ticket_requests(server)
        assert asked[0].startswith(f"/apip/tickets?cursor={cursors[K]}&") and "startDate" in asked[1]
        assert result.resumed_windows == 1 and the_window(store).done
        keys = stored_keys(store)
        start, end = window_of(server)
        assert len(keys) == len(set(keys))
        assert set(keys) == server.generator.all_ids_in_window(to_epoch_us(start), to_epoch_us(end))
