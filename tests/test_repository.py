"""The repository holds only the project's own files: no links into a machine, no installed packages."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(not (ROOT / ".git").exists() or shutil.which("git") is None, reason="not a git checkout")
def test_no_symbolic_link_virtualenv_or_node_modules_is_tracked():
    listing = subprocess.run(["git", "ls-files", "-s"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    links = [line.split("\t", 1)[1] for line in listing.splitlines() if line.startswith("120000 ")]
    assert links == [], f"symbolic links in the repository: {links}"
    paths = [line.split("\t", 1)[1] for line in listing.splitlines()]
    stray = [p for p in paths if p.split("/")[0] == ".venv" or "node_modules" in p.split("/")]
    assert stray == []
