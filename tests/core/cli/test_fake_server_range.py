"""``ows-desktop fake-server`` says which dates its data covers, and how to sync exactly that range (#10: a
first sync of "Today" against it found nothing, with no hint why)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from ows_desktop.ows.timestamps import from_epoch_us, parse_cli_time
from ows_desktop.simulator import SimConfig, TicketGenerator


def test_fake_server_prints_the_date_range_of_its_data(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "ows_desktop", "--data-dir", str(tmp_path), "fake-server", "--api-port", "0",
         "--tickets-port", "0", "--days", "2", "--stores", "1", "--key", "k-7", "--secret", "s3cr3t-given"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        lines = []
        for line in proc.stdout:
            lines.append(line)
            if "Press Ctrl+C" in line:
                break
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    text = "".join(lines)
    found = re.search(r"persisted from (\S+ \S+) to (\S+ \S+) UTC", text)
    assert found, text
    generator = TicketGenerator(
        SimConfig(seed=7, stores=1, days=2, tickets_per_store_day=400)
    )  # its defaults
    lo, hi = generator.persist_range()
    assert found.group(1) == f"{from_epoch_us(lo):%Y-%m-%d %H:%M}"
    assert found.group(2) == f"{from_epoch_us(hi):%Y-%m-%d %H:%M}"
    command = re.search(r"--start (\S+) --end (\S+)", text)
    assert command, text
    start, end = (parse_cli_time(value) for value in command.groups())  # the CLI takes what it prints
    assert start <= from_epoch_us(lo) and from_epoch_us(hi) < end
    # its example uses the key given (it printed demo-key whatever was given), and never prints the secret
    assert "OWS_API_KEY=k-7 OWS_API_SECRET='<the --secret given>' ows-desktop users" in text
    assert "s3cr3t-given" not in text


def test_fake_server_help_says_its_tickets_are_of_fixed_dates(capsys) -> None:
    """``--days`` said "days of tickets, up to now", but the simulator's tickets start on a fixed date
    (SimConfig.start), weeks before today: a sync of "Today" found none. The help names that date."""
    import pytest

    from ows_desktop.cli.main import build_parser

    with pytest.raises(SystemExit):
        build_parser().parse_args(["fake-server", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    first = SimConfig().start  # the fake server's (cmd_fake_server leaves it as it is)
    assert (
        f"days of tickets, each store's days from {first:%Y-%m-%d} on: fixed dates, not up to today" in shown
    )
    assert "up to now" not in shown
    lo, _ = TicketGenerator(
        SimConfig(stores=4, days=1)
    ).persist_range()  # its first ticket: that day somewhere
    assert abs(from_epoch_us(lo) - first).days <= 1
