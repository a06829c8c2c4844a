"""Folding text to search tokens (store.fulltext.fold_tokens) gives the same tokens whatever path it takes: the
team store folds every ticket it writes with it (its ``search`` column and token index), and search terms are
folded with it too, so a ticket written with one folding and searched with another would not be found."""

from __future__ import annotations

import json
import random
import re
import unicodedata

from ows_desktop.simulator import SimConfig, TicketGenerator
from ows_desktop.store.fulltext import fold_tokens

_TOKEN = re.compile(r"[^\W_]+")


def _reference(text: str) -> list[str]:
    """The folding as first written: each word lower-cased, decomposed (NFKD), its combining marks dropped."""
    tokens = []
    for raw in _TOKEN.findall(text):
        decomposed = unicodedata.normalize("NFKD", raw.lower())
        tokens.append("".join(c for c in decomposed if not unicodedata.combining(c)))
    return tokens


TEXTS = [
    "",
    "   ",
    "Dark CHOCOLATE 100g sku1.2 12.50",
    "Crème Brûlée, CAFÉ au lait — naïve façade",
    "İstanbul ISTANBUL ıi ß STRASSE Øresund Ångström œuvre",
    "ﬁle ﬂour ＡＢＣ１２３ ½ ² ℌ",  # ligatures, full-width and compatibility forms
    "売上高テスト 抹茶チョコ ﾁｮｺ 한국어 𠀋𠀋",
    "snake_case under_score MiXeD123abc",
    "Ελληνικά ΣΟΦΟΣ Русский ТЕКСТ עברית العربية",
    "e\u0301 a\u0308 combining marks apart",
    "tab\tnew\nline\u00a0nbsp\u2003em",
    "emoji 🍫 chocolate🍫bar",
]


def test_folding_gives_the_reference_tokens_for_every_kind_of_text() -> None:
    for text in TEXTS:
        assert fold_tokens(text) == _reference(text), text
        assert fold_tokens(text) == _reference(text), text  # again: the second time from what it remembered


def test_folding_gives_the_reference_tokens_for_simulated_tickets_and_random_text() -> None:
    generator = TicketGenerator(
        SimConfig(seed=5, stores=2, terminals_per_store=2, days=1, tickets_per_store_day=60)
    )
    for i in range(generator.count()):
        text = json.dumps(generator.ticket(i), ensure_ascii=False)  # every name, description and id
        assert fold_tokens(text) == _reference(text), text
    alphabet = "aAéÉßİı_1 .-\u0301\u00a0売上ﾁ한ﬁ１ΣσОо"
    rng = random.Random(7)
    for _ in range(2_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert fold_tokens(text) == _reference(text), repr(text)
