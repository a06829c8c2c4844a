"""What the libVLC child processes of the player tests share. Each runs as ``python <test module> <scenario>
<folder>`` (test_player_vlc.run_child), so this folder is first on its path: a wait that turns Qt's event
loop, and a video pane over real libVLC on the simulated recorder's cameras of register S1-R01."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def event_wait(default_timeout: float) -> Callable[..., bool]:
    """``wait(condition, timeout=default_timeout)``: Qt's events turned until ``condition()`` holds (False at
    the timeout). Not QApplication.processEvents(): see bench_video.py (PySide6 6.12.0 drops a None reference
    per call)."""
    from PySide6.QtCore import QEventLoop

    loop = QEventLoop()

    def wait(condition: Callable[[], Any], timeout: float = default_timeout) -> bool:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                return False
            loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
            time.sleep(0.002)
        return True

    return wait


def recorder_pane(
    recorder: Any, workdir: Path, settings: dict[str, Any], snapshot_dir: Path
) -> tuple[Any, Any]:
    """(store, pane): a cache in ``workdir`` with ``recorder``'s cameras mapped to S1-R01, and a VideoPane on
    it over real libVLC without sound."""
    from ows_desktop.basics.camera_secrets import MemoryCameraSecrets
    from ows_desktop.basics.settings import AppSettings, DictSettingsBackend
    from ows_desktop.camera.mapping_file import import_mapping
    from ows_desktop.player.libvlc import VlcMediaBackend
    from ows_desktop.store import open_store
    from ows_desktop.store.cameras import CameraRepository
    from ows_desktop.ui.video_pane import VideoPane

    store = open_store(workdir / "cache" / "tickets.sqlite3")
    repo = CameraRepository(store, MemoryCameraSecrets())
    import_mapping(repo, recorder.demo_mapping([("S1", "S1-R01")]))
    backend = VlcMediaBackend(["--aout=dummy"])
    pane = VideoPane(backend, repo, AppSettings(DictSettingsBackend(settings)), snapshot_dir=snapshot_dir)
    return store, backend, pane


def close_pane(pane: Any, backend: Any, wait: Callable[..., bool]) -> bool:
    """Close ``pane`` and then its libVLC ``backend``; True when the pane let its player go on closing."""
    pane.close()
    wait(lambda: False, 0.05)
    closed = pane.single.controller is None
    pane.deleteLater()
    wait(lambda: False, 0.05)
    backend.close()
    return closed
