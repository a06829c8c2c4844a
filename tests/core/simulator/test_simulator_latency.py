"""The simulator's latency is the whole time to the answer: the page is generated and encoded within it, as a
distant server works while the network carries the request, instead of after it (with several cursors the
pages' generation would otherwise queue on the simulator's one interpreter lock and count as the client's)."""

from __future__ import annotations

import threading
import time

import httpx

from ows_desktop.simulator import FakeOws, SimConfig, transport

CONFIG = SimConfig(seed=5, stores=1, days=1, tickets_per_store_day=80)


def test_a_page_is_generated_within_the_latency_and_sent_when_it_ends(monkeypatch):
    events: list[tuple[str, float]] = []
    lock = threading.Lock()
    real_wait = transport.wait_until

    def recording_wait(moment: float) -> None:
        with lock:
            events.append(("answer due", moment))
        real_wait(moment)

    monkeypatch.setattr(transport, "wait_until", recording_wait)
    with FakeOws(CONFIG, latency=0.2) as ows:
        real_ticket = ows.generator.ticket

        def recording_ticket(index: int):
            with lock:
                events.append(("ticket generated", time.monotonic()))
            return real_ticket(index)

        monkeypatch.setattr(ows.generator, "ticket", recording_ticket)
        asked = time.monotonic()
        response = httpx.get(
            ows.tickets_url,
            params={"startDate": 0, "endDate": 2**62},
            headers={"Authentication": ows.auth_header},
            timeout=10,
        )
        answered = time.monotonic()
    assert response.status_code == 200 and response.json()["content"]["results"]
    kinds = [kind for kind, _ in events]
    assert "ticket generated" in kinds and kinds[-1] == "answer due", kinds
    (due,) = [moment for kind, moment in events if kind == "answer due"]
    # Every ticket of the page was generated before the answer was due, and the answer was due 0.2 s after
    # the request arrived (between the client sending it and the first ticket being generated), not 0.2 s
    # after the page was ready; it did not leave before then.
    assert all(moment <= due for kind, moment in events if kind == "ticket generated")
    first_ticket = min(moment for kind, moment in events if kind == "ticket generated")
    assert asked + 0.2 <= due <= first_ticket + 0.2
    assert answered >= due
