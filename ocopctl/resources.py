"""Where ocopctl's own data files are: inside an installed package, or in a checkout."""

from __future__ import annotations

from pathlib import Path


def template_dir() -> Path:
    """Templates inside an installed package, or at the checkout's top level."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "data" / "templates", here.parent / "templates"):
        if candidate.is_dir():
            return candidate
    return here.parent / "templates"
