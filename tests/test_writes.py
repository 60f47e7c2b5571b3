"""Writes: a command writes only what it owns, never over an input or a folder it did not make."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from myoclonus_ontology.errors import UnusableInputError
from myoclonus_ontology.guards import check_release_target, check_report_target
from myoclonus_ontology.textfiles import write_atomically

from .conftest import run_myo, snapshot

CLAIMS = """@prefix ex: <http://example.org/> .
ex:a ex:b ex:c .
"""


def no_traceback(result) -> bool:
    return "Traceback" not in result.stderr + result.stdout


@pytest.mark.parametrize(("out", "why"), [
    (".", "contains the checkout"),
    ("ontology", "inside ontology/, an input of the build"),
])
@pytest.mark.slow
def test_build_out_refuses_the_checkout_and_its_inputs(scratch, out, why):
    before = snapshot(scratch.root)
    result = run_myo(scratch.root, "build", "--out", out, cwd=scratch.root)
    assert result.returncode == 2 and no_traceback(result), result.stderr
    assert f"{out}: refused: " in result.stderr and why in result.stderr and "nothing was written" in result.stderr
    assert snapshot(scratch.root) == before  # not a file added, changed or removed (no lock, no staging)


@pytest.mark.parametrize(("out", "why"), [
    ("..", "contains the checkout"),
    ("sources/pages", "inside sources/, an input of the build"),
    ("queries/../shapes", "inside shapes/, an input of the build"),
    (".git/objects", "inside .git/, an input of the build"),
    ("build/nested", "inside build/, the release folder"),
])
def test_release_target_is_never_an_input_nor_around_one(scratch, out, why, monkeypatch):
    monkeypatch.chdir(scratch.root)
    with pytest.raises(UnusableInputError) as err:
        check_release_target(scratch, Path(out))
    assert why in str(err.value) and err.value.exit_code == 2


@pytest.mark.slow
def test_build_out_refuses_a_folder_it_did_not_make(scratch):
    mine = scratch.root / "my-papers"
    mine.mkdir()
    (mine / "thesis.txt").write_text("years of work", encoding="utf-8")
    before = snapshot(scratch.root)
    result = run_myo(scratch.root, "build", "--out", str(mine))
    assert result.returncode == 2 and no_traceback(result)
    assert f"{mine}: refused: it is a folder that is not a release made by myo" in result.stderr
    assert "it has no readable SHA256SUMS" in result.stderr
    assert snapshot(scratch.root) == before


@pytest.mark.slow
def test_build_out_refuses_a_file(scratch):
    target = scratch.root / "notes.txt"
    target.write_text("keep me", encoding="utf-8")
    result = run_myo(scratch.root, "build", "--out", str(target))
    assert result.returncode == 2 and "it is a file, not a folder" in result.stderr
    assert target.read_text(encoding="utf-8") == "keep me"


def test_a_previous_release_or_an_empty_folder_may_be_replaced_but_not_an_edited_one(project, fresh_build, tmp_path):
    assert check_release_target(project, fresh_build) == fresh_build
    empty = tmp_path / "empty"
    empty.mkdir()
    assert check_release_target(project, empty) == empty
    edited = tmp_path / "edited"
    shutil.copytree(fresh_build, edited)
    (edited / "myo-full.ttl").write_text("edited by hand", encoding="utf-8")
    with pytest.raises(UnusableInputError) as err:
        check_release_target(project, edited)
    assert "myo-full.ttl differs from its checksum" in str(err.value)
    (edited / "myo-full.ttl").unlink()
    (edited / ".notes").write_text("mine", encoding="utf-8")  # a hidden file of the user's counts too
    with pytest.raises(UnusableInputError) as err:
        check_release_target(project, edited)
    assert ".notes is not listed in SHA256SUMS" in str(err.value)


@pytest.mark.slow
def test_validate_output_never_overwrites_its_input(scratch):
    data = scratch.root / "claims.ttl"
    data.write_text(CLAIMS, encoding="utf-8")
    before = snapshot(scratch.root)
    result = run_myo(scratch.root, "validate", str(data), "--output", str(data))
    assert result.returncode == 2 and no_traceback(result), result.stderr
    assert f"{data}: refused: it is an input of this command" in result.stderr
    assert snapshot(scratch.root) == before


@pytest.mark.parametrize(("target", "why"), [
    ("ontology/myo-edit.ttl", "inside ontology/"), ("build/myo-full.nt", "an input of this command"),
    ("build/report.ttl", "inside build/"), ("shapes/report.ttl", "inside shapes/"), ("ontology", "a folder"),
])
def test_report_target_is_never_an_input_nor_in_an_input_folder(scratch, target, why):
    with pytest.raises(UnusableInputError) as err:
        check_report_target(scratch, scratch.root / target, [scratch.build / "myo-full.nt"])
    assert why in str(err.value)
    assert check_report_target(scratch, scratch.root / "report.ttl", []) == (scratch.root / "report.ttl").resolve()


def test_a_failed_write_leaves_the_previous_file_whole(tmp_path, monkeypatch):
    path = tmp_path / "table.tsv"
    path.write_text("the curated table\n", encoding="utf-8")

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space left"):
        write_atomically(path, "half a ta")
    assert path.read_text(encoding="utf-8") == "the curated table\n"
    assert [p.name for p in tmp_path.iterdir()] == ["table.tsv"]


@pytest.mark.parametrize(("raw", "line", "column"), [
    ("é".encode() * 5 + b"\n" + b"ab\xe9cd", 2, 3),     # a Latin-1 byte on the second line
    (b"abc" + "€".encode()[:2], 1, 4),                    # a sequence cut short by the end of the file
    (b"a" * 5 + "€".encode() + b"\n\xff", 2, 1),          # after a character split across two chunks
])
def test_the_encoding_is_checked_a_chunk_at_a_time_and_a_bad_byte_placed_exactly(raw, line, column, monkeypatch):
    from myoclonus_ontology import textfiles

    monkeypatch.setattr(textfiles, "CHECK_CHUNK", 3)    # every character split across chunks somewhere
    with pytest.raises(UnusableInputError) as err:
        textfiles.check_encoding(raw, "data.ttl")
    problem = err.value.problems[0]
    assert (problem.file, problem.line, problem.column) == ("data.ttl", line, column)
    textfiles.check_encoding(("é€" * 7 + "\n").encode(), "data.ttl")   # split characters that are whole: fine
