"""The dependencies are locked and audited (#18: "pip-audit runs in CI over the locked dependencies"):
requirements.lock pins every dependency pyproject.toml declares (runtime and test) inside its declared range,
README's test command (which .ci/run runs) installs those exact versions, and the CI audit checks that lock."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"


def locked() -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"requirements.lock: {line!r} is not pinned with =="
            pins[canonicalize_name(name)] = version
    return pins


def declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(text) for text in project["dependencies"] + project["optional-dependencies"]["test"]]


def test_the_lock_pins_every_declared_dependency_inside_its_range() -> None:
    pins = locked()
    for requirement in declared():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is not in requirements.lock: regenerate it (see its header)"
        assert requirement.specifier.contains(pins[name], prereleases=True), (requirement, pins[name])


def test_the_test_command_installs_the_locked_versions() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = re.search(r"Run the tests:\n\n    (.+)", readme)
    assert command is not None and "-c requirements.lock" in command.group(1)


def test_ci_audits_the_lock_file() -> None:
    sys.path.insert(0, str(ROOT / ".ci"))
    try:
        import audit_dependencies
    finally:
        sys.path.remove(str(ROOT / ".ci"))
    command = audit_dependencies.audit_command()
    assert command[command.index("-r") + 1] == str(LOCK)
    # pip-audit reads every pinned package of the lock (a dry run: no vulnerability service needed here)
    dry = subprocess.run([*command, "--dry-run"], capture_output=True, text=True, timeout=300, check=False)
    assert f"would have audited {len(locked())} packages" in dry.stderr + dry.stdout, dry.stderr[-500:]
