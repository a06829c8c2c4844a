"""One place that configures logging: a rotating file in the platform log dir, the console when run from a
terminal, httpx kept quiet (it logs every URL at INFO), and every handler redacting the key and secret."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from collections.abc import Iterable
from pathlib import Path

from ows_desktop.basics.paths import ensure_private_dir

FORMAT = "%(asctime)s %(levelname)-7s %(threadName)s %(name)s: %(message)s"


def configure_logging(
    log_dir: Path | None, *, debug: bool = False, console: bool | None = None, secrets: Iterable[str] = ()
) -> logging.Logger:
    from ows_desktop.ows.auth import SecretRedactingFilter

    root = logging.getLogger()
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    for handler in list(root.handlers):
        if getattr(handler, "_ows_desktop", False):
            root.removeHandler(handler)
            handler.close()
    redact = SecretRedactingFilter([s for s in secrets if s])
    handlers: list[logging.Handler] = []
    if log_dir is not None:
        ensure_private_dir(log_dir)
        file_handler = logging.handlers.RotatingFileHandler(
            log_dir / "ows-desktop.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
        file_handler.setFormatter(logging.Formatter(FORMAT))
        handlers.append(file_handler)
    if console if console is not None else sys.stderr.isatty():
        stream = logging.StreamHandler()
        stream.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        stream.setLevel(logging.DEBUG if debug else logging.WARNING)
        handlers.append(stream)
    for handler in handlers:
        handler._ows_desktop = True  # type: ignore[attr-defined]
        handler.addFilter(redact)
        root.addHandler(handler)
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return root


def add_secrets_to_redaction(secrets: Iterable[str]) -> None:
    """Once credentials are known (after login or keyring read), redact them from every handler."""
    from ows_desktop.ows.auth import SecretRedactingFilter

    values = [s for s in secrets if s]
    if not values:
        return
    for handler in logging.getLogger().handlers:
        handler.addFilter(SecretRedactingFilter(values))
