"""Compiled template code kept between runs: reused, never stale, never trusted from a shared folder."""

import marshal
import os
import sys

import jinja2
import pytest

from draftkit import templating
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
    assert templating._code_folder() is None
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
        assert templating._code_folder() is None
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
