"""Option parsing shared by the commands: one-line errors and exit code 2."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console

from ocopctl import i18n
from ocopctl.cli import exits, style
from ocopctl.config import parse_date
from ocopctl.i18n import _
from ocopctl.limits import XLSX_CELL_CHARS
from ocopctl.loader import discover
from ocopctl.output import write_output


def fail(message: str) -> NoReturn:
    typer.echo(f"ocopctl: {i18n.localized(message)}", err=True)
    raise typer.Exit(exits.USAGE)


def told(error: Exception) -> str:
    """An error's one line in the language in force: an error made of a lazy message (``Msg``)
    tells it; one made of text already translated is that text."""
    first = error.args[0] if len(error.args) == 1 else None
    return i18n.localized(first) if isinstance(first, str) else str(error)


def parse_day(text: str | None, option: str) -> date:
    """The date an option gives, or today: the only place ocopctl reads the clock."""
    if text is None:
        return date.today()
    try:
        return parse_date(text)  # bounded by YEAR_MIN and YEAR_MAX of ocopctl.limits
    except ValueError as exc:
        fail(f"{option} {exc}")


def warn_unloaded(count: int) -> None:
    if count:
        typer.echo("ocopctl: " + _("{count} file(s) could not be loaded and were left out; "
                                   "run 'ocopctl validate' to see why").format(count=i18n.count(count)), err=True)


AllowInInputs = Annotated[bool, typer.Option(
    "--allow-output-in-inputs", help=_("Allow an output inside plans/ or an input folder (never over an input file)"))]


@dataclass(frozen=True)
class Plans:
    """The plan paths a command reads, and the files found under them."""

    paths: list[Path]
    files: list[Path]

    @property
    def inputs(self) -> list[Path]:
        """What an output must not be, nor lie in."""
        return [*self.paths, *self.files]


def plans(paths: Sequence[Path] | None) -> Plans:
    """The paths given (default: plans/); a path that does not exist or holds no plan file is a
    usage error (exit 2), as for validate, rather than an empty report."""
    chosen = list(paths or [Path("plans")])
    found, problems = discover(chosen)
    for d in problems:
        fail(i18n.localized(d.message) + (f"; {i18n.localized(d.hint)}" if d.hint else ""))
    return Plans(chosen, found)


def emit(text: str | bytes | Iterable[str], output: Path | None, inputs: Sequence[Path] = (), *,
         allow_in_inputs: bool = False, replace: bool = True) -> None:
    """Print, or write ``output`` through ``ocopctl.output.write_output`` (never over an input)."""
    if output is None:
        if isinstance(text, str | bytes):
            typer.echo(text.decode("utf-8") if isinstance(text, bytes) else text, nl=False)
        else:  # pieces of text: written as they come (echo would flush each one)
            out = sys.stdout
            for piece in text:
                out.write(piece)
            out.flush()
    else:
        write_output(output, text, inputs, allow_in_inputs=allow_in_inputs, replace=replace)
        typer.echo(_("wrote {path}").format(path=output), err=True)


def note_changed_cells(count: int) -> None:
    """One note for the cells an .xlsx could not hold as they were."""
    if count:
        typer.echo("ocopctl: " + _(
            "note: {count} cell(s) held control characters or more than {limit} characters, which .xlsx "
            "cannot store; they were written with visible symbols (␀ to ␟) or cut").format(
            count=i18n.count(count), limit=i18n.format_number(XLSX_CELL_CHARS.value)), err=True)


def console(stderr: bool = False) -> Console:
    """Rich output: as wide as the terminal, or 160 columns when piped or redirected, where
    rich would otherwise fall back to 80 and wrap every Vietnamese agency name. Plan text is data:
    no console markup ("[bold]") nor emoji codes (":warning:") are read in it."""
    options: dict[str, Any] = {"highlight": False, "markup": False, "emoji": False, "stderr": stderr}
    if style.COLOR == "never":
        options["color_system"] = None
    elif style.COLOR == "always":
        options["force_terminal"] = True
    c = Console(**options)
    stream = sys.stderr if stderr else sys.stdout
    return c if c.is_terminal and stream.isatty() else Console(**options, width=160)


def progress_bar(label: str, delay: float = 1.0) -> Callable[[int, int], None] | None:
    """A callback that shows a progress bar on stderr once a run has taken ``delay`` seconds:
    only on a terminal, never in a pipe, a file or CI (``CI`` set), where it would be noise."""
    err = console(stderr=True)
    if not err.is_terminal or os.environ.get("CI"):
        return None
    from rich.progress import Progress

    started = time.monotonic()
    bar: list[Any] = []

    def advance(done: int, total: int) -> None:
        if not bar:
            if time.monotonic() - started < delay:
                return
            shown = Progress(console=err, transient=True)
            shown.start()
            bar.extend((shown, shown.add_task(label, total=total)))
        shown, task = bar
        shown.update(task, completed=done, total=total)
        if done >= total:
            shown.stop()

    return advance
