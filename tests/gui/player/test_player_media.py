"""What libVLC is asked to open: per-media RTSP/HTTP options from the settings, credentials kept out of
URLs for RTSP and out of anything printable; and the libVLC loader failing softly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ows_desktop.camera.media import build_media_request
from ows_desktop.player import libvlc


def test_rtsp_gets_tcp_caching_and_credentials_as_options_not_in_the_url():
    req = build_media_request(
        "rtsp://admin@10.0.0.5:554/stream1", password="Pa55:w@rd", network_caching_ms=750
    )
    assert req.url == "rtsp://10.0.0.5:554/stream1"
    assert req.options == (":network-caching=750", ":rtsp-tcp", ":rtsp-user=admin", ":rtsp-pwd=Pa55:w@rd")
    assert req.display_url == "rtsp://10.0.0.5:554/stream1"
    assert "Pa55" not in repr(req) and "Pa55" not in str(req)


def test_rtsp_over_udp_when_the_setting_says_so_and_a_password_left_in_the_url_is_moved():
    req = build_media_request("rtsps://u:inline@cam/1", rtsp_tcp=False)
    assert req.url == "rtsps://cam/1"
    assert req.options == (":network-caching=1000", ":rtsp-user=u", ":rtsp-pwd=inline")


def test_http_credentials_go_into_the_url_only():
    req = build_media_request("https://viewer@nvr.local/live/1.ts", password="p@ss")
    assert req.url == "https://viewer:p%40ss@nvr.local/live/1.ts"
    assert req.options == (":network-caching=1000",)
    assert req.display_url == "https://nvr.local/live/1.ts"
    assert "p@ss" not in repr(req) and "p%40ss" not in repr(req)


def test_local_files_get_a_short_file_cache():
    req = build_media_request("file:///srv/clip.mp4")
    assert req.url == "file:///srv/clip.mp4" and req.options == (":file-caching=300",)


def test_install_hints_name_what_to_install():
    assert "libvlc5 vlc-plugin-base vlc-plugin-video-output" in libvlc.install_hint("linux")
    assert "VLC 3" in libvlc.install_hint("win32") and "videolan.org" in libvlc.install_hint("darwin")


def test_wayland_sessions_ask_qt_for_xcb_unless_told_otherwise(monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    env = {"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}
    assert libvlc.prefer_xcb_for_video(env) and env["QT_QPA_PLATFORM"] == "xcb"
    env = {"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0", "QT_QPA_PLATFORM": "wayland"}
    assert not libvlc.prefer_xcb_for_video(env) and env["QT_QPA_PLATFORM"] == "wayland"
    assert not libvlc.prefer_xcb_for_video({"WAYLAND_DISPLAY": "wayland-0"})  # no XWayland: nothing to do


def test_a_bundled_libvlc_is_found_through_the_python_vlc_variables(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    (tmp_path / "vlc" / "plugins").mkdir(parents=True)
    (tmp_path / "vlc" / "libvlc.so.5").write_bytes(b"")
    env: dict[str, str] = {}
    assert libvlc.configure_bundled_vlc(env, root=tmp_path)
    assert env == {
        "PYTHON_VLC_LIB_PATH": str(tmp_path / "vlc" / "libvlc.so.5"),
        "PYTHON_VLC_MODULE_PATH": str(tmp_path / "vlc" / "plugins"),
        "VLC_PLUGIN_PATH": str(tmp_path / "vlc" / "plugins"),
    }
    env = {"PYTHON_VLC_LIB_PATH": "/custom/libvlc.so"}
    libvlc.configure_bundled_vlc(env, root=tmp_path)
    assert env["PYTHON_VLC_LIB_PATH"] == "/custom/libvlc.so"  # an explicit setting wins
    assert not libvlc.configure_bundled_vlc({}, root=tmp_path / "elsewhere")


@pytest.mark.parametrize(
    ("platform", "method"), [("linux", "set_xwindow"), ("win32", "set_hwnd"), ("darwin", "set_nsobject")]
)
def test_embedding_uses_the_native_handle_of_each_os_and_leaves_input_to_qt(platform, method):
    calls = []

    class Player:
        def __getattr__(self, name):
            return lambda *args: calls.append((name, *args))

    libvlc.bind_video_output(Player(), 4242, platform)
    assert calls == [(method, 4242), ("video_set_mouse_input", False), ("video_set_key_input", False)]


def _availability_in_subprocess(
    env_changes: dict[str, str], tmp_path: Path, extra_path: Path | None = None
) -> str:
    code = (
        "import sys\n"
        + (f"sys.path.insert(0, {str(extra_path)!r})\n" if extra_path else "")
        + "from ows_desktop.player.libvlc import VlcMediaBackend\n"
        "b = VlcMediaBackend(['--aout=dummy', '--vout=dummy'])\n"
        "a = b.availability()\n"
        "print('OK' if a.ok else 'UNAVAILABLE ' + a.message)\n"
        "print('still running')\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON_VLC")}
    env.update(env_changes)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("still running\n")
    return result.stdout.splitlines()[0]


def test_a_bad_python_vlc_lib_path_is_a_message_not_an_exit(tmp_path):
    out = _availability_in_subprocess({"PYTHON_VLC_LIB_PATH": str(tmp_path / "no-libvlc.so")}, tmp_path)
    assert out.startswith("UNAVAILABLE libVLC not found (SystemExit")
    assert "PYTHON_VLC_LIB_PATH=" in out and "Install" in out


def test_a_missing_library_is_reported_with_what_to_install(tmp_path):
    fake = tmp_path / "fakevlc"
    fake.mkdir()
    (fake / "vlc.py").write_text("raise NotImplementedError('Cannot find libvlc lib')\n")
    out = _availability_in_subprocess({}, tmp_path, extra_path=fake)
    assert (
        out
        == f"UNAVAILABLE libVLC not found (NotImplementedError: Cannot find libvlc lib). {libvlc.install_hint()}"
    )


@pytest.mark.parametrize(
    "instance",
    [
        "def Instance(*args):\n    return None\n",  # libvlc5 without plugins
        "def Instance(*args):\n    raise NameError('dll')\n",
    ],  # python-vlc whose library failed to load
)
def test_libvlc_that_cannot_start_is_reported(tmp_path, instance):
    fake = tmp_path / "fakevlc"
    fake.mkdir()
    (fake / "vlc.py").write_text("def libvlc_get_version():\n    return b'3.0.24'\n" + instance)
    out = _availability_in_subprocess({}, tmp_path, extra_path=fake)
    assert out.startswith("UNAVAILABLE libVLC not found (")
    assert ("without its plugins" in out) != ("NameError: dll" in out)
    assert out.endswith(libvlc.install_hint())


def test_a_recording_to_step_through_is_read_with_libavformat_and_a_live_or_rtsp_stream_is_not():
    # libVLC 3's own MP4 demuxer showed grey after a paused seek in a fragmented MP4 (camera/media.py)
    for url in ("http://nvr/p/1.mp4?start=1", "https://nvr/p/1", "file:///srv/rec/1.mp4"):
        req = build_media_request(url, frame_accurate=True)
        assert req.frame_accurate and req.options[-1] == ":demux=avformat,any", url
    for url, accurate in (("rtsp://nvr/playback/1", True), ("http://cam/live.mp4", False)):
        req = build_media_request(url, frame_accurate=accurate)
        assert not req.frame_accurate and not any("demux" in o for o in req.options), url
