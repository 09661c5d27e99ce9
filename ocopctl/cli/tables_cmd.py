"""``ocopctl import`` and ``ocopctl export``: annex tables to and from spreadsheets."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import typer

from ocopctl import api, vn
from ocopctl.cli import exits
from ocopctl.cli.common import AllowInInputs, emit, fail, note_changed_cells
from ocopctl.limits import DIAGNOSTICS_PER_CODE
from ocopctl.loader import dump_yaml
from ocopctl.models import BudgetTable, Document, ProductRegistry, ProductTable, TaskTable
from ocopctl.output import check_output
from ocopctl.spreadsheets import UnreadableSheet
from ocopctl.tables_io import KINDS, export_table, import_table


def _plain(value: Any) -> Any:
    """Model dump -> YAML-ready text: numbers in Vietnamese notation, dates in ISO."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return vn.format_vn_number(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def import_cmd(
    file: Annotated[Path, typer.Argument(help="The .xlsx or .csv file")],
    kind: Annotated[str, typer.Option("--kind", help="products | tasks | budget")],
    into: Annotated[Path, typer.Option("--into", help="The YAML file to write")],
    sheet: Annotated[str | None, typer.Option("--sheet", help="Sheet name (default: the first)")] = None,
    parent: Annotated[str | None, typer.Option("--parent", help="Document id, for tasks and budget")] = None,
    province: Annotated[str | None, typer.Option("--province", help="Province, for products")] = None,
    title: Annotated[str | None, typer.Option("--title", help="Annex title (default: the file name)")] = None,
    mapping: Annotated[list[str] | None, typer.Option("--map", help="'Header=field' to map a column")] = None,
    skip_bad_rows: Annotated[bool, typer.Option("--skip-bad-rows", help="Import the good rows anyway")] = False,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace --into if it exists (never the file being imported)")] = False,
) -> None:
    """Turn a spreadsheet annex table into a YAML plan file; nothing is written while any row is bad."""
    if kind not in KINDS:
        fail(f"--kind {kind!r} is not one of {', '.join(KINDS)}")
    if not file.is_file():
        fail(f"{str(file)!r} does not exist")
    if file.suffix.lower() not in (".xlsx", ".csv"):
        fail(f"{str(file)!r} is neither .xlsx nor .csv")
    # A new plan file belongs in plans/, so only the spreadsheet itself is an input it may not be.
    check_output(into, [file], allow_in_inputs=True, replace=force)
    if kind == "products" and not province:
        fail("--kind products needs --province (the province the products belong to)")
    if kind != "products" and not parent:
        fail(f"--kind {kind} needs --parent DOCUMENT-ID (the document the annex belongs to)")
    overrides = {}
    for m in mapping or []:
        header, sep, field = m.rpartition("=")
        if not sep or not header or not field:
            fail(f"--map {m!r} is not 'Header=field'")
        overrides[header] = field
    try:
        result = import_table(file, kind, sheet, overrides, skip_bad_rows, id_prefix=into.stem)
    except KeyError:
        fail(f"{str(file)!r} has no sheet {sheet!r}")
    except UnreadableSheet as exc:
        fail(str(exc))
    # Messages quote cells: plain echo, so that no "[bold]" in a sheet is read as console markup.
    shown = DIAGNOSTICS_PER_CODE.value  # a sheet of 100,000 bad columns is not 100,000 lines
    for label, found in (("note", result.notes), ("error", result.problems)):
        for p in found[:shown]:
            typer.echo(f"{file}:{p.where}: {label}: {p.message}" + (f" (hint: {p.hint})" if p.hint else ""), err=True)
        if len(found) > shown:
            typer.echo(f"{file}: … and {len(found) - shown:,} more {label}s like these", err=True)
    if result.problems:
        typer.echo(f"{len(result.problems)} problems; nothing was imported "
                   "(fix them, or pass --skip-bad-rows to import the good rows)", err=True)
        raise typer.Exit(exits.FINDINGS)
    table = _plain(result.table.model_dump(mode="python", exclude_defaults=True))
    table["kind"] = result.table.kind
    if kind == "products":
        data: dict[str, Any] = {"kind": "products", "province": province, "products": table.get("products", [])}
        schema = "products"
    else:
        data = {"kind": "annex", "parent": parent, "title": title or file.stem, "tables": [table]}
        schema = "annex"
    text = dump_yaml(data, f"# yaml-language-server: $schema=schemas/{schema}.schema.json\n"
                           f"# imported from {file.name} by ocopctl\n")
    emit(text, into, [file], allow_in_inputs=True, replace=force)
    typer.echo(f"imported {result.rows_read - result.rows_skipped} rows"
               + (f", skipped {result.rows_skipped} bad rows" if result.rows_skipped else ""), err=True)


def export_cmd(
    file: Annotated[Path, typer.Argument(help="A document, annex or products YAML file")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The .xlsx or .csv file to write")],
    annex: Annotated[str | None, typer.Option("--annex", help="Annex number (1, 2 ...) or label")] = None,
    table: Annotated[int, typer.Option("--table", help="Table number within the annex", min=1)] = 1,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace --output if it exists (a sheet may hold edits made since the last export)")] = False,
    allow_output_in_inputs: AllowInInputs = False,
) -> None:
    """Write an annex table (task assignment, product list, budget) to xlsx or csv."""
    fmt = output.suffix.lower().lstrip(".")
    if fmt not in ("xlsx", "csv"):
        fail(f"--output {str(output)!r} must end in .xlsx or .csv")
    if not file.is_file():
        fail(f"{str(file)!r} is not a file; name a document, annex or products YAML file")
    check_output(output, [file], allow_in_inputs=allow_output_in_inputs, replace=force)
    repo, problems = api.load_repository([file])
    if problems or not repo.files or repo.files[0].model is None:
        fail(f"{str(file)!r} does not load; run 'ocopctl validate {file}'")
    model = repo.files[0].model
    tables: list[Any]
    if isinstance(model, ProductRegistry):
        tables = [ProductTable(kind="product_list", products=model.products)]
    elif isinstance(model, Document):
        if not model.annexes:
            fail(f"{str(file)!r} has no annex")
        chosen = None
        for i, a in enumerate(model.annexes, start=1):
            if annex is None or annex == str(i) or (a.label and vn.name_key(a.label) == vn.name_key(annex)):
                chosen = a
                break
        if chosen is None:
            fail(f"--annex {annex!r} names no annex of {str(file)!r}")
        tables = chosen.tables
    elif hasattr(model, "tables"):
        tables = model.tables
    else:
        fail(f"{str(file)!r} holds no annex table")
    exportable = [t for t in tables if isinstance(t, ProductTable | TaskTable | BudgetTable)]
    if table > len(exportable):
        fail(f"--table {table}: the annex has {len(exportable)} exportable table(s)")
    data, changed = export_table(exportable[table - 1], fmt)
    emit(data, output, [file], allow_in_inputs=allow_output_in_inputs, replace=force)
    note_changed_cells(changed)
