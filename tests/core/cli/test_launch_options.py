"""``ows-desktop fake-server`` and ``demo`` refuse bad options with one plain line and exit 2: a share of
requests past 1, no stores or days, a port past 65535 or already in use, a screenshot path that is a folder;
never "unexpected error" with a Python exception's name."""

from __future__ import annotations

import io
import socket
import sys
import types
from pathlib import Path
from typing import Any

import pytest
from cli_support import make_ctx

from ows_desktop.cli.main import main
from ows_desktop.simulator import FakeOws


@pytest.fixture
def no_blocking(monkeypatch: pytest.MonkeyPatch) -> list[FakeOws]:
    """A fake server that is let through stops at once instead of serving until Ctrl+C."""
    started: list[FakeOws] = []

    def serve_and_stop(self: FakeOws, ready: Any = None) -> None:
        started.append(self)
        if ready is not None:
            ready()  # what the command says once Ctrl+C is heard
        self.stop()

    monkeypatch.setattr(FakeOws, "serve_forever_blocking", serve_and_stop)
    return started


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--fault-rate", "2"], "--fault-rate must be from 0 to 1"),
        (["--fault-rate", "nan"], "--fault-rate must be from 0 to 1"),
        (["--stores", "-1"], "--stores must be at least 1"),
        (["--days", "0"], "--days must be at least 1"),
        (["--days", "99999999"], "--days must be at most 36500"),
        (["--tickets-per-day", "0"], "--tickets-per-day must be at least 1"),
        (["--api-port", "99999"], "--api-port must be from 0 to 65535"),
        (["--tickets-port", "-1"], "--tickets-port must be from 0 to 65535"),
        (["--latency", "-1"], "--latency must be from 0 to 600 seconds"),
        (["--latency", "inf"], "--latency must be from 0 to 600 seconds"),
    ],
)
def test_fake_server_options_out_of_range_are_one_line_and_exit_2(
    tmp_path: Path, no_blocking: list[FakeOws], argv: list[str], words: str
) -> None:
    ctx = make_ctx(tmp_path)
    assert main(["fake-server", *argv], ctx) == 2
    err = ctx.stderr.getvalue()
    assert words in err and len(err.splitlines()) == 1, err
    assert "unexpected error" not in err and not no_blocking  # refused before it listened


def test_a_port_in_use_is_named_with_the_option_that_picks_another(
    tmp_path: Path, no_blocking: list[FakeOws]
) -> None:
    with socket.socket() as taken, socket.socket() as probe:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        probe.bind(("127.0.0.1", 0))  # a free port for the API host, which does start before the refusal
        free = probe.getsockname()[1]
        probe.close()
        port = taken.getsockname()[1]
        ctx = make_ctx(tmp_path)
        argv = ["fake-server", "--api-port", str(free), "--tickets-port", str(port)]
        assert main(argv, ctx) == 2
        err = ctx.stderr.getvalue()
        assert err == (
            f"ows-desktop: Port {port} on 127.0.0.1 is already in use; pick another with --tickets-port "
            "(0: any free port).\n"
        )
        with socket.socket() as again:  # the API listener that did start was closed again
            again.bind(("127.0.0.1", free))
    assert main(["fake-server", "--days", "1", "--stores", "1"], make_ctx(tmp_path)) == 0
    assert len(no_blocking) == 1  # good options still start it


def test_demo_refuses_a_screenshot_path_that_is_a_folder_before_it_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs: list[object] = []
    stub = types.ModuleType("ows_desktop.demo")
    stub.run_demo = lambda *args, **kwargs: runs.append(args) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "ows_desktop.demo", stub)  # no window, no Qt in this test
    ctx = make_ctx(tmp_path)
    ctx.stdin = io.StringIO()
    folder = tmp_path / "shots"
    folder.mkdir()
    assert main(["demo", "--screenshot", str(folder)], ctx) == 2
    err = ctx.stderr.getvalue()
    example = folder / "demo.png"
    assert (
        err
        == f"ows-desktop: --screenshot {folder} is a folder; give the PNG file to write, e.g. {example}.\n"
    )
    assert runs == [] and list(folder.iterdir()) == []
    assert main(["demo", "--screenshot", str(folder / "demo.png")], ctx) == 0 and len(runs) == 1
