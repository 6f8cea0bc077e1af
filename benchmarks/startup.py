"""How long `draftkit write examples/notes.json` takes as a whole process (wall clock, from
process start to exit, builtin engine), against Python's own start-up and the bare CLI import
measured in the same run, interleaved so a busy machine weighs on all three alike.

    python benchmarks/startup.py [--runs 10]

Prints the median and minimum wall time and the median CPU time of each command, the split of
the command into interpreter start, imports and the run itself, where the import time goes (one
run under -X importtime, by top-level package), and whether any heavy module was loaded. The
target is a median under 0.5 s on a quiet machine; the load average is printed beside the figures.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "notes.json"
TARGET_SECONDS = 0.5
HEAVY = ("openai", "tiktoken", "httpx", "inflect", "typeguard", "holidays", "nbclient", "IPython")


def environment() -> dict[str, str]:
    """This environment, with bytecode caching on (as a user has it) and no LLM endpoint."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONDONTWRITEBYTECODE", "OPENAI_API_KEY", "OPENAI_BASE_URL", "PYTHONPROFILEIMPORTTIME")}
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def draftkit_command() -> list[str]:
    """The installed `draftkit` script beside this Python, else the same entry point through -c."""
    script = Path(sys.executable).with_name("draftkit")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from draftkit.cli import main; sys.argv[0] = 'draftkit'; main()"]


def timed(args: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one child process, from spawn to exit."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} exited {proc.returncode}:\n{err}")
    return wall, usage.ru_utime + usage.ru_stime


def import_breakdown(args: list[str], env: dict[str, str], cwd: Path) -> tuple[dict[str, float], list[str]]:
    """Import seconds by top-level package (one run, -X importtime; each module's own time, so a
    package that imports another is not charged for it), and every module imported."""
    env = {**env, "PYTHONPROFILEIMPORTTIME": "1"}
    out = subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True, check=True)
    totals: dict[str, float] = {}
    modules = []
    for line in out.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if not match:
            continue
        modules.append(match.group(4))
        top = match.group(4).split(".")[0]
        totals[top] = totals.get(top, 0.0) + int(match.group(1)) / 1e6
    return totals, modules


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="runs of each command (default 10)")
    runs = parser.parse_args().runs
    env = environment()
    with tempfile.TemporaryDirectory(prefix="draftkit-startup-") as tmp:
        work = Path(tmp)
        shutil.copy(EXAMPLE, work / "notes.json")
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "import draftkit.cli": [sys.executable, "-c", "import draftkit.cli"],
            "draftkit write examples/notes.json": [*draftkit_command(), "write", "notes.json", "-o", "out", "--force",
                                                   "--engine", "builtin"],
        }
        load_before = os.getloadavg()
        for args in commands.values():  # warm: bytecode written, files in the page cache
            timed(args, env, work)
        walls: dict[str, list[float]] = {name: [] for name in commands}
        cpus: dict[str, list[float]] = {name: [] for name in commands}
        for i in range(runs):
            names = list(commands)
            for name in names[i % 3:] + names[:i % 3]:  # rotate the order, round by round
                wall, cpu = timed(commands[name], env, work)
                walls[name].append(wall)
                cpus[name].append(cpu)
        load_after = os.getloadavg()
        totals, modules = import_breakdown(commands["draftkit write examples/notes.json"], env, work)

    print(f"{runs} runs each, interleaved; load average {load_before[0]:.2f} before, {load_after[0]:.2f} after "
          f"({os.cpu_count()} CPUs)")
    print(f"{'command':38} {'median wall':>12} {'min wall':>9} {'median CPU':>11}")
    for name in commands:
        print(f"{name:38} {statistics.median(walls[name]):11.3f}s {min(walls[name]):8.3f}s "
              f"{statistics.median(cpus[name]):10.3f}s")
    med = {name: statistics.median(values) for name, values in walls.items()}
    low = {name: min(values) for name, values in walls.items()}
    python, imported, write = commands
    print("\nwhere the command's time goes (medians; minimums in brackets):")
    print(f"  interpreter start        {med[python]:.3f}s ({low[python]:.3f}s)")
    print(f"  import draftkit.cli      {med[imported] - med[python]:.3f}s ({low[imported] - low[python]:.3f}s)")
    print(f"  the run (lazy imports,   {med[write] - med[imported]:.3f}s ({low[write] - low[imported]:.3f}s)")
    print("   composing, checking, writing)")
    print(f"  command / bare import    {med[write] / med[imported]:.2f}x")
    print(f"\ntarget {TARGET_SECONDS} s whole-process: median {med[write]:.3f}s, minimum {low[write]:.3f}s "
          f"({'under' if med[write] < TARGET_SECONDS else 'OVER'} the target at this load)")
    print(f"\nimports of one run (-X importtime, own time by top-level package, {sum(totals.values()):.3f}s in all; "
          "the profiler inflates it):")
    for top, seconds in sorted(totals.items(), key=lambda kv: -kv[1])[:12]:
        print(f"  {top:24} {seconds:.3f}s")
    heavy = sorted({m.split(".")[0] for m in modules if m.split(".")[0] in HEAVY})
    print(f"  {len(modules)} modules imported; heavy ones among them: {', '.join(heavy) or 'none'}")


if __name__ == "__main__":
    main()
