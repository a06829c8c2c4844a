"""What the window shows, as text, and which of it is English the French translation says otherwise.

``english_sentences()`` reads the French .ts: every source text (the code's English, core sentences marked
with basics.messages included) whose French differs. A shown text is English when it IS one of those
sources, or holds a run of 3+ words of one (the literal text between its {fields}) that the French does not
hold. ``shown_texts(widget)`` walks a widget tree as a person sees it: labels, buttons, group titles, tabs,
placeholders, combo entries, text views, tooltips, and the header and cells (display and tooltip) of item
views."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

ROOT = Path(__file__).resolve().parents[3]
FRENCH_TS = ROOT / "resources" / "translations" / "ows_desktop_fr.ts"
_FIELD = re.compile(r"\{[^{}]*\}|%L?n|%\d")
_WORD = re.compile(r"[A-Za-z’']+")


@dataclass(frozen=True)
class English:
    whole: frozenset[str]  # a shown text equal to one of these is English
    runs: tuple[tuple[str, str], ...]  # (run of 3+ English words, its source) a shown text must not hold


def english_sentences(ts: Path = FRENCH_TS) -> English:
    whole: set[str] = set()
    runs: dict[str, str] = {}
    root = ET.parse(ts).getroot()  # noqa: S314 (our own .ts file)
    french_words: set[str] = set()  # "Exceptions", "Total", "Message": the same word in French
    for translation in root.iter("translation"):
        french_words |= {
            (t or "").replace("&", "") for t in [translation.text, *(f.text for f in translation)]
        }
    for message in root.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        forms = [f.text or "" for f in translation.iter("numerusform")] if translation is not None else []
        french = " ".join(forms) or (translation.text or "" if translation is not None else "")
        if not french or french == source:
            continue
        if _WORD.search(source) and len(source) > 3:
            whole.add(source.replace("&", ""))
        for piece in _FIELD.split(source.replace("&", "")):
            label = piece.strip().endswith(":") and len(piece.strip()) > 4  # "History:", "Operator:"
            piece = piece.strip() if label else piece.strip(" .,:;()—-…")
            if (label or len(_WORD.findall(piece)) >= 3) and piece not in french:
                runs[piece] = source
    return English(frozenset(whole - french_words), tuple(sorted(runs.items())))


def english_in(texts: list[str], english: English) -> list[str]:
    """Each shown text that is English, with the English it holds."""
    found = []
    for text in texts:
        flat = " ".join(text.split())
        if flat in english.whole:
            found.append(f"{flat!r} (a source text)")
            continue
        for run, source in english.runs:
            if run in flat:
                found.append(f"{flat[:160]!r} holds {run!r} (from {source[:80]!r})")
                break
    return found


def _plain(text: str) -> str:
    if "<" in text and ">" in text:
        document = QTextDocument()
        document.setHtml(text)
        return document.toPlainText()
    return text


def _model_texts(view: QAbstractItemView, rows: int = 30) -> list[str]:
    model = view.model()
    if model is None:
        return []
    out: list[str] = []
    try:
        columns = model.columnCount(QModelIndex())
    except TypeError:  # a list model: one column (its columnCount is private)
        columns = 1
    for section in range(columns):
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = model.headerData(section, Qt.Orientation.Horizontal, role)
            if isinstance(value, str):
                out.append(value)
    for row in range(min(rows, model.rowCount(QModelIndex()))):
        for column in range(columns):
            index = model.index(row, column)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = index.data(role)
                if isinstance(value, str):
                    out.append(value)
    return out


def shown_texts(top: QWidget, *, hidden_too: bool = False) -> list[str]:
    """Every text of ``top`` and its visible descendants (all of them with ``hidden_too``)."""
    out: list[str] = []
    for widget in [top, *top.findChildren(QWidget)]:
        if not hidden_too and widget is not top and not widget.isVisibleTo(top):
            continue
        texts: list[Any] = [widget.toolTip()]
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QLineEdit):
            texts += [widget.placeholderText()]
        elif isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        elif isinstance(widget, QTabBar):
            texts += [widget.tabText(i) for i in range(widget.count())]
        elif isinstance(widget, QTextEdit):
            texts.append(widget.toPlainText())
        if isinstance(widget, QAbstractItemView):
            texts += _model_texts(widget)
        out += [_plain(t) for t in texts if isinstance(t, str) and t.strip()]
    return out
