"""What draftkit derives from its own files, kept between runs: compiled template code and parsed
tables are reused, never stale, and never trusted from a folder others can write to."""

import marshal
import os
import sys

import jinja2
import pytest

from draftkit import derived
from draftkit.templating import packaged_env


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFTKIT_CACHE_DIR", str(tmp_path / "cache"))
    packaged_env.cache_clear()
    yield tmp_path / "cache" / "templates"
    packaged_env.cache_clear()


def never_compile(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("compiled again instead of reusing the kept code")

    monkeypatch.setattr(jinja2.Environment, "compile", refuse)


def test_a_second_run_renders_from_the_kept_code(cache_dir, monkeypatch):
    first = packaged_env()
    first.get_template("builtin/email.j2")
    frame = first.from_string("Thank you for {{ t|para }}, {{ name }}.").render(t="the  tour", name="Priya")
    assert frame == "Thank you for the tour, Priya."
    kept = sorted(cache_dir.iterdir())
    assert len(kept) >= 2  # email.j2 (and what it imports), the frame

    packaged_env.cache_clear()  # a new process, as far as the templates know
    never_compile(monkeypatch)
    second = packaged_env()
    assert second is not first
    assert second.from_string("Thank you for {{ t|para }}, {{ name }}.").render(t="the  tour", name="Priya") == frame
    assert second.get_template("builtin/email.j2").name == "builtin/email.j2"
    assert sorted(cache_dir.iterdir()) == kept


def test_edited_source_is_compiled_anew(cache_dir):
    env = packaged_env()
    assert env.from_string("Hello {{ name }}.").render(name="Ana") == "Hello Ana."
    assert env.from_string("Hi {{ name }}!").render(name="Ana") == "Hi Ana!"
    assert len(list(cache_dir.iterdir())) == 2


@pytest.mark.parametrize("garbage", [b"", b"\x00\x01not marshal", marshal.dumps("a string, not code"),
                                     marshal.dumps(compile("x = 1", "t", "exec"))[:-3]])
def test_a_damaged_entry_is_compiled_anew_and_replaced(cache_dir, garbage):
    packaged_env().from_string("Hello {{ name }}.")
    (entry,) = cache_dir.iterdir()
    entry.write_bytes(garbage)
    packaged_env.cache_clear()
    assert packaged_env().from_string("Hello {{ name }}.").render(name="Ana") == "Hello Ana."
    assert isinstance(marshal.loads(entry.read_bytes()), type(compile("", "", "exec")))


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_folder_others_can_write_is_never_used(cache_dir, monkeypatch):
    cache_dir.mkdir(parents=True)
    os.chmod(cache_dir, 0o777)
    assert derived.private_folder("templates") is None
    env = packaged_env()
    assert env.from_string("Hello {{ name }}.").render(name="Ana") == "Hello Ana."
    assert list(cache_dir.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_the_folder_is_made_private(cache_dir):
    packaged_env().from_string("Hello {{ name }}.")
    assert cache_dir.stat().st_mode & 0o777 == 0o700


def test_an_unwritable_cache_only_costs_speed(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("DRAFTKIT_CACHE_DIR", str(blocker))
    packaged_env.cache_clear()
    try:
        assert derived.private_folder("templates") is None
        assert packaged_env().from_string("Hello {{ name }}.").render(name="Ana") == "Hello Ana."
    finally:
        packaged_env.cache_clear()


def test_a_template_error_still_names_the_template(cache_dir):
    with pytest.raises(jinja2.TemplateSyntaxError) as caught:
        packaged_env().from_string("Hello {{ name ")
    assert str(caught.value).startswith("unexpected end of template") and caught.value.lineno == 1
    assert list(cache_dir.iterdir()) == []


def test_the_key_covers_the_python_that_compiled_it(cache_dir, monkeypatch):
    packaged_env().from_string("Hello {{ name }}.")
    monkeypatch.setattr(sys, "version", sys.version + " (another build)")
    packaged_env.cache_clear()
    packaged_env().from_string("Hello {{ name }}.")
    assert len(list(cache_dir.iterdir())) == 2


# --- parsed tables ------------------------------------------------------------------------------

@pytest.fixture
def tables(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFTKIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(derived, "_TABLES", None)
    return tmp_path / "cache" / "tables"


def never_parse(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("parsed again instead of reading the kept table")

    monkeypatch.setattr(derived.tomllib, "loads", refuse)


def test_the_frame_table_is_read_back_as_parsed(tables, monkeypatch):
    import tomllib

    from draftkit.templating import prompt_root

    source = prompt_root() / "builtin" / "frames.toml"
    parsed = tomllib.loads(source.read_text(encoding="utf-8"))
    assert derived.toml_table(source) == parsed
    assert len(list(tables.iterdir())) == 1
    monkeypatch.setattr(derived, "_TABLES", None)
    never_parse(monkeypatch)
    assert derived.toml_table(source) == parsed


def test_an_edited_table_is_parsed_anew(tables, tmp_path):
    source = tmp_path / "t.toml"
    source.write_text('[[slot]]\nid = "a"\ntext = "one"\n', encoding="utf-8")
    assert derived.toml_table(source) == {"slot": [{"id": "a", "text": "one"}]}
    source.write_text('[[slot]]\nid = "a"\ntext = "two"\n', encoding="utf-8")
    assert derived.toml_table(source) == {"slot": [{"id": "a", "text": "two"}]}


@pytest.mark.parametrize("garbage", [b"", b"{not json", b"[1, 2]", b"\xff\xfe"])
def test_a_damaged_table_is_parsed_anew(tables, tmp_path, garbage):
    source = tmp_path / "t.toml"
    source.write_text('answer = 42\n', encoding="utf-8")
    derived.toml_table(source)
    (entry,) = tables.iterdir()
    entry.write_bytes(garbage)
    assert derived.toml_table(source) == {"answer": 42}


def test_a_table_json_cannot_hold_is_parsed_every_time(tables, tmp_path):
    source = tmp_path / "t.toml"
    source.write_text("day = 2026-11-24\nratio = nan\n", encoding="utf-8")
    import datetime

    assert derived.toml_table(source)["day"] == datetime.date(2026, 11, 24)
    assert list(tables.iterdir()) == []


def test_a_bad_table_still_says_where(tables, tmp_path):
    source = tmp_path / "t.toml"
    source.write_text("answer = \n", encoding="utf-8")
    with pytest.raises(derived.tomllib.TOMLDecodeError, match="line 1"):
        derived.toml_table(source)
