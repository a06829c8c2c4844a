"""Build the OWS Desktop bundle with PyInstaller and smoke-test it.

    python packaging/build.py [--demo] [--with-vlc DIR] [--no-build] [--tarball]

Builds dist/ows-desktop/ (onedir) from packaging/ows-desktop.spec, then runs the bundle as a user would:
`ows-desktop --version`, and `ows-desktop demo --screenshot` (offscreen, or under Xvfb when DISPLAY is
set) which must exit 0 and write a non-empty PNG, and checks the bundle carries the app's translations and
Qt's qtbase ones for the same languages. Prints the bundle's size and start times.
--demo includes the sample clips; --with-vlc bundles libVLC and its plugins from a VLC install;
--tarball packs dist/ows-desktop-<version>-linux-<arch>.tar.gz with the .desktop file and icon."""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
BUNDLE = DIST / "ows-desktop"


def build(demo: bool, vlc_dir: str | None) -> float:
    env = {**os.environ, "OWS_DEMO_FLAVOUR": "1" if demo else "0", "OWS_BUNDLE_VLC": vlc_dir or ""}
    started = time.monotonic()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(DIST),
            "--workpath",
            str(ROOT / "build" / "pyinstaller"),
            str(ROOT / "packaging" / "ows-desktop.spec"),
        ],
        check=True,
        cwd=ROOT,
        env=env,
    )
    return time.monotonic() - started


def executable() -> Path:
    return BUNDLE / ("ows-desktop.exe" if sys.platform == "win32" else "ows-desktop")


def size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def bundled_translations() -> list[str]:
    """The translation catalogues the bundle must carry: the app's own (English's plural forms, "1 receipt"
    and "3 receipts" instead of "receipt(s)", and every language) and Qt's qtbase for each of its languages
    (the standard buttons of dialogs). Raises SystemExit naming the missing ones."""
    ours = sorted(p.name for p in (ROOT / "resources" / "translations").glob("ows_desktop_*.qm"))
    wanted = ours + [f"qtbase_{name.removesuffix('.qm').split('_')[-1]}.qm" for name in ours]
    found = {p.name for p in BUNDLE.rglob("*.qm")}
    missing = [name for name in wanted if name not in found]
    if missing:
        raise SystemExit(
            f"the bundle lacks translations: {', '.join(missing)} (packaging/ows-desktop.spec trims them)"
        )
    return wanted


def bundled_fonts() -> list[str]:
    """The fonts the app ships (resources/fonts: the CJK fonts and their licences) must be in the bundle;
    raises SystemExit naming the missing ones."""
    ours = sorted(p.name for p in (ROOT / "resources" / "fonts").iterdir() if p.name != "README.md")
    found = {p.name for p in BUNDLE.rglob("*") if p.parent.name == "fonts"}
    missing = [name for name in ours if name not in found]
    if missing:
        raise SystemExit(f"the bundle lacks fonts: {', '.join(missing)} (packaging/ows-desktop.spec)")
    return ours


def smoke_test() -> dict[str, float]:
    exe = executable()
    if not exe.exists():
        raise SystemExit(f"no bundle at {exe}: build it first")
    print(f"  translations: {', '.join(bundled_translations())}")
    print(f"  fonts: {', '.join(bundled_fonts())}")
    with tempfile.TemporaryDirectory(prefix="ows-bundle-smoke-") as tmp:
        env = {**os.environ, "OWS_DESKTOP_DATA_DIR": str(Path(tmp) / "data"), "PYTHONPATH": ""}
        env.pop("VIRTUAL_ENV", None)
        if not env.get("DISPLAY"):
            env["QT_QPA_PLATFORM"] = "offscreen"
        env.setdefault("XDG_RUNTIME_DIR", tmp)
        started = time.monotonic()
        out = subprocess.run([str(exe), "--version"], capture_output=True, text=True, env=env, timeout=120)
        version_s = time.monotonic() - started
        if out.returncode != 0 or "ows-desktop" not in out.stdout:
            raise SystemExit(f"--version failed ({out.returncode}): {out.stdout}{out.stderr}")
        print(f"  {out.stdout.strip()}  ({version_s:.2f} s)")
        png = Path(tmp) / "shot.png"
        started = time.monotonic()
        out = subprocess.run(
            [str(exe), "demo", "--screenshot", str(png)], capture_output=True, text=True, env=env, timeout=300
        )
        demo_s = time.monotonic() - started
        if out.returncode != 0:
            raise SystemExit(f"demo --screenshot failed ({out.returncode}):\n{out.stdout}\n{out.stderr}")
        if not png.exists() or png.stat().st_size < 10_000:
            raise SystemExit(f"demo --screenshot wrote no usable PNG at {png}")
        with png.open("rb") as f:
            if f.read(8) != b"\x89PNG\r\n\x1a\n":
                raise SystemExit("demo --screenshot did not write a PNG")
        if env.get("DBUS_SESSION_BUS_ADDRESS"):
            keyring_round_trip(exe, env)
        kept = DIST / "bundle-screenshot.png"
        shutil.copyfile(png, kept)
        print(f"  demo --screenshot: exit 0, {png.stat().st_size / 1e3:.0f} KB PNG ({demo_s:.1f} s) → {kept}")
        return {"version_s": version_s, "demo_s": demo_s}


def keyring_round_trip(exe: Path, env: dict[str, str]) -> None:
    """With a Secret Service on the session bus: `login` from the bundle stores the key in the OS keyring and
    `users` reads it back (keyring's backends must have been bundled, entry points and all)."""
    import re

    server = subprocess.Popen(
        [str(exe), "fake-server", "--key", "bundle-key", "--secret", "bundle-secret"],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        url = next(m.group(1) for line in server.stdout if (m := re.search(r"API Access URL: (\S+)", line)))
        out = subprocess.run(
            [str(exe), "login", "--base-url", url],
            input="bundle-key\nbundle-secret\n",  # the key and the secret piped in (never in argv)
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        if out.returncode != 0:
            raise SystemExit(f"login from the bundle failed ({out.returncode}): {out.stderr}")
        out = subprocess.run(
            [str(exe), "users", "--json", "--base-url", url],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        if out.returncode != 0 or '"emailAddress"' not in out.stdout:
            raise SystemExit(f"users with the keyring's credentials failed ({out.returncode}): {out.stderr}")
        subprocess.run([str(exe), "logout", "--base-url", url], capture_output=True, env=env, timeout=60)
        print("  login → OS keyring → users: ok")
    finally:
        server.terminate()
        server.wait(10)
        server.stdout.close()


def tarball() -> Path:
    from ows_desktop import __version__

    name = f"ows-desktop-{__version__}-linux-{platform.machine()}"
    target = DIST / f"{name}.tar.gz"
    with tarfile.open(target, "w:gz") as tar:
        tar.add(BUNDLE, arcname=f"{name}/ows-desktop")
        tar.add(ROOT / "packaging" / "linux" / "ows-desktop.desktop", arcname=f"{name}/ows-desktop.desktop")
        tar.add(ROOT / "packaging" / "linux" / "install.sh", arcname=f"{name}/install.sh")
        icon = ROOT / "resources" / "ows-desktop.png"
        if icon.exists():
            tar.add(icon, arcname=f"{name}/ows-desktop.png")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo", action="store_true", help="include the sample clips")
    parser.add_argument("--with-vlc", metavar="DIR", help="bundle libVLC + plugins from this VLC install")
    parser.add_argument("--no-build", action="store_true", help="only smoke-test an existing bundle")
    parser.add_argument("--tarball", action="store_true", help="also pack a Linux tarball")
    args = parser.parse_args(argv)
    if not args.no_build:
        seconds = build(args.demo, args.with_vlc)
        print(f"built {BUNDLE} in {seconds:.0f} s")
    print(f"bundle size: {size_mb(BUNDLE):.0f} MB")
    print("smoke test:")
    smoke_test()
    if args.tarball:
        target = tarball()
        print(f"tarball: {target} ({target.stat().st_size / 1e6:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
