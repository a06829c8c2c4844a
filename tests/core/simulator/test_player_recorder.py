"""The simulated recorder: sample clips over HTTP on loopback, live and by time, with ranges and 404s."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from ows_desktop.camera.urls import PlaybackTemplate
from ows_desktop.simulator.recorder import FakeRecorder, parse_time, sample_clips

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


@pytest.fixture
def recorder():
    with FakeRecorder(now=lambda: NOW, gaps=[(NOW - timedelta(hours=3), NOW - timedelta(hours=2))]) as rec:
        yield rec


def test_the_sample_clips_are_small_h264_mp4s():
    clips = sample_clips()
    assert sorted(clips) == ["cam1", "cam2", "cam3", "cam4"]
    for path in clips.values():
        data = path.read_bytes()
        assert 100_000 < len(data) < 600_000
        assert data[4:8] == b"ftyp" and b"avc1" in data[:4096]  # faststart: the moov with avc1 comes first


def test_live_and_playback_serve_the_clip(recorder):
    size = sample_clips()["cam2"].stat().st_size
    with httpx.Client() as http:
        live = http.get(recorder.live_url("cam2"))
        assert live.status_code == 200 and len(live.content) == size
        assert live.headers["content-type"] == "video/mp4" and live.headers["accept-ranges"] == "bytes"
        url = PlaybackTemplate.parse(recorder.playback_template("cam2")).render(
            NOW - timedelta(seconds=8), NOW
        )
        recorded = http.get(url)
        assert recorded.status_code == 200 and recorded.headers["content-type"] == "video/mp4"
        assert recorded.content[4:8] == b"ftyp" and b"avc1" in recorded.content[:4096]
        head = http.head(recorder.live_url("cam2"))
        assert head.status_code == 200 and head.headers["content-length"] == str(size) and head.content == b""


@pytest.mark.parametrize("time_format", ["", "iso", "epoch", "epoch_ms", "%Y%m%dT%H%M%SZ"])
def test_every_template_time_form_is_understood(recorder, time_format):
    url = PlaybackTemplate.parse(recorder.playback_template("cam1", time_format)).render(
        NOW - timedelta(minutes=5), NOW
    )
    assert httpx.get(url).status_code == 200


def test_no_recording_in_the_future_before_retention_or_in_a_gap_is_404(recorder):
    template = PlaybackTemplate.parse(recorder.playback_template("cam1"))
    with httpx.Client() as http:
        for moment in (
            NOW + timedelta(hours=1),
            NOW - timedelta(days=31),
            NOW - timedelta(hours=2, minutes=30),
        ):
            response = http.get(template.render(moment, moment))
            assert response.status_code == 404 and "no recording" in response.text
        assert http.get(recorder.base_url + "/playback/cam1.mp4?start=yesterday").status_code == 400
        assert http.get(recorder.base_url + "/playback/cam1.mp4").status_code == 400
        assert http.get(recorder.base_url + "/live/cam9.mp4").status_code == 404


def test_range_requests(recorder):
    data = sample_clips()["cam3"].read_bytes()
    url = recorder.live_url("cam3")
    with httpx.Client() as http:
        r = http.get(url, headers={"Range": "bytes=100-199"})
        assert r.status_code == 206 and r.content == data[100:200]
        assert r.headers["content-range"] == f"bytes 100-199/{len(data)}"
        r = http.get(url, headers={"Range": f"bytes={len(data) - 10}-"})
        assert r.status_code == 206 and r.content == data[-10:]
        r = http.get(url, headers={"Range": "bytes=-16"})
        assert r.content == data[-16:]
        assert http.get(url, headers={"Range": f"bytes={len(data)}-"}).status_code == 416
        assert http.get(url, headers={"Range": "pages=1-2"}).status_code == 416
    assert ("GET", "/live/cam3.mp4", "bytes=100-199") in recorder.requests


def test_basic_authentication_when_configured():
    with FakeRecorder(credentials=("viewer", "p@ss")) as rec:
        assert httpx.get(rec.live_url("cam1")).status_code == 401
        assert httpx.get(rec.live_url("cam1"), auth=("viewer", "wrong")).status_code == 401
        assert httpx.get(rec.live_url("cam1"), auth=("viewer", "p@ss")).status_code == 200


def test_stop_closes_kept_alive_connections():
    rec = FakeRecorder().start()
    http = httpx.Client()
    try:
        assert http.get(rec.live_url("cam1"), headers={"Range": "bytes=0-9"}).status_code == 206
    finally:
        rec.stop()  # the fixture that checks for leaked threads would fail if a handler stayed alive
        http.close()
    with pytest.raises(RuntimeError, match="not running"):
        _ = rec.base_url


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-24T11:00:00Z",
        "2026-11-24T12:00:00+01:00",
        "1795518000",
        "1795518000000",
        "20261124T110000Z",
        "2026-11-24T12:00:00 01:00",
    ],  # a '+' that arrived unencoded in a query string is a space
)
def test_parse_time_forms(text):
    assert parse_time(text) == datetime(2026, 11, 24, 11, 0, tzinfo=UTC)


def test_parse_time_refuses_a_time_without_offset():
    with pytest.raises(ValueError, match="offset"):
        parse_time("2026-11-24T11:00:00")


def test_a_recorder_needs_clips(tmp_path):
    with pytest.raises(ValueError, match="no clips"):
        FakeRecorder(clips={})


def seconds_of(data: bytes) -> float:
    from ows_desktop.simulator.looped_clip import LoopedClip

    return LoopedClip(data).seconds


def test_playback_lasts_the_whole_requested_window_and_stops_where_the_recording_does(recorder):
    """Pre-roll + ticket + post-roll: a 95 s window gets 95 s of video, not the 10 s clip; a window that
    runs into a gap in the recording gets video up to the gap only."""
    template = PlaybackTemplate.parse(recorder.playback_template("cam1"))
    with httpx.Client() as http:
        start = NOW - timedelta(hours=4)
        whole = http.get(template.render(start, start + timedelta(seconds=95)))
        assert whole.status_code == 200 and seconds_of(whole.content) == 95.0
        gap_start = NOW - timedelta(hours=3)
        cut = http.get(template.render(gap_start - timedelta(seconds=30), gap_start + timedelta(seconds=30)))
        assert seconds_of(cut.content) == 30.0
        tail = http.get(template.render(NOW - timedelta(seconds=20), NOW + timedelta(minutes=5)))
        assert seconds_of(tail.content) == 25.0  # up to now (+5 s of encoder latency)
        size = len(whole.content)
        part = http.get(
            template.render(start, start + timedelta(seconds=95)), headers={"Range": f"bytes={size - 100}-"}
        )
        assert part.status_code == 206 and part.content == whole.content[-100:]


def test_libvlc_plays_the_whole_window_and_seeks_to_its_end(recorder):
    from ows_desktop.camera.media import build_media_request
    from ows_desktop.player.libvlc import VlcMediaBackend

    backend = VlcMediaBackend(headless=True)
    if not backend.availability().ok:
        pytest.skip("libVLC is not installed")
    try:
        player = backend.create_player()
        player.bind(0)
        start = NOW - timedelta(hours=4)
        url = PlaybackTemplate.parse(recorder.playback_template("cam2")).render(
            start, start + timedelta(seconds=60)
        )
        player.play(build_media_request(url))
        import time

        deadline = time.monotonic() + 10
        while player.time_ms() <= 0 and time.monotonic() < deadline:
            time.sleep(0.02)
        player.set_time_ms(55_000)
        deadline = time.monotonic() + 10
        while player.time_ms() < 55_000 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert 55_000 <= player.time_ms() < 60_000
        player.stop()
        player.release()
    finally:
        backend.close()
