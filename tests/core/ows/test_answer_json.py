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
