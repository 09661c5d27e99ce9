"""Where ocopctl's own data files are: inside an installed package, or in a checkout."""

from __future__ import annotations

from pathlib import Path


def data_dir(name: str) -> Path:
    """``templates`` or ``schemas``: inside an installed package (``ocopctl/data/NAME``), or at
    the checkout's top level."""
    here = Path(__file__).resolve().parent
    installed = here / "data" / name
    return installed if installed.is_dir() else here.parent / name


def template_dir() -> Path:
    return data_dir("templates")


def national_agencies_file() -> Path:
    """The national bodies' ``agencies.yaml`` that ``ocopctl init`` copies: inside an installed package
    (``ocopctl/data/national/agencies.yaml``), or the checkout's ``plans/national/agencies.yaml``."""
    installed = data_dir("national") / "agencies.yaml"
    return installed if installed.is_file() else Path(__file__).resolve().parent.parent / "plans/national/agencies.yaml"
