"""PyInstaller runtime hook: point python-vlc at a libVLC bundled next to the app, when there is one.

A bundle built with ``--with-vlc`` carries ``vlc/`` (libvlc + libvlccore + ``plugins/``) in its internal
folder. python-vlc searches for libvlc at import time, so this runs before any app code. Without a bundled
libVLC nothing is set and the system's libVLC is used (Linux), or the app says "libVLC not found"."""

import os
import sys
from pathlib import Path


def _configure_bundled_vlc() -> None:
    root = Path(getattr(sys, "_MEIPASS", "")) / "vlc"
    if not root.is_dir():
        return
    names = {"win32": "libvlc.dll", "darwin": "libvlc.dylib"}
    lib = root / names.get(sys.platform, "libvlc.so.5")
    plugins = root / "plugins"
    if not lib.exists() or not plugins.is_dir():
        return
    os.environ.setdefault("PYTHON_VLC_LIB_PATH", str(lib))
    os.environ.setdefault("PYTHON_VLC_MODULE_PATH", str(root))
    os.environ.setdefault("VLC_PLUGIN_PATH", str(plugins))
    # A plugins.dat cache written for another path makes libVLC skip plugins: drop it, libVLC rebuilds it.
    stale = plugins / "plugins.dat"
    try:
        if stale.exists() and stale.stat().st_mtime < lib.stat().st_mtime:
            stale.unlink()
    except OSError:
        pass


_configure_bundled_vlc()
