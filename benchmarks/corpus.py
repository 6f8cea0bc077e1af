"""Make N varied notes files from the examples and the test corpus (for the batch benchmarks)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIRST = ["Avery", "Jordan", "Sam", "Noor", "Kenji", "Lucía", "Mei-Ling", "Olu", "Ines", "Ravi", "Tomás", "Zoe"]
LAST = ["Park", "Nguyen", "Okafor", "Silva", "Tanaka", "Berg", "Costa", "Haddad", "Moreau", "Singh"]


def seeds() -> list[dict]:
    import yaml  # the test extra installs it

    found = [ROOT / "examples" / "notes.json", *sorted((ROOT / "tests" / "data" / "notes").iterdir())]
    out = []
    for path in found:
        text = path.read_text(encoding="utf-8")
        out.append(json.loads(text) if path.suffix == ".json" else yaml.safe_load(text))
    return out


def make_corpus(folder: Path, count: int) -> list[Path]:
    """Write `count` notes files into `folder` (names notes-0001.json ...); return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    base = seeds()
    paths = []
    for i in range(count):
        notes = copy.deepcopy(base[i % len(base)])
        notes["candidate"]["name"] = f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]}"
        notes["company"] = f"{notes['company']} {i // len(base) + 1}"
        path = folder / f"notes-{i + 1:04d}.json"
        path.write_text(json.dumps(notes, ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    return paths
