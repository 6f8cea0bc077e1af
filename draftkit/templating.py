"""Jinja2 environments: our packaged templates in-process, user templates in a sandboxed worker.

A user's `--templates` folder is code we did not write, so it renders in Jinja2's sandbox inside a
separate worker process with a memory cap and a deadline: a template that loops without end,
builds a huge string or recurses fails with one clear line instead of taking the run down.
Template names resolve inside the template folders only (no `..`, no absolute paths, no links
that lead out). This module imports nothing from draftkit: the worker runs it as a script.
"""

from __future__ import annotations

import atexit
import json
import marshal
import os
import queue
import re
import sys
import threading
import types
from collections.abc import Callable
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

if TYPE_CHECKING:
    import subprocess

TEMPLATE_VERSION = "1"
RENDER_SECONDS = 2.0  # wall time for one render of a user template
STARTUP_SECONDS = 20.0  # the worker's own start (python + jinja2) on a busy machine
RENDER_MEMORY = 256 * 2**20  # address space of the worker process
MAX_OUTPUT_CHARS = 200_000  # a prompt longer than this is a template bug, not a prompt


class TemplateFailure(jinja2.TemplateError):
    """A user template failed; the message says which template, where, and why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.text = message

    def __str__(self) -> str:
        return self.text


class TemplateOutside(TemplateFailure):
    """A template name that would leave the template folders."""


def prompt_root() -> Traversable:
    """The prompts folder: inside the installed wheel, or beside the package in a checkout."""
    packaged = resources.files("draftkit") / "prompts"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "prompts"


def template_parts(name: object) -> list[str]:
    """A template name as path parts inside a template folder; refuses names that leave it."""
    if not isinstance(name, str) or not name:
        raise TemplateOutside(f"template name {name!r} is not a file name inside the templates folder")
    shown = name if len(name) <= 80 else name[:77] + "..."
    if "\\" in name or "\0" in name or name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise TemplateOutside(f"template {shown!r}: use a relative name with '/' inside the templates folder")
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise TemplateOutside(f"template {shown!r}: '..' would leave the templates folder; "
                              "includes, imports and extends stay inside it")
    if not parts:
        raise TemplateOutside(f"template {shown!r} is not a file name")
    return parts


class FolderLoader(jinja2.BaseLoader):
    """Templates from one folder; a name (or a link) that leads outside the folder is refused."""

    def __init__(self, folder: str | Path, label: str | None = None) -> None:
        self.folder = Path(folder).resolve()
        self.label = label or str(folder)

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        parts = template_parts(template)
        path = self.folder.joinpath(*parts)
        real = path.resolve()
        if real != self.folder and self.folder not in real.parents:
            raise TemplateOutside(f"template {template!r} in {self.label} is a link that leads outside "
                                  "the templates folder; copy the file into the folder instead")
        if not real.is_file():
            raise jinja2.TemplateNotFound(template)
        try:
            source = real.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise TemplateFailure(f"template {template!r} in {self.label}: cannot read it ({exc})") from None
        mtime = real.stat().st_mtime
        return source, str(path), lambda: real.is_file() and real.stat().st_mtime == mtime


def _load_packaged(name: str) -> tuple[str, str, Callable[[], bool]] | None:
    node = prompt_root()
    for part in template_parts(name):
        node = node / part
    if not node.is_file():
        return None
    return node.read_text(encoding="utf-8"), f"prompts/{'/'.join(template_parts(name))}", lambda: True


def para(text: str) -> str:
    """Collapse a block into one paragraph: template lines are for authors, not readers."""
    return " ".join(text.split())


_LINE_LIKE = {"`": "\\u0060", "\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_LINE_LIKE_RE = re.compile("[`\x85\u2028\u2029]")


def json_text(value: object, indent: int | None = None) -> str:
    """JSON with nothing that could end a line or a code fence: every string stays one literal."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _LINE_LIKE_RE.sub(lambda m: _LINE_LIKE[m.group()], text)


def quote(value: object) -> str:
    """A value as one JSON literal: notes text stays visibly data, on one line, in any prose."""
    return json_text(value)


def _configure(env: jinja2.Environment) -> jinja2.Environment:
    env.filters["para"] = para
    env.filters["quote"] = quote
    return env


def _options() -> dict:
    return {
        "undefined": jinja2.StrictUndefined,
        "autoescape": False,
        "keep_trailing_newline": False,
        "trim_blocks": True,
        "lstrip_blocks": True,
    }


class _KeptCompiled(jinja2.Environment):
    """Compiled template code kept between runs (draftkit.derived): compiling our templates and
    frames is most of what they cost a short run. Keyed by the source, the settings, jinja2 and
    Python; an unreadable entry is compiled anew."""

    def __init__(self, kept: Any, **options: Any) -> None:
        super().__init__(**options)
        self.kept = kept

    def compile(self, source, name=None, filename=None, raw=False, defer_init=False):  # type: ignore[override]
        if self.kept is None or raw or defer_init or not isinstance(source, str):
            return super().compile(source, name, filename, raw, defer_init)
        settings = (jinja2.__version__, sys.version, sorted(self.filters), sorted(self.tests), sorted(self.extensions),
                    self.trim_blocks, self.lstrip_blocks, self.keep_trailing_newline, self.newline_sequence,
                    self.optimized, self.autoescape, self.block_start_string, self.block_end_string,
                    self.variable_start_string, self.variable_end_string, self.comment_start_string,
                    self.comment_end_string, self.line_statement_prefix, self.line_comment_prefix)
        key = self.kept.key(repr(settings), name, filename, source) + ".code"
        data = self.kept.get(key)
        if data is not None:
            try:
                code = marshal.loads(data)
                if isinstance(code, types.CodeType):
                    return code
            except (ValueError, EOFError, TypeError):
                pass
        code = super().compile(source, name, filename)
        self.kept.put(key, marshal.dumps(code))
        return code


def _kept_code() -> Any:
    from draftkit.derived import Kept  # never in the worker, which runs this file on its own

    return Kept("templates")


@cache
def packaged_env() -> jinja2.Environment:
    """Our own templates; notes only ever arrive as variables, never as template code."""
    return _configure(_KeptCompiled(_kept_code(), loader=jinja2.FunctionLoader(_load_packaged), **_options()))


class UserTemplates:
    """A user's template folder (with ours as the fallback); rendered only in the worker."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def __repr__(self) -> str:
        return f"UserTemplates({str(self.folder)!r})"


def user_env(folder: str | Path) -> UserTemplates:
    """User templates from `folder`, falling back to ours, rendered in the sandboxed worker."""
    return UserTemplates(folder)


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.strip().splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out)


def render(name: str, env: jinja2.Environment | UserTemplates | None = None, **context: object) -> str:
    """Render a template by name with StrictUndefined; tidy blank-line runs."""
    if isinstance(env, UserTemplates):
        return _tidy(_worker().render(env.folder, name, context))
    return _tidy((env or packaged_env()).get_template(name).render(**context))


# --- the worker: user templates render here, in a child process ------------------------------


class _Worker:
    """One long-lived child process; restarted after a timeout, a crash or running out of memory."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.proc: subprocess.Popen[str] | None = None
        self.lines: queue.Queue[str | None] = queue.Queue()

    def _start(self) -> None:
        import subprocess  # only a user's --templates folder needs the worker

        self.lines = queue.Queue()
        path = [p for p in sys.path if p]  # never the current folder: no module there is imported
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-u", "-c", _BOOT, json.dumps(path), str(Path(__file__).resolve()),
                 str(prompt_root())],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                text=True, encoding="utf-8", errors="surrogateescape", env=_worker_environment(),
            )
        except OSError as exc:
            raise TemplateFailure(f"could not start the template sandbox ({sys.executable}: {exc.strerror})") from None
        threading.Thread(target=self._read, args=(self.proc, self.lines), daemon=True).start()
        if self._next(STARTUP_SECONDS) != "ready":
            self._stop()
            raise TemplateFailure("could not start the template sandbox (python with jinja2)")

    @staticmethod
    def _read(proc: subprocess.Popen[str], lines: queue.Queue[str | None]) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.put(line.rstrip("\n"))
        lines.put(None)

    def _next(self, seconds: float) -> str | None:
        """The worker's next line; None when it stopped; _LATE when it has not answered in time."""
        try:
            return self.lines.get(timeout=seconds)
        except queue.Empty:
            return _LATE

    def _stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            for pipe in (self.proc.stdin, self.proc.stdout):
                if pipe is not None:
                    pipe.close()
            self.proc = None

    def close(self) -> None:
        with self.lock:
            self._stop()

    def render(self, folder: Path, name: str, context: dict[str, Any]) -> str:
        request = json.dumps({"folder": str(folder), "name": name, "context": context}, ensure_ascii=True)
        with self.lock:
            if self.proc is None or self.proc.poll() is not None:
                self._start()
            assert self.proc is not None and self.proc.stdin is not None
            try:
                self.proc.stdin.write(request + "\n")
                self.proc.stdin.flush()
            except OSError:
                self._stop()
                raise TemplateFailure(f"template {name!r}: the template sandbox stopped; try again") from None
            line = self._next(RENDER_SECONDS)
            if line is None or line == _LATE:
                self._stop()
                if line == _LATE:
                    raise TemplateFailure(f"template {name!r} in {folder}: still rendering after "
                                          f"{RENDER_SECONDS:g} s (a loop that never ends, or too much work for a prompt)")
                raise TemplateFailure(f"template {name!r} in {folder}: rendering used more than "
                                      f"{RENDER_MEMORY >> 20} MB of memory")
        answer = json.loads(line)
        if "error" in answer:
            if answer.get("fatal"):
                with self.lock:
                    self._stop()
            raise TemplateFailure(answer["error"])
        return answer["text"]


def _worker_environment() -> dict[str, str]:
    """The little a Python process needs; never API keys or other secrets of this one."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "TEMP", "TMP", "SYSTEMROOT")
    return {k: v for k, v in os.environ.items() if k in keep}


_LATE = "\0late"
# The child gets the parent's import path exactly, then runs this file as a module.
_BOOT = ("import sys, json, runpy; sys.path[:] = json.loads(sys.argv[1]); "
         "runpy.run_path(sys.argv[2])['_serve'](sys.argv[3])")
_WORKER: _Worker | None = None
_WORKER_LOCK = threading.Lock()


def _worker() -> _Worker:
    global _WORKER
    with _WORKER_LOCK:
        if _WORKER is None:
            _WORKER = _Worker()
            atexit.register(_WORKER.close)
        return _WORKER


def _where(exc: BaseException, folders: dict[str, str]) -> str:
    """`name, line N` of the innermost template frame in the traceback, if any."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"{exc.name or exc.filename or 'template'}, line {exc.lineno}"
    found = ""
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        for root, label in folders.items():
            if filename.startswith(root):
                found = f"{label}{filename[len(root):].lstrip(os.sep)}, line {tb.tb_lineno}"
        tb = tb.tb_next
    return found


def _describe(exc: BaseException, name: str, folders: dict[str, str]) -> str:
    where = _where(exc, folders)
    if isinstance(exc, TemplateFailure):
        return f"{where}: {exc.text}" if where else exc.text
    where = where or f"template {name!r}"
    if isinstance(exc, RecursionError):
        return f"{where}: templates include, extend or call each other without end"
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"{where}: no template named {exc.name!r} in the templates folder or the packaged prompts"
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if len(message) > 200:
        message = message[:197] + "..."
    return f"{where}: {type(exc).__name__}" + (f": {message}" if message else "")


@cache
def _bounded() -> type[jinja2.Environment]:
    """The sandbox, plus a cap on what one render may write (imported in the worker only)."""
    from jinja2.sandbox import SandboxedEnvironment

    class Bounded(SandboxedEnvironment):
        def concat(self, parts) -> str:  # type: ignore[override]
            out, size = [], 0
            for part in parts:
                size += len(part)
                if size > MAX_OUTPUT_CHARS:
                    raise TemplateFailure(f"the template wrote more than {MAX_OUTPUT_CHARS:,} characters")
                out.append(part)
            return "".join(out)

    return Bounded


def _render_in_worker(request: dict[str, Any], packaged: str) -> str:
    folder = Path(request["folder"])
    env = _bounded()(loader=jinja2.ChoiceLoader([FolderLoader(folder), FolderLoader(packaged, "prompts/")]),
                   auto_reload=False, cache_size=64, **_options())
    _configure(env)
    folders = {str(folder.resolve()): f"{folder}{os.sep}", str(Path(packaged).resolve()): "prompts/"}
    try:
        return env.get_template(request["name"]).render(**request["context"])
    except MemoryError:
        raise
    except Exception as exc:
        raise TemplateFailure(_describe(exc, request["name"], folders)) from None


def _serve(packaged: str) -> None:  # pragma: no cover - runs in the child process
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (RENDER_MEMORY, RENDER_MEMORY))
    except (ImportError, ValueError, OSError):
        pass
    sys.setrecursionlimit(600)
    out = sys.stdout
    out.write("ready\n")
    out.flush()
    for line in sys.stdin:
        fatal = False
        try:
            answer: dict[str, Any] = {"text": _render_in_worker(json.loads(line), packaged)}
        except TemplateFailure as exc:
            answer = {"error": exc.text}
        except MemoryError:
            answer, fatal = {"error": f"rendering used more than {RENDER_MEMORY >> 20} MB of memory", "fatal": True}, True
        except RecursionError:
            answer = {"error": "templates include, extend or call each other without end"}
        except Exception as exc:
            answer = {"error": f"the template sandbox failed: {type(exc).__name__}"}
        out.write(json.dumps(answer, ensure_ascii=True) + "\n")
        out.flush()
        if fatal:
            return
