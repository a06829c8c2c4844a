"""``ows-desktop demo``: the real window against the simulated OWS on loopback.

The simulator runs in-process with a fixed seed (several stores, a few days ending today, voids, refunds,
no-sale drawer opens and discounts). The demo key lives in a :class:`MemoryCredentialStore` only, the
window syncs through the normal SyncTask, and with ``screenshot`` it waits for the sync, selects an
interesting receipt, renders the window at 1440×900 into a PNG and exits."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from ows_desktop.basics.credentials import Credentials, MemoryCredentialStore
from ows_desktop.basics.paths import AppPaths

log = logging.getLogger(__name__)

DEMO_SEED = 2026
DEMO_KEY = "demo-key"
DEMO_SECRET = "demo-secret"  # noqa: S105 - the simulator's well-known demo credential
DEMO_STORES = 6
DEMO_DAYS = 3
DEMO_TICKETS_PER_STORE_DAY = 320
# The simulated OWS listens on these ports when they are free: a cache (one per OWS tenant, by its URLs) or a
# team store belongs to the tenant its first sync reached, so the next demo run on the same --data-dir or
# store is the same tenant again, its flags and cases in view (with any free ports it was a new empty cache).
DEMO_PORTS = (47801, 47802)
SCREENSHOT_SIZE = (1440, 900)
SCREENSHOT_TIMEOUT_S = 120.0
VIDEO_SETTLE_S = 2.5  # receipt selected → first frame is ~0.1 s (tests/bench/RESULTS.md); leave margin


def demo_config(now: datetime) -> Any:
    from ows_desktop.simulator import SimConfig

    first_day = (now - timedelta(days=DEMO_DAYS - 1)).astimezone(UTC)
    return SimConfig(
        seed=DEMO_SEED,
        stores=DEMO_STORES,
        terminals_per_store=3,
        days=DEMO_DAYS,
        tickets_per_store_day=DEMO_TICKETS_PER_STORE_DAY,
        start=first_day,
    )


def interest(row: Any) -> int:
    """How well a receipt shows off the review view: a sale with a voided line and a discount is best."""
    score = 0
    if row.has_void and (row.status or "") == "sale":
        score += 8
    if row.discount_total:
        score += 4
    if 4 <= row.line_count <= 9:
        score += 2
    if row.has_refund or row.is_no_sale:
        score += 1
    return score


def pick_receipt(window: Any, within: int = 16) -> int:
    """The most interesting row among the first ``within`` rows (so it is visible without scrolling)."""
    model = window.receipts.model
    best, best_score = 0, -1
    for row in range(min(within, model.rowCount())):
        data = model.ticket_row(row)
        if data is None:
            continue
        score = interest(data)
        if score > best_score:
            best, best_score = row, score
    return best


def _wait(app: Any, condition: Any, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        app.processEvents()
        time.sleep(0.01)
    return True


def run_demo(
    data_dir: Path | None,
    screenshot: Path | None,
    dark: bool,
    language: str | None = None,
    *,
    store_url: str | None = None,
) -> int:
    """Run the demo window; with ``screenshot`` write the PNG and return 0 (1 when the sync failed).
    ``language``: the window's language and number locale (``--lang fr``), else the system's.
    ``store_url`` (``--store``): the store to sync into (a team store), else a SQLite cache in the data dir."""
    from ows_desktop.app import install_translation, run_window
    from ows_desktop.ui.app_shell import (
        display_problem,
        error_dialog,
        install_excepthook,
        install_qt_message_handler,
        make_application,
    )
    from ows_desktop.ui.translation import unknown_language

    if problem := unknown_language(language):
        sys.stderr.write(problem + "\n")
        return 2
    if display_problem():
        if screenshot is None:
            from ows_desktop.ui.app_shell import NO_DISPLAY_HELP

            sys.stderr.write(NO_DISPLAY_HELP + "\n")
            return 2
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a screenshot needs no display
    from ows_desktop.app import open_qt_settings
    from ows_desktop.basics.camera_secrets import MemoryCameraSecrets
    from ows_desktop.basics.logging_config import configure_logging
    from ows_desktop.camera.mapping_file import install_demo_cameras
    from ows_desktop.simulator import FakeOws
    from ows_desktop.simulator.recorder import FakeRecorder, default_clips_dir, sample_clips
    from ows_desktop.store.postgres.connect import password_from
    from ows_desktop.ui.filter_state import SyncRange

    with tempfile.TemporaryDirectory(prefix="ows-demo-") as tmp:
        paths = AppPaths.resolve(data_dir if data_dir is not None else tmp).ensure()
        configure_logging(paths.log_dir, debug=False)
        now = datetime.now(UTC)
        config = demo_config(now)
        palette = "dark" if dark else ("light" if screenshot is not None else None)
        app = make_application(palette=palette)
        install_translation(language)
        install_qt_message_handler()
        if screenshot is None:
            install_excepthook(paths.log_file, error_dialog(paths.log_file))
        ports = _demo_ports()
        with (
            FakeOws(
                config, key=DEMO_KEY, secret=DEMO_SECRET, api_port=ports[0], tickets_port=ports[1]
            ) as server,
            contextlib.ExitStack() as stack,
        ):
            credentials = MemoryCredentialStore({server.api_url: Credentials(DEMO_KEY, DEMO_SECRET)})
            store_password = password_from()  # the team store's, asked once for the demo and its window
            # the simulator is also the stores' video recorder: every demo terminal gets 1-4 cameras
            # (the production bundle ships without the sample clips: the demo then runs without video)
            if sample_clips():
                recorder = stack.enter_context(FakeRecorder())
                with _open_demo_store(paths, store_url, store_password) as store:
                    install_demo_cameras(store, server.generator.terminals(), recorder)
            else:
                log.info("No sample clips in %s: the demo runs without cameras", default_clips_dir())
            settings = open_qt_settings(paths.settings_file)
            settings.set("connection/base_url", server.api_url)
            start_local = datetime.fromtimestamp(config.start.timestamp()).astimezone()
            settings.set(
                "sync/range",
                SyncRange(
                    "custom", start_local.replace(tzinfo=None).isoformat(timespec="minutes"), None
                ).to_json(),
            )
            result: dict[str, Any] = {"code": 0}

            def on_window(window: Any) -> None:
                def sync_when_connected(connection: Any) -> None:
                    if connection is not None and not window.sync_running:
                        window.start_sync()

                window.connectionChanged.connect(sync_when_connected)
                if window.connection() is not None:
                    window.start_sync()
                if screenshot is not None:
                    window.resize(*SCREENSHOT_SIZE)
                    result["code"] = _screenshot(app, window, screenshot)
                    window.close()

            code = run_window(
                app,
                paths,
                credentials=credentials,
                on_window=on_window,
                settings=settings,
                camera_secrets=MemoryCameraSecrets(),
                store_url=store_url,
                store_password=store_password,
            )
            return result["code"] if screenshot is not None else code


def _demo_ports() -> tuple[int, int]:
    """DEMO_PORTS when both are free on loopback, else any (another demo runs: another tenant)."""
    import socket

    for port in DEMO_PORTS:
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                return (0, 0)
    return DEMO_PORTS


def _open_demo_store(paths: AppPaths, store_url: str | None, password: Any) -> Any:
    from ows_desktop.store.url import open_store_url

    return open_store_url(store_url, paths.database, password=password)


def _screenshot(app: Any, window: Any, path: Path) -> int:
    outcome: list[str] = []
    window.syncFinished.connect(outcome.append)
    if not _wait(app, lambda: bool(outcome), SCREENSHOT_TIMEOUT_S):
        log.error("The demo sync did not finish in %s s", SCREENSHOT_TIMEOUT_S)
        sys.stderr.write("ows-desktop demo: the sync did not finish in time; no screenshot written.\n")
        return 1
    if outcome[0] != "succeeded":
        sys.stderr.write(f"ows-desktop demo: the sync {outcome[0]}: {window.banner.detail_text()}\n")
        return 1
    window.banner.clear()
    window.receipts.refresh_now()
    _wait(app, lambda: window.receipts.total() is not None, 10.0)
    window.receipts.select_row(pick_receipt(window))
    window.receipts.table.setFocus()
    _wait(app, lambda: window.users.loading is False, 10.0)
    _wait(app, lambda: False, 0.3)  # let the last paints and the status bar settle
    image = window.grab()
    if window.video is not None and app.platformName() == "xcb":
        # libVLC draws into its own X window, which QWidget.grab() cannot see: grab the screen instead,
        # once the primary camera shows the ticket's moment.
        _wait(app, lambda: False, VIDEO_SETTLE_S)
        geometry = window.geometry()
        # the screen from the application, not window.screen() (ui/window_state.fit_to_screen says why)
        screen = app.screenAt(geometry.center()) or app.primaryScreen()
        image = screen.grabWindow(0, geometry.x(), geometry.y(), geometry.width(), geometry.height())
    path.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(path), "PNG"):
        sys.stderr.write(f"ows-desktop demo: could not write {path}\n")
        return 1
    sys.stdout.write(f"Screenshot written to {path}\n")
    return 0
