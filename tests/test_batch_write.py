"""Many notes files at once: resume after a kill, folder names, and never losing what the user owns."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import EXAMPLE, ROOT

from draftkit.cli import cli
from draftkit.folders import MARKER, FolderLock

sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import make_corpus  # noqa: E402

NOW = "2026-11-24T15:00:00-08:00"


def run(runner, *args):
    return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root (markers aside: they record hashes, not content)."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != MARKER}


def test_a_folder_of_notes_gets_a_table_and_one_folder_each(runner, in_tmp):
    make_corpus(Path("notes"), 6)
    Path("notes/broken.json").write_text("{")
    result = run(runner, "write", "notes", "-o", "out", "--now", NOW)
    assert result.exit_code == 0, "a bad file among good ones is reported and skipped"
    assert "Files     7 (6 written, 0 already written, 1 failed)" in result.output
    assert "failed: notes/broken.json: not valid JSON" in result.output
    assert "Engine: builtin (offline composer; your notes never left this machine)" in result.output
    assert sorted(p.name for p in Path("out").iterdir()) == [f"notes-{i:04d}" for i in range(1, 7)]
    total = sum(len(json.loads((p / "drafts.json").read_text())["drafts"]) for p in Path("out").iterdir())
    assert f"Drafts    {total}" in result.output


def test_all_files_bad_is_exit_2(runner, in_tmp):
    Path("a.json").write_text("{")
    Path("b.json").write_text("[]")
    result = run(runner, "write", "a.json", "b.json", "-o", "out")
    assert result.exit_code == 2
    assert "2 failed" in result.output


def test_a_second_run_skips_finished_folders_and_keeps_edits(runner, in_tmp):
    make_corpus(Path("notes"), 3)
    assert run(runner, "write", "notes", "-o", "out", "--now", NOW).exit_code == 0
    edited = Path("out/notes-0001/drafts.json")
    edited.write_text(edited.read_text().replace("Thank", "Thanks"))
    result = run(runner, "write", "notes", "-o", "out", "--now", NOW)
    assert result.exit_code == 0
    assert "3 (0 written, 3 already written, 0 failed)" in result.output
    assert "Thanks" in edited.read_text()


def test_changed_notes_need_force_and_force_replaces(runner, in_tmp):
    make_corpus(Path("notes"), 2)
    assert run(runner, "write", "notes", "-o", "out").exit_code == 0
    data = json.loads(Path("notes/notes-0002.json").read_text())
    data["role"] = "Chief Cartographer"
    Path("notes/notes-0002.json").write_text(json.dumps(data))
    result = run(runner, "write", "notes", "-o", "out")
    assert "out/notes-0002: already holds output from other notes or settings; pass --force" in result.output
    assert "Chief Cartographer" not in Path("out/notes-0002/drafts.json").read_text()
    assert run(runner, "write", "notes", "-o", "out", "--force").exit_code == 0
    assert "Chief Cartographer" in Path("out/notes-0002/drafts.json").read_text()


@pytest.mark.parametrize("names", [
    ["a.json", "a.yaml", "a-2.json"],
    ["A.json", "a.yaml", "a-3.json", "a-2.yml"],
    ["x.json", "sub/x.json", "x-2.json"],
])
def test_folder_names_never_collide(runner, in_tmp, names):
    source = json.loads(EXAMPLE.read_text())
    for i, name in enumerate(names):
        Path(name).parent.mkdir(exist_ok=True)
        source["company"] = f"Company {i}"
        Path(name).write_text(json.dumps(source))  # JSON is valid YAML
    result = run(runner, "write", *names, "-o", "out", "--force")
    assert result.exit_code == 0, result.output
    folders = list(Path("out").iterdir())
    assert len({p.name.casefold() for p in folders}) == len(names)
    companies = sorted(json.loads((p / "drafts.json").read_text())["notes"]["company"] for p in folders)
    assert companies == [f"Company {i}" for i in range(len(names))]
    again = run(runner, "write", *reversed(names), "-o", "out")  # same files, another order: same folders
    assert f"0 written, {len(names)} already written" in again.output


@pytest.mark.parametrize("args", [
    ["myjobs/acme.json", "-o", "myjobs", "--force"],
    ["myjobs/acme.json", "-o", "myjobs"],
    ["myjobs/acme.json", "myjobs/beta.json", "-o", ".", "--force"],
])
def test_force_never_replaces_what_draftkit_did_not_write(runner, in_tmp, args):
    Path("myjobs").mkdir()
    Path("myjobs/acme.json").write_text(EXAMPLE.read_text())
    Path("myjobs/beta.json").write_text(EXAMPLE.read_text())
    Path("myjobs/cv.pdf").write_bytes(b"%PDF my cv")
    Path("acme").mkdir()
    Path("acme/letter.txt").write_text("mine")
    result = run(runner, "write", *args)
    assert Path("myjobs/cv.pdf").read_bytes() == b"%PDF my cv"
    assert Path("myjobs/acme.json").read_text() == EXAMPLE.read_text()
    assert Path("acme/letter.txt").read_text() == "mine"
    if args[1] != "myjobs/beta.json":
        assert result.exit_code == 2
        assert "draftkit did not write" in result.output
        assert len(result.output.strip().splitlines()) == 1
    else:
        assert result.exit_code == 0 and Path("acme-2/drafts.json").exists()


def test_force_refuses_a_draftkit_folder_with_a_file_of_yours(runner, in_tmp):
    assert run(runner, "write", EXAMPLE, "-o", "out").exit_code == 0
    Path("out/my-notes.txt").write_text("keep me")
    result = run(runner, "write", EXAMPLE, "-o", "out", "--force")
    assert result.exit_code == 2 and "my-notes.txt, which draftkit did not write" in result.output
    assert Path("out/my-notes.txt").read_text() == "keep me"


def test_a_second_run_into_the_same_folder_is_refused_while_one_runs(runner, in_tmp):
    target = Path("out").resolve()
    with FolderLock(target):
        result = run(runner, "write", EXAMPLE, "-o", "out")
        assert result.exit_code == 2 and "another draftkit run is writing there" in result.output
        many = run(runner, "write", EXAMPLE, EXAMPLE.parent.parent / "tests/data/notes/panel-of-five.json", "-o", "out")
        assert many.exit_code == 2 and "another draftkit run" in many.output
    assert not target.exists()
    assert run(runner, "write", EXAMPLE, "-o", "out").exit_code == 0
    assert not list(Path(".").glob(".*lock"))


def test_stale_staging_from_a_killed_run_is_cleaned_and_the_rest_finished(runner, in_tmp):
    make_corpus(Path("notes"), 3)
    assert run(runner, "write", "notes", "-o", "out", "--now", NOW).exit_code == 0
    staging = Path("out/.notes-0002.draftkit-tmp-999-deadbeef")
    staging.mkdir()
    (staging / MARKER).write_text('{"tool": "draftkit"}')
    (staging / "drafts.json").write_text("{half")
    backup = Path("out/.notes-0003.draftkit-old-999-deadbeef")
    Path("out/notes-0003").rename(backup)  # killed between the two renames of a --force run
    cut_short = Path("out/.notes-0001.draftkit-tmp-998-deadbeef")  # killed while writing its marker
    cut_short.mkdir()
    (cut_short / MARKER).write_text('{"tool": "dra')
    foreign = Path("out/.mine.draftkit-tmp-1-x")
    foreign.mkdir()
    (foreign / "keep.txt").write_text("not draftkit's")
    result = run(runner, "write", "notes", "-o", "out", "--now", NOW)
    assert result.exit_code == 0, result.output
    assert not staging.exists() and not backup.exists() and not cut_short.exists()
    assert (foreign / "keep.txt").exists()
    assert "3 already written" in result.output


def test_a_symlinked_output_is_written_through(runner, in_tmp):
    Path("real").mkdir()
    os.symlink("real", "link")
    assert run(runner, "write", EXAMPLE, "-o", "link").exit_code == 0
    assert run(runner, "write", EXAMPLE, "-o", "link", "--force").exit_code == 0
    assert Path("link").is_symlink() and (Path("real") / "drafts.json").exists()
    assert [p.name for p in Path(".").iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("output", ["file.txt/out", "file.txt/a/b", "file.txt"])
def test_output_under_a_file_is_one_clear_line(runner, in_tmp, output):
    Path("file.txt").write_text("x")
    for notes in ([EXAMPLE], [EXAMPLE, ROOT / "tests/data/notes/panel-of-five.json"]):
        result = run(runner, "write", *notes, "-o", output)
        assert result.exit_code == 2
        assert result.output.startswith(f"Error: {output}: ") and len(result.output.strip().splitlines()) == 1
        assert "not a folder" in result.output
    assert Path("file.txt").read_text() == "x"


def test_a_draft_that_cannot_be_written_does_not_discard_the_rest(runner, in_tmp, monkeypatch):
    from draftkit import outputs

    original = outputs.render_eml

    def fragile(draft, *args):
        if draft.to == "Marcus Lee":
            raise ValueError("Header values may not contain linefeed or carriage return characters")
        return original(draft, *args)

    monkeypatch.setattr(outputs, "render_eml", fragile)
    result = run(runner, "write", EXAMPLE, "-o", "out")
    data = json.loads(Path("out/drafts.json").read_text())
    assert [e["draft"] for e in data["errors"]] == ["email-marcus-lee"]
    assert "could not be written" in data["errors"][0]["message"]
    assert Path("out/email-priya-raman.eml").exists() and not Path("out/email-marcus-lee.eml").exists()
    assert len(data["drafts"]) == 4
    assert result.exit_code == 3 and "email-marcus-lee" in result.output


def test_killed_midway_and_run_again_equals_an_uninterrupted_run(tmp_path):
    notes = tmp_path / "notes"
    make_corpus(notes, 120)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
        env.pop(var, None)
    command = [sys.executable, "-m", "draftkit.cli", "write", str(notes), "--now", NOW, "-o"]
    subprocess.run([*command, str(tmp_path / "whole")], env=env, check=True, capture_output=True)

    out = tmp_path / "killed"
    proc = subprocess.Popen([*command, str(out)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not out.is_dir() or len(os.listdir(out)) < 20):
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    finished = [p for p in out.iterdir() if not p.name.startswith(".")]
    assert 0 < len(finished) < 120, "killed midway"
    for folder in finished:  # nothing half-written: every folder is whole
        assert (folder / "drafts.json").exists() and (folder / MARKER).exists()
    again = subprocess.run([*command, str(out)], env=env, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert f"{len(finished)} already written" in again.stdout
    assert tree(out) == tree(tmp_path / "whole")
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_a_folder_that_appears_during_the_run_is_never_replaced(tmp_path):
    from draftkit.errors import OutputExistsError
    from draftkit.folders import stage_and_swap

    folder = tmp_path / "acme"
    folder.mkdir()
    (folder / "drafts.json").write_text("another run's drafts")
    with pytest.raises(OutputExistsError, match="something else wrote this folder"):
        stage_and_swap(folder, {"drafts.json": b"ours"}, replace=False)
    assert (folder / "drafts.json").read_text() == "another run's drafts"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["acme"]


def test_an_llm_run_killed_midway_pays_only_for_what_was_in_flight(tmp_path):
    from fake_llm import FakeLLM, notes_in

    notes = tmp_path / "notes"
    make_corpus(notes, 24)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DRAFTKIT_CACHE_DIR": str(tmp_path / "cache")}
    out = tmp_path / "out"
    with FakeLLM(latency=0.05) as llm:
        command = [sys.executable, "-m", "draftkit.cli", "write", str(notes), "--now", NOW, "-o", str(out),
                   "--base-url", llm.base_url, "--concurrency", "4"]
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (not out.is_dir() or len(os.listdir(out)) < 6):
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        before = len(llm.requests)
        finished = {json.loads((p / "drafts.json").read_text())["notes"]["company"]
                    for p in out.iterdir() if not p.name.startswith(".")}
        assert 0 < len(finished) < 24
        again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
        assert again.returncode == 0, again.stderr
        redone = {notes_in(r).get("company") for r in llm.requests[before:]}
    assert not redone & finished, "finished files are not asked for again"
    assert f"{len(finished)} already written" in again.stdout
    assert len(list(out.glob("*/drafts.json"))) == 24


@pytest.mark.parametrize(("file_name", "folder"), [
    ("acme.json", "acme"),
    (" .json", "notes"),
    ("x\ny.json", "x-y"),
    ("tab\there\r.yaml", "tab-here-"),
    (".hidden.json", "hidden"),
    ("a" * 250 + ".json", "a" * 120),
    ("é" * 120 + ".json", "é" * 60),
])
def test_folder_names_are_readable_and_short_enough_to_create(file_name, folder):
    from draftkit.batch import folder_stem

    assert folder_stem(Path(file_name)) == folder
