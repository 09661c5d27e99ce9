"""``ocopctl products`` (list), ``ocopctl products stats`` and ``ocopctl rewards``."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from ocopctl import api, vn
from ocopctl.cli.common import console, emit, fail, parse_day, warn_unloaded
from ocopctl.loader import YamlProblem, read_yaml
from ocopctl.products import COLUMNS, Filters, RewardRule, parse_rule, product_rows, rewards, stats


class DefaultList(typer.core.TyperGroup):
    """``ocopctl products PATH`` means ``ocopctl products list PATH``."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if not args or args[0] not in self.commands:
            args.insert(0, "list")
        return super().resolve_command(ctx, args)


app = typer.Typer(cls=DefaultList, help="List OCOP products, count them, export them.", no_args_is_help=False,
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


Paths = Annotated[list[Path] | None, typer.Argument(help="Plan files or folders (default: plans/)")]


def _filters(province: str | None, district: str | None, group: str | None, stars: int | None,
             producer_kind: str | None, expiring_before: str | None) -> Filters:
    return Filters(province, district, group, stars, producer_kind,
                   parse_day(expiring_before, "--expiring-before") if expiring_before else None)


@app.command("list")
def list_products(
    paths: Paths = None,
    province: Annotated[str | None, typer.Option("--province")] = None,
    district: Annotated[str | None, typer.Option("--district")] = None,
    group: Annotated[str | None, typer.Option("--group", help="OCOP product group, e.g. 'thực phẩm'")] = None,
    stars: Annotated[int | None, typer.Option("--stars", min=1, max=5)] = None,
    producer_kind: Annotated[str | None, typer.Option("--producer-kind", help="hợp tác xã, hộ ...")] = None,
    expiring_before: Annotated[str | None, typer.Option("--expiring-before", help="Certificate lapses before")] = None,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.text,
    output: Annotated[Path | None, typer.Option("--output", "-o")] = None,
) -> None:
    """List products with their latest rating, filtered."""
    repo, problems = api.load_repository(paths or [Path("plans")])
    warn_unloaded(len({d.path for d in problems}))
    rows = product_rows(repo, _filters(province, district, group, stars, producer_kind, expiring_before))
    dicts = [r.to_dict() for r in rows]
    if format is Format.json:
        emit(json.dumps(dicts, ensure_ascii=False, indent=2) + "\n", output)
    elif format is Format.csv:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(dicts)
        emit(buf.getvalue(), output)
    elif format is Format.xlsx:
        if output is None:
            fail("--format xlsx needs --output FILE.xlsx")
        from ocopctl.spreadsheets import rows_to_xlsx

        emit(rows_to_xlsx("Sản phẩm", list(COLUMNS), [[d[c] for c in COLUMNS] for d in dicts]), output)
    else:
        table = Table("id", "name", "group", "producer", "district", "stars", "certificate until",
                      title=f"{len(rows)} products")
        for d in dicts:
            table.add_row(d["id"], d["name"], d["group"] or "", d["producer"] or "", d["district"] or "",
                          str(d["stars"] or ""), d["certificate_until"] or "")
        console().print(table)


@app.command("stats")
def products_stats(
    paths: Paths = None,
    province: Annotated[str | None, typer.Option("--province")] = None,
    format: Annotated[StatsFormat, typer.Option("--format", "-f")] = StatsFormat.text,
    output: Annotated[Path | None, typer.Option("--output", "-o")] = None,
) -> None:
    """Count products by stars, group and district."""
    repo, problems = api.load_repository(paths or [Path("plans")])
    warn_unloaded(len({d.path for d in problems}))
    s = stats(product_rows(repo, Filters(province=province)))
    if format is StatsFormat.json:
        emit(json.dumps(s.to_dict(), ensure_ascii=False, indent=2) + "\n", output)
        return
    if format is StatsFormat.html:
        from ocopctl.formatters.report import render_template

        emit(render_template("products_stats.html.j2", stats=s, province=province), output)
        return
    out = console()
    out.print(f"{s.total} products" + (f", {s.sample} of them SAMPLE data (files marked sample: true)"
                                       if s.sample else ""))
    for title, counter in (("stars", s.by_stars), ("group", s.by_group), ("district", s.by_district)):
        table = Table(title, "products", title=f"by {title}", title_justify="left")
        for key, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])):
            table.add_row(key, str(n))
        out.print(table)


def load_rule(path: Path) -> RewardRule:
    try:
        return parse_rule(read_yaml(path))
    except YamlProblem as exc:
        fail(f"{str(path)!r}: {exc.message}")
    except ValueError as exc:
        fail(f"{str(path)!r}: {exc}")


def rewards_cmd(
    paths: Paths = None,
    rule: Annotated[Path, typer.Option("--rule", help="YAML: stars: {5: 30, 4: 20, 3: 10}, unit, from, to")] = Path(
        "rule.yaml"),
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.text,
    output: Annotated[Path | None, typer.Option("--output", "-o")] = None,
) -> None:
    """Reward budget per star level from a rule like Thanh Hà's (30/20/10 triệu đồng for 5/4/3 stars)."""
    r = load_rule(rule)
    repo, problems = api.load_repository(paths or [Path("plans")])
    warn_unloaded(len({d.path for d in problems}))
    found = rewards(product_rows(repo), r)
    total = sum((x.amount for x in found), Decimal(0))
    rows = [{"id": x.row.product.id, "name": x.row.product.name, "stars": x.stars, "rated_on": x.rated_on.isoformat(),
             "amount": str(x.amount), "unit": r.unit} for x in found]
    if format is Format.json:
        emit(json.dumps({"unit": r.unit, "total": str(total), "rewards": rows}, ensure_ascii=False, indent=2) + "\n",
             output)
        return
    if format is Format.csv:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=["id", "name", "stars", "rated_on", "amount", "unit"],
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        emit(buf.getvalue(), output)
        return
    table = Table("stars", "products", f"amount ({r.unit})", title="Rewards")
    for level in sorted(r.per_star, reverse=True):
        hits = [x for x in found if x.stars == level]
        table.add_row(f"{level} sao", str(len(hits)), vn.format_vn_number(sum((x.amount for x in hits), Decimal(0))))
    table.add_row("Tổng", str(len(found)), vn.format_vn_number(total))
    console().print(table)
