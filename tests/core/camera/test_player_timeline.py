"""Seek arithmetic (pre-roll, post-roll, clock offset, line at a time) and playback URL templates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ows_desktop.camera.timeline import LineTimes, plan_playback
from ows_desktop.camera.urls import (
    CameraUrlError,
    PlaybackTemplate,
    split_password,
    with_password,
    without_userinfo,
)

START = datetime(2026, 11, 20, 14, 3, 5, 250_000, tzinfo=UTC)  # a POS time with milliseconds
END = START + timedelta(seconds=42)


# --------------------------------------------------------------------------------------------- templates
@pytest.mark.parametrize(
    ("template", "expected"),
    [
        (
            "http://nvr/p?start={start}&end={end}",
            "http://nvr/p?start=2026-11-20T14:02:55Z&end=2026-11-20T14:03:58Z",
        ),
        ("http://nvr/p?s={start:iso}", "http://nvr/p?s=2026-11-20T14:02:55Z"),
        ("http://nvr/p?s={start:epoch}&e={end:epoch}", "http://nvr/p?s=1795183375&e=1795183438"),
        ("http://nvr/p?s={start:epoch_ms}", "http://nvr/p?s=1795183375000"),
        ("rtsp://nvr/rec/{start:%Y%m%dT%H%M%SZ}-{end:%H%M%S}", "rtsp://nvr/rec/20261120T140255Z-140358"),
        ("http://nvr/p?s={start}&json={{x}}", "http://nvr/p?s=2026-11-20T14:02:55Z&json={x}"),
    ],
)
def test_template_formats(template, expected):
    plan = plan_playback(
        live_url="rtsp://cam/live", playback_template=template, ticket_start=START, ticket_end=END
    )
    assert plan.url == expected
    assert plan.seekable


def test_templates_render_in_utc_whatever_the_input_zone():
    local = START.astimezone(timezone(timedelta(hours=-5)))
    t = PlaybackTemplate.parse("http://nvr/{start:%H:%M:%S}")
    assert t.render(local, local) == "http://nvr/14:03:05"


@pytest.mark.parametrize(
    "bad",
    [
        "http://nvr/p",
        "http://nvr/{stop}",
        "http://nvr/{start.year}",
        "http://nvr/{start!r}",
        "http://nvr/{start:x}",
        "http://nvr/{0}",
        "ftp://nvr/{start}",
        "http://nvr/{start",
    ],
)
def test_invalid_templates(bad):
    with pytest.raises(CameraUrlError):
        PlaybackTemplate.parse(bad)


def test_passwords_are_split_out_and_put_back():
    url, password = split_password("rtsp://admin:p%40ss%3Aw@10.0.0.5:554/s?x=1")
    assert (url, password) == ("rtsp://admin@10.0.0.5:554/s?x=1", "p@ss:w")
    assert with_password(url, password) == "rtsp://admin:p%40ss%3Aw@10.0.0.5:554/s?x=1"
    assert without_userinfo(url) == "rtsp://10.0.0.5:554/s?x=1"
    assert split_password("http://h/x") == ("http://h/x", None)
    assert split_password("http://[fe80::1]:8080/x")[0] == "http://[fe80::1]:8080/x"
    assert with_password("http://u@[fe80::1]:8080/x", "pw") == "http://u:pw@[fe80::1]:8080/x"


# --------------------------------------------------------------------------------------------- plans
def test_preroll_and_postroll_frame_the_ticket_and_media_zero_is_the_rendered_start():
    plan = plan_playback(
        live_url="rtsp://cam/live",
        playback_template="http://nvr/p?start={start}&end={end}",
        ticket_start=START,
        ticket_end=END,
        preroll_seconds=10,
        postroll_seconds=10,
    )
    assert plan.window_start == datetime(2026, 11, 20, 14, 2, 55, tzinfo=UTC)  # floored to the second
    assert plan.window_end == datetime(2026, 11, 20, 14, 3, 58, tzinfo=UTC)  # ceiled to the second
    assert plan.media_ms(START) == 10_250
    assert plan.media_ms(END) == 52_250
    assert plan.pos_time(10_250) == START
    assert plan.duration_ms == 63_000
    assert plan.media_ms(START - timedelta(minutes=5)) == 0  # clamped


def test_clock_offset_shifts_the_window_and_the_seek_targets():
    # the POS clock is 3.5 s behind the recorder: recorder time = POS time + 3.5 s
    plan = plan_playback(
        live_url="rtsp://cam/live",
        playback_template="http://nvr/p?start={start:epoch}",
        ticket_start=START,
        ticket_end=END,
        clock_offset_seconds=3.5,
        preroll_seconds=10,
    )
    assert plan.window_start == datetime(2026, 11, 20, 14, 2, 58, tzinfo=UTC)
    assert plan.url == f"http://nvr/p?start={int(plan.window_start.timestamp())}"
    assert plan.media_ms(START) == 10_750
    assert plan.pos_time(10_750) == START
    behind = plan_playback(
        live_url="x",
        playback_template="http://nvr/{start}",
        ticket_start=START,
        ticket_end=END,
        clock_offset_seconds=-2,
        preroll_seconds=0,
    )
    assert behind.window_start == datetime(2026, 11, 20, 14, 3, 3, tzinfo=UTC)
    assert behind.media_ms(START) == 250


def test_without_a_template_or_a_start_time_the_live_url_plays_and_nothing_seeks():
    for template, start in (("", START), (None, START), ("http://nvr/{start}", None)):
        plan = plan_playback(
            live_url="rtsp://cam/live", playback_template=template, ticket_start=start, ticket_end=END
        )
        assert plan.url == "rtsp://cam/live" and plan.live and not plan.seekable
        assert plan.media_ms(START) is None and plan.pos_time(1000) is None and plan.duration_ms is None


def test_a_missing_end_uses_the_start():
    plan = plan_playback(
        live_url="x",
        playback_template="http://n/{start}&{end}",
        ticket_start=START,
        ticket_end=None,
        preroll_seconds=5,
        postroll_seconds=5,
    )
    assert plan.window_end - plan.window_start <= timedelta(seconds=11)


@given(
    offset=st.floats(min_value=-3600, max_value=3600, allow_nan=False),
    preroll=st.integers(min_value=0, max_value=120),
    after_ms=st.integers(min_value=0, max_value=600_000),
)
def test_media_time_and_pos_time_are_inverse(offset, preroll, after_ms):
    plan = plan_playback(
        live_url="x",
        playback_template="http://n/{start}",
        ticket_start=START,
        ticket_end=END,
        clock_offset_seconds=offset,
        preroll_seconds=preroll,
    )
    moment = plan.pos_time(after_ms)
    assert moment is not None
    assert abs(plan.media_ms(moment) - after_ms) <= 1
    assert plan.media_ms(START) >= preroll * 1000 - 1


# --------------------------------------------------------------------------------------------- lines
def test_the_current_line_is_the_last_one_rung_up_until_the_ticket_ends():
    t = [START + timedelta(seconds=s) for s in (2, 5, 5, 9)]
    lines = LineTimes([t[0], None, t[1], t[2], t[3]], ticket_end=START + timedelta(seconds=12))
    assert lines.line_at(START) == -1
    assert lines.line_at(t[0]) == 0
    assert lines.line_at(t[0] + timedelta(seconds=2)) == 0
    assert lines.line_at(t[1]) == 3  # two lines at the same moment: the later one on the receipt
    assert lines.line_at(t[3] + timedelta(seconds=1)) == 4
    assert lines.line_at(START + timedelta(seconds=13)) == -1  # after the ticket
    assert lines.line_at(None) == -1
    assert lines.time_of(1) is None and lines.time_of(2) == t[1]
    assert not LineTimes([None, None])
