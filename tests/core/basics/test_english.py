"""English counts in the core's plain text: the command line and the PDF case report never say "ticket(s)"."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ows_desktop.basics.english import counted, verb
from ows_desktop.export.redact import Redactor
from ows_desktop.export.report_html import CaseInfo, cover_tail_html


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "0 tickets"), (1, "1 ticket"), (2, "2 tickets"), (1200, "1,200 tickets"), (-1, "-1 tickets")],
)
def test_a_count_takes_its_noun_in_its_number(count: int, expected: str) -> None:
    assert counted(count, "ticket") == expected


def test_an_irregular_plural_and_the_verb_agree() -> None:
    assert counted(3, "match", "matches") == "3 matches"
    assert counted(1, "match", "matches") == "1 match"
    assert (verb(1, "has", "have"), verb(2, "has", "have"), verb(0, "is", "are")) == ("has", "have", "are")


@pytest.mark.parametrize(
    ("missing", "sentence"),
    [(1, "1 ticket has no camera snapshot"), (800, "800 tickets have no camera snapshot")],
)
def test_the_case_report_counts_the_tickets_without_a_snapshot(missing: int, sentence: str) -> None:
    info = CaseInfo(
        case_id="OWS-1",
        title="Test",
        investigator="Dana",
        host="vm",
        created=datetime(2026, 12, 5, tzinfo=UTC),
        selection="all tickets",
        app_version="0.1.0",
        missing_snapshots=missing,
    )
    html = cover_tail_html(info, Redactor())  # the cover's end, below its tables
    assert sentence in html
    assert "(s)" not in html


def test_the_export_line_names_three_causes_without_doubled_stops_and_counts_the_rest() -> None:
    from ows_desktop.cli.export import _missing_line

    causes = [{"error": f"No camera is mapped to register R{i} of store S1."} for i in range(4)]
    line = _missing_line("4 clips are missing", causes)
    assert line == (
        "4 clips are missing (listed in export.json): No camera is mapped to register R0 of store S1; "
        "No camera is mapped to register R1 of store S1; No camera is mapped to register R2 of store S1; "
        "and 1 other reason\n"
    )
    assert _missing_line("1 ticket has no camera snapshot", causes[:1]).endswith("of store S1\n")
