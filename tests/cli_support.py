"""Helpers of the CLI tests: a :class:`CliContext` with injected services (memory credential store, text
streams, a fixed secret at the prompt, fast retries)."""

from __future__ import annotations

import contextlib
import io
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ows_desktop.basics.credentials import MemoryCredentialStore
from ows_desktop.basics.paths import AppPaths
from ows_desktop.cli.context import CliContext
from ows_desktop.ows.retry import RetryPolicy


def make_ctx(tmp_path: Path, store: Any = None, secret: str = "demo-secret", env: Any = None) -> CliContext:
    return CliContext(
        paths=AppPaths.resolve(tmp_path / "data", env={}),
        credentials=store or MemoryCredentialStore(),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        stdin=io.StringIO("demo-key\n"),
        env=env or {},
        read_secret=lambda _prompt: secret,
        retry_policy=RetryPolicy(max_attempts=2, base_delay=0.001, max_delay=0.001, sleep=lambda _s: None),
    )


def ctx_on(paths: AppPaths, env: Any = None) -> CliContext:
    """A context on ``paths`` (the ``store`` fixture's cache is ``paths.database``), nothing typed at prompts."""
    return CliContext(
        paths=paths,
        credentials=MemoryCredentialStore(),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        stdin=io.StringIO(),
        env=env or {},
    )


@contextlib.contextmanager
def tmpfs(where: Path, *options: str) -> Iterator[Path]:
    """A real small disk at ``where`` (``mount -t tmpfs -o OPTIONS``: ``size=16k``, ``ro``), unmounted after;
    the test is skipped where mounting is not allowed (CI runs as root, where a chmod would not stop a write).
    """
    where.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", ",".join(options), "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.decode(errors='replace').strip()})")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)
