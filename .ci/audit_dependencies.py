"""CI step: audit the locked dependencies (requirements.lock: the exact versions CI installs) with pip-audit,
and say plainly when that was not possible.

Fails (exit 1) only on a known vulnerability. When pip-audit cannot reach its vulnerability service (no
network, or an index that is a local mirror: every package then comes back "not found on PyPI"), it says so
in one line and exits 0, because an audit that could not run is not a finding about the code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PIP_AUDIT = Path(sys.executable).with_name("pip-audit")
LOCK = Path(__file__).resolve().parent.parent / "requirements.lock"


def audit_command(lock: Path = LOCK) -> list[str]:
    """pip-audit over the lock file as it is (every version pinned: no resolution, no pip)."""
    return [str(PIP_AUDIT), "-r", str(lock), "--no-deps", "--disable-pip", "--progress-spinner", "off",
            "--format", "json"]  # fmt: skip


def main() -> int:
    try:
        run = subprocess.run(
            audit_command(),
            capture_output=True,
            text=True,
            timeout=600,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        print(f"pip-audit: NOT RUN ({exc}); the dependencies were not audited.")
        return 0
    try:
        report = json.loads(run.stdout)
    except ValueError:
        last = (run.stderr.strip().splitlines() or ["no output"])[-1]
        print(
            f"pip-audit: could not reach its vulnerability service ({last[:200]}); the dependencies were not audited."
        )
        return 0
    deps = report.get("dependencies", [])
    audited = [d for d in deps if "skip_reason" not in d]
    vulnerable = [d for d in audited if d.get("vulns")]
    for dep in vulnerable:
        ids = ", ".join(v.get("id", "?") for v in dep["vulns"])
        print(f"pip-audit: {dep['name']} {dep['version']} has known vulnerabilities: {ids}")
    if vulnerable:
        return 1
    if not audited:
        print(
            f"pip-audit: could not reach its vulnerability service (all {len(deps)} installed packages came "
            "back unknown to PyPI); the dependencies were not audited."
        )
        return 0
    skipped = len(deps) - len(audited)
    print(f"pip-audit: no known vulnerabilities in {len(audited)} packages ({skipped} not audited).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
