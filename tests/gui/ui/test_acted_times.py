"""When a person acted — a flag, a note, a case's change — is shown in the window's zone with its label, as
ticket times carry theirs ("2026-11-20 09:03 UTC−05:00"): the case history showed the system's time with no
zone, the flag dialog's history UTC in ISO form, and the receipt's and the case list's the window's time with
no zone."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from gui_support import OFFSCREEN_NOISE
from PySide6.QtCore import Qt
from review_helpers import tk

from ows_desktop.itemmodels.cases import COL_UPDATED, CaseListModel
from ows_desktop.itemmodels.ticket_columns import acted_time_text
from ows_desktop.ui.flag_dialog import history_html
from ows_desktop.ui.receipt_html import ReceiptColors
from ows_desktop.ui.receipt_review import flag_panel

pytestmark = OFFSCREEN_NOISE
NEW_YORK = ZoneInfo("America/New_York")
LABELLED = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC−0[45]:00")  # now: summer or winter time


def test_a_moment_is_written_in_the_zone_with_its_label() -> None:
    moment = datetime(2026, 11, 20, 14, 3, 12, tzinfo=UTC)
    assert acted_time_text(moment, NEW_YORK) == "2026-11-20 09:03 UTC−05:00"
    assert acted_time_text(moment, NEW_YORK, compact=True) == "2026-11-20 09:03 −05:00"
    assert acted_time_text(datetime(2026, 7, 1, 12, tzinfo=UTC), NEW_YORK) == "2026-07-01 08:00 UTC−04:00"
    assert acted_time_text(moment, UTC) == "2026-11-20 14:03 UTC+00:00"


def test_the_flag_history_the_receipt_and_the_case_list_label_their_zone(store) -> None:
    store.upsert_tickets([tk("T-1")])
    store.review.flag_ticket("T-1", reason="void abuse")
    store.review.add_note("T-1", "looked at the video")
    store.cases.new_case("Voids", tickets=["T-1"])
    with store.reader() as reader:
        review = reader.review.review_of("T-1")
        cases = reader.cases.cases()
    assert LABELLED.search(history_html(review, NEW_YORK))  # the flag dialog's history
    panel = flag_panel(review, ReceiptColors(), NEW_YORK)  # the receipt's flag panel: notes and history
    assert len(LABELLED.findall(panel)) >= 2
    model = CaseListModel(NEW_YORK)
    model.set_cases(cases)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d −0[45]:00", model.index(0, COL_UPDATED).data())


def test_the_users_tab_labels_the_zone_of_created_and_last_sign_in() -> None:
    """The Users tab showed "2023-02-10 05:44", the only times of the window with no zone (s70)."""
    from ows_desktop.itemmodels.users import COL_CREATED, COL_LAST_SIGN_IN, UsersTableModel
    from ows_desktop.ows.model import User

    model = UsersTableModel(tz=NEW_YORK)
    created, signed_in = datetime(2023, 2, 10, 10, 44, tzinfo=UTC), datetime(2026, 7, 1, 12, tzinfo=UTC)
    model.set_users([User("Chloé", "Novák", "c@example.com", (), created, signed_in)])
    assert model.index(0, COL_CREATED).data() == "2023-02-10 05:44 −05:00"
    assert model.index(0, COL_LAST_SIGN_IN).data() == "2026-07-01 08:00 −04:00"
    assert model.index(0, COL_CREATED).data(Qt.ItemDataRole.ToolTipRole) == "2023-02-10 10:44:00 UTC"
