"""Case export with video clips (not part of the test run): a 20-ticket case, every mapped camera's clip.

``python tests/bench/bench_case_clips.py [--tickets 20] [--formats json,pdf] [--clips all|primary]``

The simulated recorder runs in a separate process (as a real recorder is another machine) and serves the
demo mapping: terminals get 4, 2, 3 and 1 cameras in turn. The case's tickets are spread over the
terminals; ``ows-desktop case export`` (in this process, as the CLI runs it) cuts each camera's clip from
pre-roll (10 s) to post-roll (10 s) with libVLC's stream output, signs the manifest and writes the report.
Goal (#17): under a minute for 20 tickets with clips."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

GOAL_S = 60.0
RECORDER = """
import json, sys, time
from ows_desktop.simulator.recorder import FakeRecorder
terminals = [tuple(t) for t in json.loads(sys.argv[1])]
with FakeRecorder(burned_clock=True) as rec:
    print(json.dumps(rec.demo_mapping(terminals)), flush=True)
    sys.stdin.read()
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=20)
    parser.add_argument("--formats", default="json,pdf")
    parser.add_argument("--clips", default="all", choices=["all", "primary"])
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="ows-bench-"))

    import base64

    from cli_support import make_ctx
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from ows_desktop.basics.paths import AppPaths
    from ows_desktop.camera.mapping_file import import_mapping
    from ows_desktop.cli.main import main as cli_main
    from ows_desktop.ows.tickets import normalise_ticket
    from ows_desktop.simulator import SimConfig, TicketGenerator
    from ows_desktop.store import TicketQuery, open_store
    from ows_desktop.store.cameras import CameraRepository

    raw = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    signing_key = base64.b64encode(raw).decode()  # a throwaway key (the bench has no keyring)
    work = Path(tempfile.mkdtemp(prefix="ows-bench-clips-"))
    gen = TicketGenerator(SimConfig(stores=1, terminals_per_store=4, days=1, tickets_per_store_day=40))
    recorder = subprocess.Popen(
        [sys.executable, "-c", RECORDER, json.dumps(gen.terminals())],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        mapping = json.loads(recorder.stdout.readline())  # type: ignore[union-attr]
        with open_store(work / "data" / "tickets.sqlite3") as store:
            store.upsert_tickets([normalise_ticket(gen.ticket(i)) for i in range(gen.count())])
            import_mapping(CameraRepository(store, None), mapping)
            with store.reader() as reader:
                rows = reader.page(TicketQuery(sort="start", descending=False), 1000)[0]
            by_terminal: dict[str, list[str]] = {}
            for row in rows:
                by_terminal.setdefault(row.terminal or "", []).append(row.key)
            keys: list[str] = []
            while len(keys) < args.tickets and any(by_terminal.values()):
                for terminal_keys in by_terminal.values():
                    if terminal_keys and len(keys) < args.tickets:
                        keys.append(terminal_keys.pop(0))
            number = store.cases.new_case("Bench case", operator="Operator 1", tickets=keys).number
            cameras = {m.terminal: len(m.cameras) for m in CameraRepository(store, None).mappings()}
            store_path = store.path
        for fmt in args.formats.split(","):
            ctx = make_ctx(work, env={"OWS_SIGNING_KEY": signing_key})
            ctx.paths = AppPaths(data_dir=store_path.parent, config_dir=work / "cfg", log_dir=work / "log",
                                 cache_dir=work / "c")  # fmt: skip
            out = work / f"case-{fmt}"
            started = time.perf_counter()
            code = cli_main(
                ["case", "export", number, "--format", fmt, "--out", str(out), "--clips", args.clips], ctx
            )
            seconds = time.perf_counter() - started
            if code != 0:
                sys.stderr.write(ctx.stderr.getvalue())
                return 1
            custody = json.loads((out / "export.json").read_text())
            clips = [c for c in custody["clips"] if c["file"]]
            video_s = sum(c["seconds"] or 0 for c in clips)
            size = sum(c["bytes"] for c in clips)
            print(
                f"{fmt}: {len(keys)} tickets (cameras per terminal {sorted(cameras.values())}), "
                f"{len(clips)} clips ({len(custody['clips']) - len(clips)} missing), {video_s:,.0f} s of video, "
                f"{size / 1e6:,.1f} MB — {seconds:.1f} s "
                + ("(goal < 60 s: met)" if seconds < GOAL_S else "(goal < 60 s: NOT met)")
            )
    finally:
        recorder.stdin.close()  # type: ignore[union-attr]
        recorder.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
