"""Recognition decisions, told apart by who issued them, their number and their year.

Decision numbers restart every year in every province (and every district): "999/QĐ-UBND"
of Hải Dương in 2025 and "999/QĐ-UBND" of Hà Nội in 2024 are two decisions. A rating's
``decision`` is therefore read with the province that lists the product (the product's
own ``province``, else its file's), its district when the rating is a district's
(``level: huyện``), and the year of the rating's date; an issuance (or an encoded
Quyết định) with the province of its issuer, the district of a district's issuer, and the
year of its date.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from ocopctl import vn
from ocopctl.diagnostics import Loc
from ocopctl.docnumbers import parse_number
from ocopctl.loader import LoadedFile
from ocopctl.models import Agency, Issuance, Product, Rating
from ocopctl.repository import AgencyEntry, Repository


@dataclass(frozen=True)
class DecisionKey:
    """Province, district (a district's decision only), number (each as its comparison key) and year."""

    province: str | None
    number: str
    year: int | None
    district: str | None = None


@dataclass(frozen=True)
class RatedUnder:
    """A rating that names its decision, with where it is written."""

    product: Product
    rating: Rating
    index: int  # of the rating in product.ratings
    file: LoadedFile
    loc: Loc  # of the product
    province: str | None  # as written (product's, else its file's)
    key: DecisionKey


@dataclass(frozen=True)
class Issued:
    """A decision the repository holds: a recognition issuance or an encoded Quyết định."""

    file: LoadedFile
    ident: str
    number: str
    province: str | None
    day: date | None
    key: DecisionKey
    issuance: Issuance | None = None
    recognises: int | None = None  # the count it promises ("công nhận 11 sản phẩm"), when encoded


def number_key(number: str) -> str:
    return parse_number(number).key


def province_of(name: str | None) -> str | None:
    return vn.name_key(name) if name else None


def listing_provinces(repo: Repository) -> dict[int, str | None]:
    """File -> the province its products belong to, by ``id`` of the loaded file."""
    out: dict[int, str | None] = {id(d.file): d.document.province for d in repo.documents}
    out |= {id(f): reg.province for f, reg in repo.product_files}
    for f, annex in repo.annex_files:
        parents = repo.documents_by_id.get(annex.parent)
        out[id(f)] = parents[0].document.province if parents else None
    return out


def rated_under(repo: Repository) -> Iterator[RatedUnder]:
    """Every rating that names a decision."""
    provinces = listing_provinces(repo)
    for p, f, loc in repo.iter_products():
        province = p.province or provinces.get(id(f))
        for i, r in enumerate(p.ratings):
            if r.decision:
                district = province_of(p.district) if r.level == "huyện" else None
                key = DecisionKey(province_of(province), number_key(r.decision), r.date.year, district)
                yield RatedUnder(p, r, i, f, loc, province, key)


def _issuer_entries(repo: Repository, iss: Issuance) -> list[AgencyEntry]:
    if not iss.issuer:
        return []
    if iss.province:
        return repo.resolve_agency(iss.issuer, iss.province)
    return [e for ids in repo.agency_ids.values() for e in ids.get(iss.issuer, ())]


def issuance_province(repo: Repository, iss: Issuance) -> str | None:
    """The issuance's ``province``, else the province of the agency that issues it."""
    if iss.province:
        return iss.province
    found = {e.province for e in _issuer_entries(repo, iss) if e.province}
    return found.pop() if len(found) == 1 else None


def issuance_district(repo: Repository, iss: Issuance) -> str | None:
    """The district whose committee issues the decision, when its issuer is a district's body."""
    found = {a.district for e in _issuer_entries(repo, iss)
             if isinstance(a := e.agency, Agency) and a.level == "huyện" and a.district}
    return province_of(found.pop()) if len(found) == 1 else None


def issued_decisions(repo: Repository) -> list[Issued]:
    """Recognition issuances and encoded Quyết định, each with its key."""
    out: list[Issued] = []
    for f, iss in repo.issuances:
        if iss.number and (iss.template == "recognition" or iss.recognises is not None):
            province = issuance_province(repo, iss)
            key = DecisionKey(province_of(province), number_key(iss.number), iss.date.year if iss.date else None,
                              issuance_district(repo, iss))
            out.append(Issued(f, iss.id, iss.number, province, iss.date, key, iss, iss.recognises))
    for d in repo.documents:
        doc = d.document
        if doc.type == "Quyết định" or doc.recognises is not None:
            key = DecisionKey(province_of(doc.province), number_key(doc.number), doc.date.year,
                              province_of(doc.district))
            out.append(Issued(d.file, doc.id, doc.number, doc.province, doc.date, key, None, doc.recognises))
    return out


def describe(number: str, province: str | None, year: int | None) -> str:
    """"999/QĐ-UBND (Hải Dương, 2025)" for messages."""
    where = ", ".join(x for x in (province, str(year) if year else None) if x)
    return f"{number} ({where})" if where else number
