"""``ows-desktop export`` to a folder that cannot take it: one plain line, exit 2, nothing published and
nothing of the cache lost — on a read-only disk, through a file, with a 300-character name, on a full disk.

The read-only and full disks are real (small tmpfs mounts; CI runs as root, where a chmod would not stop a
write), so they are skipped where mounting is not allowed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from cli_support import make_ctx, tmpfs
from review_helpers import ln, tk

from ows_desktop.cli import main
from ows_desktop.cli.context import CliContext
from ows_desktop.store import TicketQuery, open_store


@pytest.fixture
def ctx(tmp_path: Path) -> CliContext:
    context = make_ctx(tmp_path / "profile")
    with open_store(context.paths.database) as store:
        store.upsert_tickets([tk(f"T-{n}", lines=(ln("A" * 4000),)) for n in range(40)])
        store.review.flag_ticket("T-1", reason="void abuse")
    return context


def export(ctx: CliContext, out: Path | str) -> tuple[int, str]:
    ctx.stderr.seek(0)
    ctx.stderr.truncate()
    code = main.main(["export", "--flagged", "--format", "json", "--out", str(out)], ctx)
    return code, ctx.stderr.getvalue()


def assert_plain_refusal(ctx: CliContext, code: int, err: str, why: str) -> None:
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert why in lines[0] and "Nothing was written" in lines[0], err
    assert "unexpected" not in err and "Traceback" not in err
    with open_store(ctx.paths.database) as store, store.reader() as reader:  # the cache is untouched
        assert reader.count(TicketQuery()) == 40
        assert reader.review.flag_of("T-1") is not None


def test_through_a_file(ctx: CliContext, tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    code, err = export(ctx, tmp_path / "a-file" / "case")
    assert_plain_refusal(ctx, code, err, "part of the path is a file")


def test_a_300_character_name(ctx: CliContext, tmp_path: Path) -> None:
    code, err = export(ctx, tmp_path / ("n" * 300))
    assert_plain_refusal(ctx, code, err, "the path is too long")
    assert [p.name for p in tmp_path.iterdir()] == ["profile"]


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tmpfs needs root (CI runs as root)")
def test_a_read_only_disk(ctx: CliContext, tmp_path: Path) -> None:
    with tmpfs(tmp_path / "ro", "ro", "size=1m") as disk:
        code, err = export(ctx, disk / "case")
        assert_plain_refusal(ctx, code, err, "the disk is read-only")
        assert list(disk.iterdir()) == []


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tmpfs needs root (CI runs as root)")
def test_a_full_disk(ctx: CliContext, tmp_path: Path) -> None:
    with tmpfs(tmp_path / "full", "size=16k") as disk:
        code, err = export(ctx, disk / "case")
        assert_plain_refusal(ctx, code, err, "the disk is full")
        assert [p.name for p in disk.iterdir()] == []  # no staging folder, nothing that looks complete
