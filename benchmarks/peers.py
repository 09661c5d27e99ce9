"""Find the tools a benchmark compares with, the same way with or without an activated venv."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path


def tool(name: str) -> list[str] | None:
    """A command installed with this interpreter (its bin/ or Scripts/ folder), else on PATH."""
    for folder in dict.fromkeys((Path(sys.executable).parent, Path(sys.executable).resolve().parent)):
        for candidate in (folder / name, folder / f"{name}.exe"):
            if candidate.is_file() and os.access(candidate, os.X_OK):
                return [str(candidate)]
    found = shutil.which(name)
    return [found] if found else None


def need(name: str) -> list[str]:
    """``tool(name)``, or exit with one line saying how to install it."""
    found = tool(name)
    if found is None:
        sys.exit(f"{name} not found next to {sys.executable} nor on PATH: pip install {name}")
    return found
