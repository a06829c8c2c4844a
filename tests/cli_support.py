"""Helpers of the CLI tests: a :class:`CliContext` with injected services (memory credential store, text
streams, a fixed secret at the prompt, fast retries)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

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
