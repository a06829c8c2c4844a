"""The tickets answer is decoded once, and each result's JSON text is kept as it was received (issue #14):
the decoded value is always exactly what ``json.loads`` gives, whatever the server's formatting."""

from __future__ import annotations

import json

import pytest

from ows_desktop.ows.answer_json import loads_answer

TICKETS = [
    {"id": "a", "total": 1.5, "lineItems": [{"sku": "S1", "description": "Sake 日本酒"}]},
    {"id": "b", "status": "void", "note": '"results": [1]'},
]


def answer(text_of_results: str, before: str = "", after: str = "") -> bytes:
    return ('{"content": {' + before + '"cursor": "c", "results": ' + text_of_results + after + "}}").encode()


BODIES = {
    "compact ASCII": json.dumps({"content": {"cursor": "c", "results": TICKETS}}).encode(),
    "UTF-8 text": json.dumps({"content": {"results": TICKETS}}, ensure_ascii=False).encode(),
    "the server's own spacing": answer(
        "[\n  " + " ,\n  ".join(json.dumps(t, indent=1) for t in TICKETS) + "\n ]"
    ),
    "a decoy results key before": json.dumps(
        {"meta": {"results": [1]}, "content": {"results": TICKETS}}
    ).encode(),
    "a decoy inside a key": (
        '{"x\\"results": [1], "content": {"results": ' + json.dumps(TICKETS) + "}}"
    ).encode(),
    "the last of two keys wins": answer(json.dumps(TICKETS), after=', "results": [{"id": "z"}]'),
    "empty results": answer("[ ]"),
}


@pytest.mark.parametrize("body", BODIES.values(), ids=BODIES.keys())
def test_the_answer_decodes_as_json_loads_and_each_result_keeps_its_text(body: bytes) -> None:
    value, texts = loads_answer(body)
    assert value == json.loads(body)
    results = value["content"]["results"]
    assert texts is not None
    assert [json.loads(t) for t in texts] == results
    at = 0
    for text in texts:  # the bytes as received, in order
        at = body.index(text, at) + len(text)


@pytest.mark.parametrize(
    "body",
    [
        json.dumps({"content": {"results": TICKETS}}).encode("utf-16"),
        b"\xef\xbb\xbf" + json.dumps({"content": {"results": TICKETS}}).encode(),
        json.dumps({"content": {"results": None}}).encode(),
        json.dumps({"content": [1, 2]}).encode(),
        json.dumps({"results": TICKETS}).encode(),
    ],
    ids=["UTF-16", "BOM", "null results", "content not an object", "results outside content"],
)
def test_other_answers_decode_the_plain_way_without_texts(body: bytes) -> None:
    assert loads_answer(body) == (json.loads(body), None)


@pytest.mark.parametrize(
    "body",
    [answer(json.dumps(TICKETS))[:-7], answer("[1,,2]"), answer("[" + "[" * 100_000 + "]" * 100_000 + "]")],
    ids=["truncated", "bad array", "absurdly deep"],
)
def test_a_broken_answer_raises_what_json_loads_raises(body: bytes) -> None:
    with pytest.raises((ValueError, RecursionError)) as plain:
        json.loads(body)
    with pytest.raises(plain.type):
        loads_answer(body)


# -- the compact answer's fast path (orjson): used only where it is exactly what json.loads gives ----------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from ows_desktop.ows.answer_json import AnswerDecoder, compact_answer  # noqa: E402

TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)  # what a UTF-8 body can hold
SCALARS = (
    st.none()
    | st.booleans()
    | TEXT
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.integers(min_value=-(2**70), max_value=2**70)
)  # integers past 64 bits too: orjson reads them as floats, json.loads as integers
VALUES = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3)
)
RESULTS = st.lists(st.dictionaries(TEXT, VALUES, max_size=5), max_size=4)


def as_sent(results: list, *, compact: bool = True, ascii_only: bool = False) -> bytes:
    """An answer as a server writes it: compact UTF-8 as the simulator sends it (simulator/transport.py)."""
    value = {"content": {"cursor": "c", "resultCount": len(results), "results": results}}
    separators = (",", ":") if compact else (", ", ": ")
    return json.dumps(value, ensure_ascii=ascii_only, separators=separators).encode("utf-8")


def typed(value: object) -> str:
    return json.dumps(value)  # 1 and 1.0 compare equal; their JSON does not


@settings(max_examples=300, deadline=None)
@given(RESULTS, st.booleans(), st.booleans())
def test_the_decoder_gives_exactly_what_json_loads_gives_and_the_texts_as_received(
    results: list, compact: bool, ascii_only: bool
) -> None:
    body = as_sent(results, compact=compact, ascii_only=ascii_only)
    value, texts = AnswerDecoder().loads(body)
    assert typed(value) == typed(json.loads(body))
    assert texts == loads_answer(body)[1]  # the bytes as received, cut where the standard decoder cuts them
    fast = compact_answer(body)
    if fast is not None:  # only ever the same answer, types included
        assert typed(fast[0]) == typed(value) and fast[1] == texts


def test_the_usual_answer_takes_the_fast_path_and_others_do_not() -> None:
    tickets = [{"id": "a", "total": 1.5, "name": "Sake 日本酒"}, {"id": "b", "total": 2, "lines": []}]
    assert compact_answer(as_sent(tickets)) is not None  # the simulator's answers: compact, UTF-8
    for body in (
        as_sent(tickets, compact=False),  # spaced
        as_sent(tickets, ascii_only=True),  # non-ASCII escaped
        as_sent([{"id": 2**64}]),  # an integer orjson would read as a float
        as_sent([{"id": "x"}])[:-1] + b" }",  # the envelope spaced
        json.dumps({"meta": {"results": [{"id": "x"}]}, "content": {"results": [{"id": "y"}]}}).encode(),
    ):
        assert compact_answer(body) is None, body
        assert AnswerDecoder().loads(body) == loads_answer(body)


def test_a_server_that_never_writes_compact_json_is_not_tried_again(monkeypatch: pytest.MonkeyPatch) -> None:
    import ows_desktop.ows.answer_json as answer_json

    tried: list[bytes] = []
    real = answer_json.compact_answer
    monkeypatch.setattr(answer_json, "compact_answer", lambda body: (tried.append(body), real(body))[1])
    decoder = AnswerDecoder()
    spaced = as_sent([{"id": "a"}], compact=False)
    for _ in range(10):
        assert decoder.loads(spaced) == loads_answer(spaced)
    assert len(tried) == AnswerDecoder.GIVE_UP_AFTER  # three tries, then the standard decoder alone
    fresh = AnswerDecoder()
    fresh.loads(spaced)
    fresh.loads(as_sent([{"id": "b"}]))  # a compact answer between two others resets the count
    fresh.loads(spaced)
    fresh.loads(spaced)
    assert len(tried) == AnswerDecoder.GIVE_UP_AFTER + 4
