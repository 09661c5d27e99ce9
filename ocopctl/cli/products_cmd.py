"""``ocopctl products`` (list), ``ocopctl products stats`` and ``ocopctl rewards``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from ocopctl import api, i18n
from ocopctl.cli import clicktext
from ocopctl.cli.common import (
    AllowInInputs,
    Plans,
    console,
    emit,
    fail,
    note_changed_cells,
    parse_day,
    plans,
    warn_unloaded,
)
from ocopctl.formatters import tables
from ocopctl.i18n import _
from ocopctl.loader import YamlProblem, read_yaml
from ocopctl.output import check_output, csv_text, xlsx_bytes
from ocopctl.products import COLUMNS, Filters, RewardRule, parse_rule, product_rows, rewards, stats


class DefaultList(clicktext.Group):
    """``ocopctl products PATH`` means ``ocopctl products list PATH``."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if not args or args[0] not in self.commands:
            args.insert(0, "list")
        return super().resolve_command(ctx, args)


app = typer.Typer(cls=DefaultList, help=_("List OCOP products, count them, export them."), no_args_is_help=False,
                  rich_markup_mode=None)


class Format(StrEnum):
    text = "text"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


class StatsFormat(StrEnum):
    text = "text"
    json = "json"
    html = "html"


Paths = Annotated[list[Path] | None, typer.Argument(help=_("Plan files or folders (default: plans/)"))]


def _filters(province: str | None, district: str | None, group: str | None, stars: int | None,
             producer_kind: str | None, expiring_before: str | None) -> Filters:
    return Filters(province, district, group, stars, producer_kind,
                   parse_day(expiring_before, "--expiring-before") if expiring_before else None)


OutputOption = Annotated[Path | None, typer.Option(
    "--output", "-o", help=_("Write to this file (replaced if it exists) instead of printing"))]


def _sheet(title: str, columns: Sequence[str], rows: list[list[Any]], format: Format, output: Path | None,
           inputs: list[Path], allow: bool) -> None:
    """Rows as CSV or .xlsx, every text cell through ``ocopctl.output``'s neutralising."""
    if format is Format.csv:
        emit(csv_text(columns, rows), output, inputs, allow_in_inputs=allow)
        return
    data, changed = xlsx_bytes(title, columns, rows)
    emit(data, output, inputs, allow_in_inputs=allow)
    note_changed_cells(changed)


def _start(paths: list[Path] | None, output: Path | None, allow: bool, format: StrEnum,
           extra_inputs: Sequence[Path] = ()) -> tuple[Plans, list[Path]]:
    """The plans to read and what the output may not be; refused before any work."""
    if format.value == "xlsx" and output is None:
        fail(_("--format xlsx needs --output FILE.xlsx"))
    read = plans(paths)
    inputs = [*read.inputs, *extra_inputs]
    if output is not None:
        check_output(output, inputs, allow_in_inputs=allow)
    return read, inputs


@app.command("list", help=_("List products with their latest rating, filtered."))
def list_products(
    paths: Paths = None,
    province: Annotated[str | None, typer.Option("--province")] = None,
    district: Annotated[str | None, typer.Option("--district")] = None,
    group: Annotated[str | None, typer.Option("--group", help=_("OCOP product group, e.g. 'thực phẩm'"))] = None,
    stars: Annotated[int | None, typer.Option("--stars", min=1, max=5)] = None,
    producer_kind: Annotated[str | None, typer.Option("--producer-kind", help="hợp tác xã, hộ ...")] = None,
    expiring_before: Annotated[str | None, typer.Option("--expiring-before",
        help=_("Certificate lapses before"))] = None,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.text,
    output: OutputOption = None,
    allow_output_in_inputs: AllowInInputs = False,
) -> None:
    """List products with their latest rating, filtered."""
    read, inputs = _start(paths, output, allow_output_in_inputs, format)
    filters = _filters(province, district, group, stars, producer_kind, expiring_before)
    repo, problems = api.load_repository(read.paths)
    warn_unloaded(len({d.path for d in problems}))
    rows = product_rows(repo, filters)
    if format is Format.json:
        emit(json.dumps([r.to_dict() for r in rows], ensure_ascii=False, indent=2) + "\n", output, inputs,
             allow_in_inputs=allow_output_in_inputs)
    elif format in (Format.csv, Format.xlsx):
        _sheet("Sản phẩm", COLUMNS, [[d[c] for c in COLUMNS] for d in (r.to_dict() for r in rows)], format, output,
               inputs, allow_output_in_inputs)
    elif output is None:
        tables.products(rows, console())
    else:
        emit(tables.plain(lambda c: tables.products(rows, c)), output, inputs, allow_in_inputs=allow_output_in_inputs)


@app.command("stats", help=_("Count products by stars, group and district."))
def products_stats(
    paths: Paths = None,
    province: Annotated[str | None, typer.Option("--province")] = None,
    format: Annotated[StatsFormat, typer.Option("--format", "-f")] = StatsFormat.text,
    output: OutputOption = None,
    allow_output_in_inputs: AllowInInputs = False,
) -> None:
    """Count products by stars, group and district."""
    read, inputs = _start(paths, output, allow_output_in_inputs, format)
    repo, problems = api.load_repository(read.paths)
    warn_unloaded(len({d.path for d in problems}))
    s = stats(product_rows(repo, Filters(province=province)))
    if format is StatsFormat.json:
        data = json.dumps(s.to_dict(), ensure_ascii=False, indent=2) + "\n"
    elif format is StatsFormat.html:
        from ocopctl.formatters.report import render_template

        data = render_template("products_stats.html.j2", stats=s, province=province)
    elif output is None:
        tables.product_stats(s, console())
        return
    else:
        data = tables.plain(lambda c: tables.product_stats(s, c))
    emit(data, output, inputs, allow_in_inputs=allow_output_in_inputs)


def load_rule(path: Path) -> RewardRule:
    """The reward rule file, read through the loader (a FIFO or a device is refused unread)."""
    try:
        return parse_rule(read_yaml(path))
    except YamlProblem as exc:
        where = f":{exc.line}:{exc.column}" if exc.line else ""
        fail(f"--rule '{path}{where}': {i18n.localized(exc.message)}"
             + (f"; {i18n.localized(exc.hint)}" if exc.hint else ""))
    except ValueError as exc:
        fail(f"--rule '{path}': {i18n.localized(exc.args[0]) if exc.args else exc}")


REWARD_COLUMNS = ("id", "name", "stars", "rated_on", "amount", "unit")


def rewards_cmd(
    paths: Paths = None,
    rule: Annotated[Path, typer.Option("--rule",
        help=_("YAML: stars: {5: 30, 4: 20, 3: 10}, unit, from, to"))] = Path(
        "rule.yaml"),
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.text,
    output: OutputOption = None,
    allow_output_in_inputs: AllowInInputs = False,
) -> None:
    """Reward budget per star level from a rule like Thanh Hà's (30/20/10 triệu đồng for 5/4/3 stars)."""
    r = load_rule(rule)
    read, inputs = _start(paths, output, allow_output_in_inputs, format, [rule])
    repo, problems = api.load_repository(read.paths)
    warn_unloaded(len({d.path for d in problems}))
    found = rewards(product_rows(repo), r)
    total = sum((x.amount for x in found), Decimal(0))
    rows = [{"id": x.row.product.id, "name": x.row.product.name, "stars": x.stars, "rated_on": x.rated_on.isoformat(),
             "amount": str(x.amount), "unit": r.unit} for x in found]
    if format is Format.json:
        emit(json.dumps({"unit": r.unit, "total": str(total), "rewards": rows}, ensure_ascii=False, indent=2) + "\n",
             output, inputs, allow_in_inputs=allow_output_in_inputs)
    elif format in (Format.csv, Format.xlsx):
        _sheet("Khen thưởng", REWARD_COLUMNS, [[d[c] for c in REWARD_COLUMNS] for d in rows], format, output, inputs,
               allow_output_in_inputs)
    elif output is None:
        tables.rewards(found, r, console())
    else:
        emit(tables.plain(lambda c: tables.rewards(found, r, c)), output, inputs,
             allow_in_inputs=allow_output_in_inputs)
