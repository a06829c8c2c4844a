"""The export and store packages import their modules when a name of them is first used: the PDF's layout and
drawing process, which imports only its own modules (and the store's zones and review labels), does not pay
for the exporter, the signing code, the store's writer, reader and migrations at every start."""

from __future__ import annotations

import subprocess
import sys

import pytest


def _modules_after(statement: str) -> set[str]:
    code = f"import sys\n{statement}\nprint('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_the_layout_process_modules_do_not_import_the_exporter_or_the_signing_code():
    loaded = _modules_after("import ows_desktop.export.report_worker, ows_desktop.export.report_drawer")
    assert "ows_desktop.export.report_worker" in loaded
    assert not {"ows_desktop.export.bundle", "ows_desktop.export.signing", "cryptography"} & loaded
    assert "ows_desktop.store.zones" in loaded  # through the rules' definitions
    assert (
        not {"ows_desktop.store.writer", "ows_desktop.store.reader", "ows_desktop.store.migrations"} & loaded
    )


def test_the_package_names_still_import_and_unknown_names_are_refused():
    import ows_desktop.export as export
    from ows_desktop.export import FORMATS, Selection, export_tickets
    from ows_desktop.export.bundle import export_tickets as direct

    assert export_tickets is direct and FORMATS == ("csv", "json", "pdf") and Selection.flagged()
    assert sorted(export.__all__) == sorted(
        ["FORMATS", "ExportCancelled", "ExportError", "ExportResult", "ExportTargetError", "FileRecord",
         "Selection", "Snapshot", "SnapshotProvider", "export_tickets"]
    )  # fmt: skip
    for name in export.__all__:
        assert getattr(export, name) is not None
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        export.nothing_here  # noqa: B018


def test_the_store_package_names_still_import_and_unknown_names_are_refused():
    import ows_desktop.store as store
    from ows_desktop.store import StoreError, TicketStore, open_store
    from ows_desktop.store.errors import StoreError as direct_error
    from ows_desktop.store.writer import TicketStore as direct_store

    assert StoreError is direct_error and TicketStore is direct_store and callable(open_store)
    for name in store.__all__:
        assert getattr(store, name) is not None
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        store.nothing_here  # noqa: B018
