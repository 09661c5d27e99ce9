"""Product lists, statistics and star rewards over the repository's products."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from ocopctl import vn
from ocopctl.i18n import N_, _, ngettext, translate
from ocopctl.models import Product
from ocopctl.ratings import certificate_expiry, latest_rating
from ocopctl.repository import Repository

COLUMNS = ("id", "name", "group", "subgroup", "subdivision", "category", "producer", "producer_kind", "commune",
           "district", "province", "ip_registered", "stars", "score", "rated_on", "level", "decision",
           "certificate_until", "source", "sample")


@dataclass
class ProductRow:
    product: Product
    source: str
    province: str | None
    sample: bool = False  # from a products file marked sample: illustrative, never rated

    @property
    def latest(self) -> Any:
        return latest_rating(self.product)

    @property
    def stars(self) -> int | None:
        r = self.latest
        return r.stars if r else None

    @property
    def expiry(self) -> date | None:
        r = self.latest
        return certificate_expiry(r.date) if r and r.stars >= 3 else None

    def to_dict(self) -> dict[str, Any]:
        p, r = self.product, self.latest
        return {
            "id": p.id, "name": p.name, "group": p.group, "subgroup": p.subgroup, "subdivision": p.subdivision,
            "category": p.category,
            "producer": p.producer.name if p.producer else None,
            "producer_kind": p.producer.kind if p.producer else None,
            "commune": p.commune, "district": p.district, "province": p.province or self.province,
            "ip_registered": p.ip_registered,
            "stars": r.stars if r else None, "score": float(r.score) if r and r.score is not None else None,
            "rated_on": r.date.isoformat() if r else None, "level": r.level if r else None,
            "decision": r.decision if r else None,
            "certificate_until": self.expiry.isoformat() if self.expiry else None, "source": self.source,
            "sample": self.sample,
        }


@dataclass
class Filters:
    province: str | None = None
    district: str | None = None
    group: str | None = None
    stars: int | None = None
    producer_kind: str | None = None
    expiring_before: date | None = None

    def match(self, row: ProductRow) -> bool:
        p = row.product

        def same(a: str | None, b: str | None) -> bool:
            return b is None or (a is not None and vn.name_key(a) == vn.name_key(b))

        return (same(p.province or row.province, self.province) and same(p.district, self.district)
                and same(p.group, self.group) and (self.stars is None or row.stars == self.stars)
                and same(p.producer.kind if p.producer else None, self.producer_kind)
                and (self.expiring_before is None or (row.expiry is not None and row.expiry < self.expiring_before)))


# Provinces that are centrally-run cities (thành phố trực thuộc trung ương); every other province is a tỉnh.
# Huế became one on 01/01/2025 (Nghị quyết 1314/NQ-UBTVQH15).
CITIES = frozenset(vn.name_key(n) for n in ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"))


def address(product: Product) -> str:
    """Where a product is made, as a decision prints it: "thôn An Lão, xã Thanh Quang, huyện Thanh Hà,
    tỉnh Hải Dương" when the file says what each unit is, else the names as encoded ("Thanh Quang,
    Thanh Hà, Hải Dương"): a unit word is never guessed for a commune or a district."""
    province = product.province
    kinds = product.commune_kind or product.district_kind
    parts = [product.village,
             _unit(product.commune_kind, product.commune),
             _unit(product.district_kind, product.district),
             _unit(("thành phố" if vn.name_key(province) in CITIES else "tỉnh") if kinds and province else None,
                   province)]
    return ", ".join(p for p in parts if p)


def _unit(kind: str | None, name: str | None) -> str | None:
    if not name:
        return None
    if kind and not vn.fold(name).startswith(vn.fold(kind) + " "):  # "xã Thanh Quang" already says it
        return f"{kind} {name}"
    return name


def product_rows(repo: Repository, filters: Filters | None = None) -> list[ProductRow]:
    provinces = {d.file.display: d.document.province for d in repo.documents}
    provinces |= {f.display: reg.province for f, reg in repo.product_files}
    samples = {f.display for f, reg in repo.product_files if reg.sample}
    rows = [ProductRow(p, f.display, provinces.get(f.display), f.display in samples)
            for p, f, _loc in repo.iter_products()]
    return [r for r in rows if filters is None or filters.match(r)]


@dataclass
class Stats:
    total: int
    sample: int = 0
    by_stars: Counter[str] = field(default_factory=Counter)
    by_group: Counter[str] = field(default_factory=Counter)
    by_district: Counter[str] = field(default_factory=Counter)

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "sample": self.sample, "by_stars": dict(self.by_stars),
                "by_group": dict(self.by_group), "by_district": dict(self.by_district)}


# The keys statistics count under (JSON carries them as they are, in every language) for a product
# without a rating, a group or a district, and what people read for them.
UNRATED, NO_GROUP, NO_DISTRICT = "chưa đánh giá", "(chưa phân nhóm)", "(không rõ)"
_KEY_WORDS = {UNRATED: N_("not rated"), NO_GROUP: N_("(no group)"), NO_DISTRICT: N_("(district not known)")}


def stats(rows: list[ProductRow]) -> Stats:
    s = Stats(len(rows), sum(r.sample for r in rows))
    for r in rows:
        s.by_stars[f"{r.stars} sao" if r.stars else UNRATED] += 1
        s.by_group[r.product.group or NO_GROUP] += 1
        s.by_district[r.product.district or NO_DISTRICT] += 1
    return s


def stats_key(key: str) -> str:
    """A statistics key as the language in force says it: '4 sao' is '4 stars' in English; a group
    or district name stays as written."""
    if key in _KEY_WORDS:
        return translate(_KEY_WORDS[key])
    m = re.fullmatch(r"(\d) sao", key)
    if m:
        return ngettext("{n} star", "{n} stars", int(m[1])).format(n=m[1])
    return key


@dataclass
class RewardRule:
    """Money per product per star level, e.g. Thanh Hà's 30/20/10 triệu đồng for 5/4/3 stars."""

    per_star: dict[int, Decimal]
    unit: str = "triệu đồng"
    start: date | None = None
    end: date | None = None


@dataclass
class Reward:
    row: ProductRow
    stars: int
    amount: Decimal
    rated_on: date


def parse_rule(data: Any) -> RewardRule:
    """A reward rule: ``{unit: triệu đồng, from: 2021-01-01, to: 2021-12-31, stars: {5: 30, 4: 20, 3: 10}}``."""
    if not isinstance(data, dict) or not isinstance(data.get("stars"), dict):
        raise ValueError(_("a reward rule needs 'stars:' mapping stars to an amount, e.g. {example}").format(
            example="{5: 30, 4: 20, 3: 10}"))
    per_star: dict[int, Decimal] = {}
    for k, v in data["stars"].items():
        if k.strip() not in ("1", "2", "3", "4", "5"):
            raise ValueError(_("stars: {key} is not a number of stars; write 1 to 5, e.g. {example}").format(
                key=repr(k[:20]), example="{5: 30, 4: 20}"))
        try:
            per_star[int(k)] = vn.parse_vn_number(str(v))
        except ValueError as exc:
            raise ValueError(f"stars: {exc}") from None
    start = vn.parse_date(data["from"]) if data.get("from") else None
    end = vn.parse_date(data["to"]) if data.get("to") else None
    return RewardRule(per_star, str(data.get("unit") or "triệu đồng"), start, end)


def rewards(rows: list[ProductRow], rule: RewardRule) -> list[Reward]:
    """One reward per product for its best rating inside the rule's dates."""
    out = []
    for row in rows:
        eligible = [r for r in row.product.ratings
                    if (rule.start is None or r.date >= rule.start) and (rule.end is None or r.date <= rule.end)
                    and r.stars in rule.per_star]
        if eligible:
            best = max(eligible, key=lambda r: (r.stars, r.date))
            out.append(Reward(row, best.stars, rule.per_star[best.stars], best.date))
    return out
