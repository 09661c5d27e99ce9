"""Products and their ratings (OC50x), by the regulation in force on each date."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from ocopctl import vn
from ocopctl.checks import Context, check, diag
from ocopctl.diagnostics import Diagnostic, Loc, Severity
from ocopctl.i18n import Count, Msg
from ocopctl.loader import LoadedFile
from ocopctl.models import Product, ProductTable
from ocopctl.periods import add_days
from ocopctl.ratings import certificate_expiry, classification_key, latest_rating, regulation_on, stars_for
from ocopctl.repository import Repository


@dataclass(frozen=True)
class _Classified:
    """A product with the group it is filed under and the date its classification is judged on."""

    product: Product
    file: LoadedFile
    loc: Loc
    group: str | None
    group_loc: Loc
    when: date


def _classified(repo: Repository) -> Iterator[_Classified]:
    """Every dated product: in a document's annex (dated by its latest rating, else by the
    document) or in a products file (dated by its latest rating; unrated ones are skipped)."""
    for d in repo.documents:
        for a in d.annexes:
            for t, table in enumerate(a.annex.tables):
                if not isinstance(table, ProductTable):
                    continue
                base = a.loc + ("tables", t)
                for i, p in enumerate(table.products):
                    loc = base + ("products", i)
                    yield _Classified(p, a.file, loc, p.group, loc + ("group",), _dated(p, d.document.date))
                for g, rows in enumerate(table.groups):
                    for i, p in enumerate(rows.products):
                        # A product without a group of its own takes its heading's (located there).
                        loc = base + ("groups", g, "products", i)
                        group_loc = loc + ("group",) if p.group else base + ("groups", g, "group")
                        yield _Classified(p, a.file, loc, p.group or rows.group, group_loc,
                                          _dated(p, d.document.date))
    for f, reg_file in repo.product_files:
        for i, p in enumerate(reg_file.products):
            latest = latest_rating(p)
            if latest:
                loc = ("products", i)
                yield _Classified(p, f, loc, p.group, loc + ("group",), latest.date)


def _dated(p: Product, listed: date) -> date:
    latest = latest_rating(p)
    return latest.date if latest else listed


@check(("OC501", "product-group-not-in-force", Severity.ERROR))
def product_group(repo: Repository, ctx: Context) -> Iterator[Diagnostic]:
    """A product group that the regulation in force does not have: 490/1048 groups
    ("thảo dược", "vải và may mặc" ...) after 148/QĐ-TTg took effect on 24/02/2023, or 148's
    groups before. The date is the product's latest rating, or the listing document's date.

    Fails (document dated 2024)::

        - {id: x-sp-1, name: Trà túi lọc, group: thảo dược}
    """
    for c in _classified(repo):
        reg = regulation_on(c.when)
        if c.group and c.group not in reg.groups:
            yield diag("OC501", c.file, c.group_loc,
                       Msg("product group {group} is not a group of {regulation}, in force on {date}",
                           group=repr(c.group), regulation=reg.number, date=vn.format_date_vn(c.when)),
                       hint=Msg("groups then: {groups}", groups=", ".join(sorted(reg.groups))))


@check(("OC507", "product-subgroup-not-in-force", Severity.ERROR))
def product_subgroup(repo: Repository, ctx: Context) -> Iterator[Diagnostic]:
    """A nhóm (``subgroup``) or phân nhóm (``subdivision``) that the classification in force
    does not have under the product's group and nhóm: 148/QĐ-TTg, Phụ lục I (kept by 1489)
    splits its six groups into 17 nhóm and some nhóm into phân nhóm (26 leaves); 490 and
    1048 have no nhóm at all. Dated like OC501.

    Fails (rated 2024: "chè" is a nhóm of "thực phẩm", not of "đồ uống")::

        - {id: x-sp-2, name: Trà xanh, group: đồ uống, subgroup: chè}
    """
    for c in _classified(repo):
        p = c.product
        if p.subgroup is None and p.subdivision is None:
            continue
        reg = regulation_on(c.when)
        when = vn.format_date_vn(c.when)
        field = "subgroup" if p.subgroup is not None else "subdivision"
        if reg.taxonomy is None:
            yield diag("OC507", c.file, c.loc + (field,),
                       Msg("{product}: {regulation}, in force on {date}, has no nhóm or phân nhóm",
                           product=repr(p.name), regulation=reg.number, date=when),
                       hint=Msg("leave subgroup and subdivision out for products dated before 24/02/2023"))
            continue
        # Under a group the regulation does not have (OC501's finding), look everywhere.
        groups = [c.group] if c.group in reg.taxonomy else list(reg.taxonomy)
        nhom = {classification_key(n): (g, n) for g in groups for n in reg.taxonomy[g]}
        under = Msg("group {group}", group=repr(c.group)) if c.group in reg.taxonomy else Msg("any group")
        source = Msg("{source} (in force on {date})", source=reg.taxonomy_source, date=when)
        found = None
        if p.subgroup is not None:
            found = nhom.get(classification_key(p.subgroup))
            if found is None:
                yield diag("OC507", c.file, c.loc + ("subgroup",),
                           Msg("{product}: {subgroup} is not a nhóm of {under} in {source}", product=repr(p.name),
                               subgroup=repr(p.subgroup), under=under, source=source),
                           hint=Msg("nhóm there: {names}", names="; ".join(n for _, n in nhom.values())))
                continue
        if p.subdivision is None:
            continue
        pairs = [found] if found else list(nhom.values())
        leaves = {classification_key(x): x for g, n in pairs for x in reg.taxonomy[g][n] or (n,)}
        if classification_key(p.subdivision) not in leaves:
            where = Msg("nhóm {name}", name=repr(found[1])) if found else under
            undivided = found is not None and not reg.taxonomy[found[0]][found[1]]
            yield diag("OC507", c.file, c.loc + ("subdivision",),
                       Msg("{product}: {subdivision} is not a phân nhóm of {where} in {source}",
                           product=repr(p.name), subdivision=repr(p.subdivision), where=where, source=source),
                       hint=Msg("that nhóm is not divided into phân nhóm: leave subdivision out") if undivided
                       else Msg("phân nhóm there: {names}", names="; ".join(leaves.values())))


@check(
    ("OC502", "stars-score-mismatch", Severity.ERROR),
    ("OC503", "rating-level-not-allowed", Severity.ERROR),
)
def ratings(repo: Repository, ctx: Context) -> Iterator[Diagnostic]:
    """A rating whose stars do not match its score's band (OC502: 90-100 five stars, 70-89
    four, 50-69 three, 30-49 two, below 30 one), or recognised by a level that may not
    recognise those stars on that date (OC503: under 148/QĐ-TTg the district recognises 3
    stars, the province 4, the centre 5; under 1048 and 1489 the province 3-4, the centre 5).

    Fails::

        ratings:
          - {date: 2023-06-01, level: tỉnh, score: 72, stars: 3}
    """
    for p, f, loc in repo.iter_products():
        for i, r in enumerate(p.ratings):
            rloc = loc + ("ratings", i)
            if r.score is not None and stars_for(float(r.score)) != r.stars:
                yield diag("OC502", f, rloc + ("stars",),
                           Msg("{product}: {stars} stars with a score of {score}, which is {expected} stars",
                               product=repr(p.name), stars=r.stars, score=vn.format_vn_number(r.score),
                               expected=stars_for(float(r.score))),
                           hint=Msg("bands: 90-100 five stars, 70-89 four, 50-69 three, 30-49 two, below 30 one"))
            reg = regulation_on(r.date)
            if reg is not regulation_on(vn.latest(r.date)):
                continue  # a rating known to the month or year when the rules changed: either may apply
            allowed = reg.recognises.get(r.level)
            if reg.recognises and r.stars >= 3 and (allowed is None or r.stars not in allowed):
                who = "; ".join(f"{level}: {', '.join(map(str, sorted(s)))} sao"
                                for level, s in reg.recognises.items())
                yield diag("OC503", f, rloc + ("level",),
                           Msg("{product}: the {level} level may not recognise {stars} stars under {regulation} "
                               "(in force on {date})", product=repr(p.name), level=r.level, stars=r.stars,
                               regulation=reg.number, date=vn.format_date_vn(r.date)),
                           hint=Msg("under {regulation}: {who}", regulation=reg.number, who=who))


@check(
    ("OC504", "certificate-expiring", Severity.WARNING),
    ("OC505", "certificate-expired", Severity.ERROR),
)
def certificates(repo: Repository, ctx: Context) -> Iterator[Diagnostic]:
    """An OCOP certificate (3 stars or more, valid 36 months from recognition) that lapses
    within the expiry window after today (OC504), or that has lapsed while the product is
    still presented with that rating as its latest (OC505).

    Only a product's latest rating counts: an earlier one was superseded by the re-rating,
    and its lapse is history. A list in a document or products file marked ``status:
    superseded`` or ``archived`` is a record: it is judged at its own date (the document's
    date; a products file's latest rating), so an archived 2020 recognition decision raises
    nothing today, and OC504 (a reminder to act before today's lapse) is not raised for it.
    A list with no status is taken as in force: a lapsed certificate there stays an error,
    because a current list that presents a lapsed product as OCOP is what the office must act
    on (re-rate it, stop presenting it, or mark the list as the record it is).

    Fails (today 2026-01-01)::

        ratings:
          - {date: 2022-06-01, level: tỉnh, score: 75, stars: 4}   # lapsed 01/6/2025
    """
    if ctx.today is None:
        return
    soon = add_days(ctx.today, ctx.expiry_window_days)
    for p, f, loc in repo.iter_products():
        if not p.ratings:
            continue
        i, latest = max(enumerate(p.ratings), key=lambda x: x[1].date)
        if latest.stars < 3:
            continue
        record = repo.record(f)
        on = record.date if record.is_record else ctx.today
        if on is None:
            continue
        # A rating known only to the month or year: judged at its last possible day, so the
        # certificate is lapsed (or lapsing) only when it would be whatever the day was.
        expiry = certificate_expiry(vn.latest(latest.date))
        rloc = loc + ("ratings", i)
        if expiry < vn.earliest(on):
            params = {"product": repr(p.name), "stars": latest.stars, "rated": vn.format_date_vn(latest.date),
                      "expiry": vn.format_date_vn(vn.like(latest.date, expiry))}
            yield diag("OC505", f, rloc,
                       Msg("{product}: its {stars}-star certificate of {rated} lapsed on {expiry}", **params)
                       if on == ctx.today else
                       Msg("{product}: its {stars}-star certificate of {rated} lapsed on {expiry} before the "
                           "record's date {date}", date=vn.format_date_vn(on), **params),
                       hint=Msg("the record listed a lapsed certificate on its own date") if record.is_record else
                       Msg("record the re-rating, stop presenting the product as an OCOP product, or mark an "
                           "old list 'status: archived'"))
        elif expiry <= soon and not record.is_record:
            yield diag("OC504", f, rloc,
                       Msg("{product}: its {stars}-star certificate lapses on {expiry}, {days} days from {today}",
                           product=repr(p.name), stars=latest.stars,
                           expiry=vn.format_date_vn(vn.like(latest.date, expiry)),
                           days=Count((expiry - ctx.today).days), today=vn.format_date_vn(ctx.today)),
                       hint=Msg("the producer should ask for re-rating before it lapses"))


@check(("OC506", "duplicate-product", Severity.WARNING))
def duplicate_product(repo: Repository, ctx: Context) -> Iterator[Diagnostic]:
    """The same product listed twice, ignoring case and diacritics: the same name and
    producer, or, when one of the two names no producer (many published lists give name
    and place only), the same name in the same commune and district of the same province
    ("xã", "huyện" and the like ignored). The same name with no place is not matched.

    Fails::

        - {id: a-1, name: Mật ong, producer: {name: HTX Tiên Yên}}
        - {id: a-2, name: Mat ong, producer: {name: HTX Tien Yen}}
        - {id: a-3, name: Mật ong, commune: xã Tiên Yên, district: huyện A}
        - {id: a-4, name: Mat ong, commune: Tien Yen, district: A}
    """
    provinces = _listing_provinces(repo)
    seen: dict[tuple[str, str], tuple[str, str]] = {}
    # (name, province, commune, district) -> first id, its file, whether it named a producer
    placed: dict[tuple[str, str, str, str], tuple[str, str, bool]] = {}
    for p, f, loc in repo.iter_products():
        if p.producer is not None:
            key = (vn.name_key(p.name), vn.name_key(p.producer.name))
            if key in seen:
                first_id, first_file = seen[key]
                yield diag("OC506", f, loc + ("name",),
                           Msg("{product} of {producer} is already listed as {first} in {path}", product=repr(p.name),
                               producer=repr(p.producer.name), first=repr(first_id), path=first_file),
                           hint=Msg("list a product once and refer to it by id"))
                continue
            seen[key] = (p.id, f.display)
        if not (p.commune or p.district):
            continue
        province = p.province or provinces.get(id(f)) or ""
        where = (vn.name_key(p.name), _place_key(province), _place_key(p.commune), _place_key(p.district))
        first = placed.get(where)
        if first is None:
            placed[where] = (p.id, f.display, p.producer is not None)
        elif p.producer is None or not first[2]:
            place = ", ".join(x for x in (p.commune, p.district) if x)
            yield diag("OC506", f, loc + ("name",),
                       Msg("{product} of {place} is already listed as {first} in {path}, and no producer tells the "
                           "two apart", product=repr(p.name), place=place, first=repr(first[0]), path=first[1]),
                       hint=Msg("list a product once and refer to it by id; if they are two products, name their "
                                "producers"))


_UNIT_RE = re.compile(r"^(?:xa|phuong|thi tran|huyen|quan|thi xa|thanh pho|tp|tinh) ")


def _place_key(place: str | None) -> str:
    """A commune, district or province name without its unit word ("xã Tiên Yên" is "tien yen")."""
    return _UNIT_RE.sub("", vn.name_key(place)) if place else ""


def _listing_provinces(repo: Repository) -> dict[int, str | None]:
    """The province of each file that lists products, by the file's identity."""
    out: dict[int, str | None] = {}
    for d in repo.documents:
        for a in d.annexes:
            out[id(a.file)] = d.document.province
    for f, reg_file in repo.product_files:
        out[id(f)] = reg_file.province
    return out


TWO_LEVEL_FROM = date(2025, 7, 1)  # districts abolished: local government is province and commune


@check(("OC515", "district-after-reform", Severity.WARNING))
def district_after_reform(repo: Repository, ctx: Context) -> Iterator[Diagnostic]:
    """A product rated on or after 01/7/2025 gives a district in its address: from that day local
    government has two levels, tỉnh and xã, and an address names no huyện (a decision of that
    date prints the commune and the province only).

    Fails::

        district: Thanh Hà
        ratings:
          - {date: 2025-09-10, level: tỉnh, score: 72, stars: 4}
    """
    for c in _classified(repo):
        latest = latest_rating(c.product)
        if latest is None or latest.date < TWO_LEVEL_FROM or not c.product.district:
            continue
        yield diag("OC515", c.file, c.loc + ("district",), Msg(
            "the product was rated on {rated}, after districts were abolished on 1 July 2025, but its address "
            "still names the district {district}", rated=latest.date, district=repr(c.product.district)),
            hint=Msg("write the address as commune and province (remove 'district'), with the commune's name "
                     "after the reorganisation"))
