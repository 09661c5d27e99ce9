"""``ocopctl import`` and ``ocopctl export``: annex tables to and from spreadsheets."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import typer

from ocopctl import api, i18n, vn
from ocopctl.cli import exits
from ocopctl.cli.common import AllowInInputs, emit, fail, note_changed_cells, told
from ocopctl.i18n import _
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
    file: Annotated[Path, typer.Argument(help=_("The .xlsx or .csv file"))],
    kind: Annotated[str, typer.Option("--kind", help="products | tasks | budget")],
    into: Annotated[Path, typer.Option("--into", help=_("The YAML file to write"))],
    sheet: Annotated[str | None, typer.Option("--sheet", help=_("Sheet name (default: the first)"))] = None,
    parent: Annotated[str | None, typer.Option("--parent", help=_("Document id, for tasks and budget"))] = None,
    province: Annotated[str | None, typer.Option("--province", help=_("Province, for products"))] = None,
    title: Annotated[str | None, typer.Option("--title", help=_("Annex title (default: the file name)"))] = None,
    mapping: Annotated[list[str] | None, typer.Option("--map", help=_("'Header=field' to map a column"))] = None,
    skip_bad_rows: Annotated[bool, typer.Option("--skip-bad-rows", help=_("Import the good rows anyway"))] = False,
    force: Annotated[bool, typer.Option(
        "--force", help=_("Replace --into if it exists (never the file being imported)"))] = False,
) -> None:
    """Turn a spreadsheet annex table into a YAML plan file; nothing is written while any row is bad."""
    if kind not in KINDS:
        fail(_("--kind {kind} is not one of {kinds}").format(kind=repr(kind), kinds=", ".join(KINDS)))
    if not file.is_file():
        fail(_("{path} does not exist").format(path=repr(str(file))))
    if file.suffix.lower() not in (".xlsx", ".csv"):
        fail(_("{path} is neither .xlsx nor .csv").format(path=repr(str(file))))
    # A new plan file belongs in plans/, so only the spreadsheet itself is an input it may not be.
    check_output(into, [file], allow_in_inputs=True, replace=force)
    if kind == "products" and not province:
        fail(_("--kind products needs --province (the province the products belong to)"))
    if kind != "products" and not parent:
        fail(_("--kind {kind} needs --parent DOCUMENT-ID (the document the annex belongs to)").format(kind=kind))
    overrides = {}
    for m in mapping or []:
        header, sep, field = m.rpartition("=")
        if not sep or not header or not field:
            fail(_("--map {value} is not 'Header=field'").format(value=repr(m)))
        overrides[header] = field
    try:
        result = import_table(file, kind, sheet, overrides, skip_bad_rows, id_prefix=into.stem)
    except KeyError:
        fail(_("{path} has no sheet {sheet}").format(path=repr(str(file)), sheet=repr(sheet)))
    except UnreadableSheet as exc:
        fail(told(exc))
    # Messages quote cells: plain echo, so that no "[bold]" in a sheet is read as console markup.
    shown = DIAGNOSTICS_PER_CODE.value  # a sheet of 100,000 bad columns is not 100,000 lines
    for label, more, found in ((_("note"), _("{file}: … and {count} more notes like these"), result.notes),
                               (_("error"), _("{file}: … and {count} more errors like these"), result.problems)):
        for p in found[:shown]:
            hint = " " + _("(hint: {hint})").format(hint=i18n.localized(p.hint)) if p.hint else ""
            typer.echo(f"{file}:{p.where}: {label}: {i18n.localized(p.message)}{hint}", err=True)
        if len(found) > shown:
            typer.echo(more.format(file=file, count=i18n.format_number(len(found) - shown)), err=True)
    if result.problems:
        typer.echo(_("{count} problems; nothing was imported (fix them, or pass --skip-bad-rows to import the good "
                     "rows)").format(count=i18n.count(len(result.problems))), err=True)
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
    imported = _("imported {count} rows").format(count=i18n.count(result.rows_read - result.rows_skipped))
    if result.rows_skipped:
        imported += _(", skipped {count} bad rows").format(count=i18n.count(result.rows_skipped))
    typer.echo(imported, err=True)


def export_cmd(
    file: Annotated[Path, typer.Argument(help=_("A document, annex or products YAML file"))],
    output: Annotated[Path, typer.Option("--output", "-o", help=_("The .xlsx or .csv file to write"))],
    annex: Annotated[str | None, typer.Option("--annex", help=_("Annex number (1, 2 ...) or label"))] = None,
    table: Annotated[int, typer.Option("--table", help=_("Table number within the annex"), min=1)] = 1,
    force: Annotated[bool, typer.Option(
        "--force",
            help=_("Replace --output if it exists (a sheet may hold edits made since the last export)"))] = False,
    allow_output_in_inputs: AllowInInputs = False,
) -> None:
    """Write an annex table (task assignment, product list, budget) to xlsx or csv."""
    fmt = output.suffix.lower().lstrip(".")
    if fmt not in ("xlsx", "csv"):
        fail(_("--output {path} must end in .xlsx or .csv").format(path=repr(str(output))))
    if not file.is_file():
        fail(_("{path} is not a file; name a document, annex or products YAML file").format(path=repr(str(file))))
    check_output(output, [file], allow_in_inputs=allow_output_in_inputs, replace=force)
    repo, problems = api.load_repository([file])
    if problems or not repo.files or repo.files[0].model is None:
        fail(_("{path} does not load; run 'ocopctl validate {file}'").format(path=repr(str(file)), file=file))
    model = repo.files[0].model
    tables: list[Any]
    if isinstance(model, ProductRegistry):
        tables = [ProductTable(kind="product_list", products=model.products)]
    elif isinstance(model, Document):
        if not model.annexes:
            fail(_("{path} has no annex").format(path=repr(str(file))))
        chosen = None
        for i, a in enumerate(model.annexes, start=1):
            if annex is None or annex == str(i) or (a.label and vn.name_key(a.label) == vn.name_key(annex)):
                chosen = a
                break
        if chosen is None:
            fail(_("--annex {annex} names no annex of {path}").format(annex=repr(annex), path=repr(str(file))))
        tables = chosen.tables
    elif hasattr(model, "tables"):
        tables = model.tables
    else:
        fail(_("{path} holds no annex table").format(path=repr(str(file))))
    exportable = [t for t in tables if isinstance(t, ProductTable | TaskTable | BudgetTable)]
    if table > len(exportable):
        fail(_("--table {table}: the annex has {count} exportable table(s)").format(table=table, count=len(exportable)))
    data, changed = export_table(exportable[table - 1], fmt)
    emit(data, output, [file], allow_in_inputs=allow_output_in_inputs, replace=force)
    note_changed_cells(changed)
