"""Evidence and the search name an operator with the employee ID the ticket carries: two cashiers named Ines
Brontë (E1014 at S027, E1053 at S063) were the same name in the PDF, the CSV and ``search``, nothing telling
whose ticket it was. A ticket without an ID says so."""

from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path

import pytest
from cli_support import ctx_on
from review_helpers import INES, store_namesakes

from ows_desktop.cli.main import main
from ows_desktop.export import Selection, export_tickets
from ows_desktop.store import TicketStore

FLAGGED = ("s027-ines-r0", "s063-ines-r0", "s063-noid-r0")


@pytest.fixture
def store(store: TicketStore) -> TicketStore:
    store_namesakes(store)
    for key in FLAGGED:
        store.review.flag_ticket(key, reason="Refund")
    return store


def export(store: TicketStore, fmt: str, out: Path) -> Path:
    with store.reader() as reader:
        export_tickets(reader, Selection.flagged(), fmt, out)
    return out


def test_the_csv_json_and_pdf_name_each_operator_with_the_employee_id(store, tmp_path, qapp) -> None:
    with (export(store, "csv", tmp_path / "csv") / "tickets.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = {row["ticket_key"]: row for row in csv.DictReader(f)}
    assert {key: (row["operator"], row["operator_id"]) for key, row in rows.items()} == {
        "s027-ines-r0": (INES, "E1014"),
        "s063-ines-r0": (INES, "E1053"),
        "s063-noid-r0": (INES, ""),
    }
    data = json.loads((export(store, "json", tmp_path / "json") / "tickets.json").read_text(encoding="utf-8"))
    named = {t["normalised"]["key"]: (t["normalised"]["operator"], t["normalised"]["operator_id"])
             for t in data["tickets"]}  # fmt: skip
    assert named == {
        "s027-ines-r0": (INES, "E1014"),
        "s063-ines-r0": (INES, "E1053"),
        "s063-noid-r0": (INES, None),
    }
    export(store, "pdf", tmp_path / "pdf")
    text = subprocess.run(
        ["pdftotext", "-raw", str(tmp_path / "pdf" / "case-report.pdf"), "-"], capture_output=True, text=True,
        check=True,
    ).stdout  # fmt: skip
    flat = " ".join(text.split())
    for who in (f"{INES} (E1014)", f"{INES} (E1053)", f"{INES} (no employee ID)"):
        assert f"Operator {who}" in flat, who  # each exhibit's receipt head
    assert f"Operator {INES} " not in flat.replace(f"Operator {INES} (", "")


def test_search_prints_the_employee_id_and_filters_by_it(store, paths) -> None:
    ctx = ctx_on(paths)
    assert main(["search", "--status", "refund", "--limit", "0"], ctx) == 0
    lines = ctx.stdout.getvalue().splitlines()
    assert sum(f"{INES} (E1014)" in line for line in lines) == 3
    assert sum(f"{INES} (E1053)" in line for line in lines) == 4
    assert sum(f"{INES} (no employee ID)" in line for line in lines) == 1
    ctx = ctx_on(paths)
    assert main(["search", "--operator-id", "E1014", "--json", "--limit", "0"], ctx) == 0
    found = json.loads(ctx.stdout.getvalue())
    assert {row["key"] for row in found} == {f"s027-ines-{k}" for k in ("r0", "r1", "r2", "s0", "s1")}
    assert {(row["operator"], row["operator_id"]) for row in found} == {(INES, "E1014")}
    ctx = ctx_on(paths)
    assert main(["search", "--operator", INES, "--json", "--limit", "0"], ctx) == 0  # the name: everyone's
    assert {row["operator_id"] for row in json.loads(ctx.stdout.getvalue())} == {"E1014", "E1053", None}


def test_an_export_of_one_employee_ids_tickets(store, paths, tmp_path) -> None:
    ctx = ctx_on(paths)
    out = tmp_path / "e1053"
    code = main(["export", "--all", "--operator-id", "E1053", "--format", "json", "--out", str(out)], ctx)
    assert code == 0, ctx.stderr.getvalue()
    data = json.loads((out / "tickets.json").read_text(encoding="utf-8"))
    assert {t["normalised"]["key"] for t in data["tickets"]} == {f"s063-ines-{k}" for k in ("r0", "r1", "r2",
                                                                                            "r3", "s0")}  # fmt: skip
    selection = json.loads((out / "export.json").read_text(encoding="utf-8"))["selection"]
    assert "operator E1053" in selection["description"]
    assert selection["query"]["operator_keys"] == ["id:E1053"]


def test_the_csv_gives_each_tickets_printed_number(store, tmp_path) -> None:
    """The window and the PDF name a ticket by the number the POS printed on its paper receipt ("Ticket
    #2047"); tickets.csv had no such column, so an officer could not match a row to the paper receipt."""
    with (export(store, "csv", tmp_path / "csv") / "tickets.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = {row["ticket_key"]: row["ticket_number"] for row in csv.DictReader(f)}
    with store.reader() as reader:
        printed = {key: reader.ticket(key).number for key in FLAGGED}
    assert rows == printed
    assert all(printed.values())
