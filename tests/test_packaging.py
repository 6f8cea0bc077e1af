import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(not (ROOT / "pyproject.toml").exists(), reason="needs the source tree")
def test_wheel_ships_prompts_and_rule_data(tmp_path):
    pytest.importorskip("hatchling")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True, capture_output=True,
    )
    (wheel,) = tmp_path.glob("draftkit-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "draftkit/prompts/builtin/email.j2" in names
    assert "draftkit/checklist/data/pushy.toml" in names
    assert len([n for n in names if n.startswith("draftkit/checklist/data/")]) == len(list((ROOT / "draftkit" / "checklist" / "data").glob("*.toml")))
    suite = {n for n in names if n.startswith("draftkit/evals/suite/")}  # `draftkit evals run` works after pip install
    assert len(suite) == len(list((ROOT / "evals" / "suite").glob("*.json"))) >= 12


def test_templates_load_through_importlib_resources():
    from draftkit.templating import packaged_env

    assert packaged_env().get_template("builtin/email.j2")
