"""Fixtures the export tests share."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture
def french(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """The window's locale French (ui/translation.py sets QLocale's default so): the report follows it."""
    from PySide6.QtCore import QLocale

    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    yield
    QLocale.setDefault(before)
