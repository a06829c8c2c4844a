"""Issue #11, authentication: the client works against a tenant that reads only ``Authorization`` and one that
reads only ``Authentication``; a refused key stops everything at once, with one message for CLI and window."""

from __future__ import annotations

import io
import json
from typing import Any

import httpx
import pytest

from ows_desktop.basics.credentials import MemoryCredentialStore
from ows_desktop.basics.paths import AppPaths
from ows_desktop.cli.context import CliContext
from ows_desktop.cli.main import main
from ows_desktop.ows.client import OwsClient, make_http_client
from ows_desktop.ows.errors import AuthenticationError
from ows_desktop.ows.retry import RetryPolicy
from ows_desktop.ows.timestamps import from_epoch_us
from ows_desktop.simulator import FakeOws, SimConfig
from ows_desktop.ui.errors import sync_failure

CONFIG = SimConfig(seed=5, stores=2, terminals_per_store=2, days=1, tickets_per_store_day=80, users=30)
ENV = {"OWS_API_KEY": "demo-key", "OWS_API_SECRET": "demo-secret"}


def _retry() -> RetryPolicy:
    return RetryPolicy(max_attempts=3, base_delay=0.001, max_delay=0.001, sleep=lambda _s: None)


def _ctx(tmp_path, env=None) -> CliContext:
    return CliContext(
        paths=AppPaths.resolve(tmp_path / "data", env={}),
        credentials=MemoryCredentialStore(),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        stdin=io.StringIO(""),
        env=dict(ENV if env is None else env),
        retry_policy=_retry(),
    )


@pytest.mark.parametrize("mode", ["authorization", "authentication"])
def test_client_works_against_a_server_reading_only_one_header(mode):
    with FakeOws(CONFIG, auth_header=mode) as ows, make_http_client() as http:
        client = OwsClient(http, ows.api_url, "demo-key", "demo-secret", retry=_retry())
        assert len(client.users()) == 30
        lo, hi = ows.generator.persist_range()
        keys = {
            t.key for p in client.iter_ticket_pages(from_epoch_us(lo), from_epoch_us(hi)) for t in p.tickets
        }
        assert keys == ows.generator.all_ids_in_window(lo, hi)
        assert ows.counters.get("auth_failures", 0) == 0
        for _listener, _method, _path, headers in ows.request_log:
            credential_headers = {name for name, value in headers.items() if value.startswith("X-API-Key")}
            assert credential_headers == {"Authorization", "Authentication"}


@pytest.mark.parametrize("mode", ["authorization", "authentication"])
def test_cli_sync_against_a_server_reading_only_one_header(mode, tmp_path):
    with FakeOws(CONFIG, auth_header=mode) as ows:
        lo, hi = ows.generator.persist_range()
        ctx = _ctx(tmp_path)
        code = main(["sync", "--base-url", ows.api_url, "--start", str(lo), "--end", str(hi), "--json"], ctx)
        assert code == 0, ctx.stderr.getvalue()
        assert json.loads(ctx.stdout.getvalue())["stored_tickets"] == len(
            ows.generator.all_ids_in_window(lo, hi)
        )


def test_a_refused_key_stops_the_whole_sync_after_one_request(tmp_path):
    with FakeOws(CONFIG) as ows:
        lo, hi = ows.generator.persist_range()
        ctx = _ctx(tmp_path, env={"OWS_API_KEY": "demo-key", "OWS_API_SECRET": "lost-secret"})
        args = ["sync", "--base-url", ows.api_url, "--start", str(lo), "--end", str(hi), "--workers", "4"]
        assert main(args, ctx) == 3
        statuses = [c for c in ows.counters if c.startswith("status:")]
        assert statuses == ["status:401"]
        assert ows.counters["requests"] <= 2
        error = ctx.stderr.getvalue()
        assert "lost-secret" not in error
        assert "cannot show it again" in error
        assert "Management ▸ Integrations ▸ API Access" in error
        assert "ows-desktop login" in error


def test_after_a_401_the_client_sends_nothing_more():
    with FakeOws(CONFIG) as ows, make_http_client() as http:
        client = OwsClient(http, ows.api_url, "demo-key", "wrong", retry=_retry())
        for _ in range(3):
            with pytest.raises(AuthenticationError):
                client.users()
            with pytest.raises(AuthenticationError):
                client.tickets_endpoint()
        assert ows.counters["requests"] == 1


def test_a_disabled_token_says_so_in_the_cli_and_the_window_banner_alike(tmp_path):
    with FakeOws(CONFIG) as ows:
        ows.token_disabled = True
        ctx = _ctx(tmp_path)
        assert main(["users", "--base-url", ows.api_url], ctx) == 3
        cli_line = ctx.stderr.getvalue()
        assert "disabled" in cli_line
        with make_http_client() as http:
            client = OwsClient(http, ows.api_url, "demo-key", "demo-secret", retry=_retry())
            with pytest.raises(AuthenticationError) as caught:
                client.tickets_endpoint()
        assert caught.value.disabled
        banner = sync_failure(str(caught.value), caught.value.exit_code)
        assert str(caught.value) in banner.detail
        assert str(caught.value) in cli_line


@pytest.mark.parametrize(("mode", "accepted", "refused"), [("authorization", "Authorization", "Authentication"),
                                                            ("authentication", "Authentication", "Authorization")])  # fmt: skip
def test_fake_server_option_accepts_the_key_in_one_header_only(
    mode, accepted, refused, tmp_path, monkeypatch
):
    seen: dict[str, int] = {}

    def serve(self: FakeOws, ready: Any = None) -> None:  # instead of blocking until Ctrl+C: both headers
        if ready is not None:
            ready()
        for name in (accepted, refused):
            seen[name] = httpx.get(f"{self.api_url}/apip/cpos", headers={name: self.auth_header}).status_code
        self.stop()

    monkeypatch.setattr(FakeOws, "serve_forever_blocking", serve)
    ctx = _ctx(tmp_path)
    assert main(["fake-server", "--auth-header", mode, "--days", "1", "--stores", "1"], ctx) == 0
    assert seen == {accepted: 200, refused: 401}
    assert f"the {accepted} header only" in ctx.stdout.getvalue()
