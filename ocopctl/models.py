"""Pydantic models: the shape of one plan-repository file.

Each model describes what a single YAML file may contain. Rules that need more
than one field of one file (references, citations, dates against other
documents) are checks in ``ocopctl.checks``, not validators here.

The loader hands every scalar to these models as text, exactly as written, so
the types below decide how text becomes a value: ``VNNumber`` reads Vietnamese
notation ("1.330" is 1330), ``VNDate`` reads ``2018-08-17`` and ``17/8/2018``,
and plain ``str`` fields keep "yes", "no" and "2018" as text.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, WithJsonSchema
from pydantic.functional_validators import AfterValidator, BeforeValidator
from pydantic_core import PydanticCustomError

from ocopctl import vn
from ocopctl.i18n import Msg
from ocopctl.limits import HEADER_SPAN, PERIOD_YEARS, YEAR_MAX, YEAR_MIN


def _custom(kind: str, message: Msg) -> PydanticCustomError:
    """A validation error of ours, whose message ``schema_messages`` tells in either language."""
    return PydanticCustomError(kind, "{message}", {"message": message})


def _reason(exc: ValueError) -> Msg:
    detail = exc.args[0] if exc.args else ""
    return detail if isinstance(detail, Msg) else Msg("{pydantic_error}", pydantic_error=str(exc))


def _out_of_range(what: str) -> PydanticCustomError:
    return _custom("date_out_of_range", Msg("{value} is outside the years ocopctl reads ({first}–{last})", value=what,
                                            first=YEAR_MIN.value, last=YEAR_MAX.value))


def _to_date(value: Any) -> Any:
    if isinstance(value, str):
        try:
            day = vn.parse_date(value)
        except vn.DateError as exc:
            raise _custom("impossible_date", _reason(exc)) from None
        except ValueError as exc:
            raise _custom("date_format", _reason(exc)) from None
        if not YEAR_MIN.value <= day.year <= YEAR_MAX.value:
            raise _out_of_range(repr(value))
        return day
    if isinstance(value, date) and not YEAR_MIN.value <= value.year <= YEAR_MAX.value:
        raise _out_of_range(value.isoformat())
    return value


def _to_partial_date(value: Any) -> Any:
    """A full date, or one known only to the month or the year ("tháng 11/2020", "2020")."""
    if isinstance(value, str) and vn.is_partial_date(value):
        try:
            day = vn.parse_partial_date(value)
        except vn.DateError as exc:
            raise PydanticCustomError("impossible_date", str(exc)) from None
        if not YEAR_MIN.value <= day.year <= YEAR_MAX.value:
            raise _out_of_range(repr(value))
        return day
    if isinstance(value, int) and not isinstance(value, bool):  # a bare year from a spreadsheet
        return _to_partial_date(str(value))
    return _to_date(value)


def _period_in_range(value: str) -> str:
    years = [int(y) for y in re.findall(r"\d{4}", value)]
    if not all(YEAR_MIN.value <= y <= YEAR_MAX.value for y in years):
        raise _out_of_range(repr(value))
    if years[-1] - years[0] >= PERIOD_YEARS.value:
        # Recurring tasks expand over every year of the period: keep that expansion bounded.
        raise _custom("date_out_of_range", Msg("{value} spans {years} years; ocopctl reads periods of at most "
                                               "{limit} years", value=repr(value), years=years[-1] - years[0] + 1,
                                               limit=PERIOD_YEARS.value))
    return value


def _to_number(value: Any) -> Any:
    try:
        if isinstance(value, str):
            return vn.parse_vn_number(value)
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):  # from a spreadsheet
            number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
            vn.check_digits(f"{number:f}")
            return number
    except ValueError as exc:
        raise _custom("vn_number", _reason(exc)) from None
    return value


def _to_int(value: Any) -> Any:
    if isinstance(value, str):
        try:
            vn.check_digits(value.strip())
        except ValueError as exc:
            raise _custom("vn_number", _reason(exc)) from None
    return value


VNDate = Annotated[
    date,
    BeforeValidator(_to_date),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4})$",
            "description": "A date: 2018-08-17 or 17/8/2018",
        }
    ),
]
# A date that may be known only to the month (``11/2020``, ``tháng 11/2020``, ``2020-11``) or the
# year (``2020``, ``năm 2020``): the value is a ``vn.MonthDate`` or ``vn.YearDate``, a ``date`` on
# the first day of the interval it covers; ``vn.date_span`` gives the whole interval.
VNPartialDate = Annotated[
    date,
    BeforeValidator(_to_partial_date),
    WithJsonSchema(
        {
            "type": ["string", "integer"],
            "pattern": r"^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{1,2}|"
                       r"(tháng\s+)?\d{1,2}\s*/\s*\d{4}|tháng\s+\d{1,2}\s+năm\s+\d{4}|(năm\s+)?\d{4})$",
            "description": "A date: 2018-08-17 or 17/8/2018; or, when the day is not published, "
                           "the month (11/2020, tháng 11/2020) or the year (2020, năm 2020)",
        }
    ),
]
VNNumber = Annotated[
    Decimal,
    BeforeValidator(_to_number),
    WithJsonSchema(
        {
            "type": ["string", "number"],
            "description": "A number in Vietnamese notation: 1.330 is 1330, 75,4 is 75.4, - is 0",
        }
    ),
]
# A whole number of at most NUMBER_DIGITS digits.
Int = Annotated[int, BeforeValidator(_to_int)]
# A year a table or a target names: the same years as dates, so date(year, ...) cannot overflow.
Year = Annotated[Int, Field(ge=YEAR_MIN.value, le=YEAR_MAX.value)]
Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:/-]*$")]
Text = Annotated[str, StringConstraints(min_length=1)]
# "2018" or "2018-2020"
PeriodText = Annotated[str, StringConstraints(pattern=r"^\d{4}(\s*-\s*\d{4})?$"), AfterValidator(_period_in_range)]

Level = Literal["trung ương", "tỉnh", "huyện", "xã", "khác"]
DocType = Literal[
    "Kế hoạch", "Quyết định", "Đề án", "Báo cáo", "Thông báo", "Chỉ thị",
    "Nghị quyết", "Chương trình", "Hướng dẫn", "Tờ trình", "Công văn",
]
# Product groups of 490/QĐ-TTg (2018) and 1048/QĐ-TTg (2019), then of 148/QĐ-TTg (2023).
ProductGroup = Literal[
    "thực phẩm", "đồ uống", "thảo dược", "vải và may mặc",
    "lưu niệm - nội thất - trang trí", "dịch vụ du lịch nông thôn, bán hàng",
    "dược liệu và sản phẩm từ dược liệu", "hàng thủ công mỹ nghệ", "sinh vật cảnh",
    "dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch",
]
ProducerKind = Literal[
    "hợp tác xã", "doanh nghiệp", "hộ", "tổ hợp tác", "nhóm hộ", "cơ sở sản xuất",
    "làng nghề", "tổ chức khác",
]
Unit = Literal["đồng", "nghìn đồng", "triệu đồng", "tỷ đồng"]


class Model(BaseModel):
    """Base of every model: unknown keys are errors, values are not coerced silently."""

    model_config = ConfigDict(extra="forbid", frozen=False, str_strip_whitespace=False)

    def model_post_init(self, context: Any, /) -> None:
        # pydantic keeps, per instance, the set of fields the data gave: 728 bytes a task, 145 MB
        # of a 200,000-task plan. ocopctl never reads it (no exclude_unset), so instances given the
        # same fields share one set. Copies (model_copy) still get a set of their own.
        given = self.__pydantic_fields_set__
        object.__setattr__(self, "__pydantic_fields_set__", _FIELDS_SETS.setdefault(frozenset(given), given))


_FIELDS_SETS: dict[frozenset[str], set[str]] = {}


# --------------------------------------------------------------------------- record status

RECORD_STATUSES = ("in force", "superseded", "archived")
# The file says the English term, so that every file, the schemas and editors agree on one
# spelling (the model accepts exactly what the exported schema accepts). The Vietnamese terms
# and common variants are not read as the status: they are refused with the term to write.
# "hết hiệu lực" (no longer in force) is superseded: the record was replaced or ended.
_STATUS_SPELLINGS = {
    "con hieu luc": "in force", "dang co hieu luc": "in force", "in-force": "in force",
    "in_force": "in force", "current": "in force", "active": "in force",
    "het hieu luc": "superseded", "bi thay the": "superseded", "da bi thay the": "superseded",
    "replaced": "superseded", "luu tru": "archived", "historical": "archived", "archive": "archived",
}


def _status_spelling(value: Any) -> Any:
    if isinstance(value, str):
        written = _STATUS_SPELLINGS.get(vn.fold(" ".join(value.split())))
        if written is not None and written != value:
            raise PydanticCustomError(
                "literal_error", "Input should be 'in force', 'superseded' or 'archived'",
                {"expected": "'in force', 'superseded' or 'archived'", "suggest": written})
    return value


RecordStatus = Annotated[Literal["in force", "superseded", "archived"], BeforeValidator(_status_spelling)]
# Statuses whose time-dependent checks are judged at the record's own date, never against today.
PAST_STATUSES = frozenset({"superseded", "archived"})
STATUS_DESCRIPTION = (
    "The repository keeper's annotation: 'in force' (the default), 'superseded' or 'archived' "
    "(for còn hiệu lực, hết hiệu lực, lưu trữ). A superseded or archived record is judged "
    "at its own date: no overdue task or lapsed certificate against today")


# --------------------------------------------------------------------------- agencies


class Agency(Model):
    """A body that can lead or support a task: a Sở, a district committee, a ministry."""

    id: Id
    name: Text = Field(description="Full name as documents print it")
    short_names: list[Text] = Field(default_factory=list, description="Sở NN&PTNT, Sở NNPTNT ...")
    aliases: list[Text] = Field(default_factory=list, description="Other names seen in documents")
    number_code: Text | None = Field(
        None, description="The agency's abbreviation in its documents' numbers: SNN in 123/BC-SNN")
    level: Level
    district: Text | None = Field(None, description="For district and commune bodies: the district")
    valid_from: VNDate | None = Field(None, description="First day the agency existed")
    valid_until: VNDate | None = Field(None, description="Last day the agency existed")
    successor: Id | None = Field(None, description="Agency that took over its duties")
    note: str | None = None


class AgencyGroup(Model):
    """A collective owner: "UBND cấp huyện" (every member) or "các sở, ngành liên quan" (nobody named)."""

    id: Id
    name: Text
    short_names: list[Text] = Field(default_factory=list)
    aliases: list[Text] = Field(default_factory=list)
    level: Level | None = None
    members: list[Text] = Field(default_factory=list, description="Agency references")
    vague: bool = Field(False, description="True when the group names no particular body")
    note: str | None = None


class AgencyRegistry(Model):
    """``kind: agencies``: the agencies of one province, or the national bodies."""

    kind: Literal["agencies"]
    province: Text | None = Field(None, description="Omit for national bodies shared by all provinces")
    agencies: list[Agency] = Field(default_factory=list)
    groups: list[AgencyGroup] = Field(default_factory=list)


# --------------------------------------------------------------------------- tasks


PROGRESS_STATES = ("chưa triển khai", "đang thực hiện", "hoàn thành", "tạm dừng", "hủy")
# English and unaccented spellings people type; the Vietnamese term is what is stored.
_STATE_ALIASES = {
    "not started": "chưa triển khai", "not-started": "chưa triển khai", "todo": "chưa triển khai",
    "in progress": "đang thực hiện", "in-progress": "đang thực hiện", "ongoing": "đang thực hiện",
    "done": "hoàn thành", "finished": "hoàn thành", "completed": "hoàn thành", "complete": "hoàn thành",
    "paused": "tạm dừng", "suspended": "tạm dừng", "on hold": "tạm dừng",
    "cancelled": "hủy", "canceled": "hủy", "dropped": "hủy",
}
_STATE_BY_FOLD = {vn.fold(s): s for s in PROGRESS_STATES} | {"huy": "hủy", "da hoan thanh": "hoàn thành"}


def _to_state(value: Any) -> Any:
    if isinstance(value, str):
        key = " ".join(value.split()).lower()
        return _STATE_ALIASES.get(key) or _STATE_BY_FOLD.get(vn.fold(key), value)
    return value


ProgressState = Annotated[
    Literal["chưa triển khai", "đang thực hiện", "hoàn thành", "tạm dừng", "hủy"],
    BeforeValidator(_to_state),
]
FINISHED_STATES = frozenset({"hoàn thành", "hủy"})


class ProgressEntry(Model):
    """One progress report on a task."""

    date: VNDate
    state: ProgressState
    note: str | None = None
    reported_by: Text | None = Field(None, description="Agency reference of the reporting body")
    evidence: Text | None = Field(None, description="Number of the document that proves it, e.g. 123/BC-SNN")


class ProgressReport(ProgressEntry):
    task: Id = Field(description="Id of the task in the document")


class ProgressFile(Model):
    """``kind: progress``: one agency's reports on one document's tasks for one reporting period.

    Each agency keeps its own file per period (``plans/<province>/progress/<period>/<agency>.yaml``),
    so reporting never touches the plan.
    """

    kind: Literal["progress"]
    document: Id = Field(description="Id of the document whose tasks are reported on")
    agency: Text = Field(description="Agency reference of the reporting body")
    period: str | None = Field(None, description="Reporting period as a label, e.g. 6 tháng đầu năm 2019")
    sample: bool = Field(False, description="True for illustrative data that no agency reported")
    entries: list[ProgressReport] = Field(default_factory=list)


class Money(Model):
    amount: VNNumber
    unit: Unit = "triệu đồng"
    source: str | None = Field(None, description="Nguồn vốn as printed")


class Task(Model):
    """A task (nhiệm vụ) with its owners and timeframe, as one row of a plan."""

    id: Id = Field(description="Stable id, unique within the document")
    tt: str | None = Field(None, description="Row number as printed (TT)")
    title: Text = Field(description="Nội dung, as printed")
    details: list[Text] = Field(default_factory=list, description="Nhiệm vụ hoạt động, sub-items")
    lead: list[Text] = Field(default_factory=list, description="Cơ quan chủ trì: agency references")
    lead_text: str | None = Field(None, description="The lead cell as printed, when it differs")
    support: list[Text] = Field(default_factory=list, description="Cơ quan phối hợp: agency references")
    support_text: str | None = Field(None, description="The support cell as printed, when it differs")
    timeframe: str | None = Field(None, description="Thời gian thực hiện, as printed")
    result: str | None = Field(None, description="Kết quả phải đạt")
    budget: Money | None = None
    products: list[Id] = Field(default_factory=list, description="Product references")
    progress: list[ProgressEntry] = Field(default_factory=list)
    note: str | None = None


class TaskGroup(Model):
    """Rows grouped under a lead agency (Hải Phòng) or a theme (Hòa Bình, Hà Nội)."""

    tt: str | None = None
    title: str | None = None
    lead: list[Text] = Field(default_factory=list, description="Default lead for the group's tasks")
    support: list[Text] = Field(default_factory=list, description="Default support for the group's tasks")
    timeframe: str | None = Field(None, description="Default timeframe for the group's tasks")
    result: str | None = None
    tasks: list[Task] = Field(default_factory=list)
    groups: list[TaskGroup] = Field(default_factory=list)
    note: str | None = None


# --------------------------------------------------------------------------- products


class Producer(Model):
    """The chủ thể: who makes the product."""

    name: Text
    kind: ProducerKind | None = None


class Rating(Model):
    """One rating (đánh giá, phân hạng) of a product."""

    date: VNPartialDate = Field(description="Date of the recognising decision; 11/2020 or 2020 when the day "
                                "is not published")
    level: Literal["huyện", "tỉnh", "trung ương"]
    score: VNNumber | None = None
    stars: Int = Field(ge=1, le=5)
    decision: Text | None = Field(None, description="Number of the recognising decision")
    round: Int | None = Field(None, ge=1, le=99, description="The rating round (đợt 2 -> 2), as the decision names it")
    round_year: Int | None = Field(
        None, ge=YEAR_MIN.value, le=YEAR_MAX.value,
        description="Year of the rating round (năm 2020) when it differs from the decision's date (January 2021)")


class Product(Model):
    id: Id
    tt: str | None = None
    name: Text
    group: ProductGroup | None = None
    subgroup: Text | None = Field(None, description="Nhóm of 148/QĐ-TTg Phụ lục I, e.g. 'thực phẩm tươi sống'")
    subdivision: Text | None = Field(
        None, description="Phân nhóm (bộ sản phẩm) of 148/QĐ-TTg Phụ lục I, e.g. 'rau, củ, quả, hạt tươi'")
    category: str | None = Field(None, description="Lĩnh vực / ngành hàng as printed")
    producer: Producer | None = None
    village: str | None = Field(None, description="Thôn, ấp, bản, tổ dân phố as printed: 'thôn An Lão'")
    commune: str | None = None
    commune_kind: Literal["xã", "phường", "thị trấn", "đặc khu"] | None = Field(
        None, description="What the commune is, so that the address prints 'xã Thanh Quang'")
    district: str | None = Field(None, description="Before 01/7/2025 only: districts were abolished that day")
    district_kind: Literal["huyện", "quận", "thị xã", "thành phố"] | None = None
    province: str | None = None
    ip_registered: bool | None = Field(None, description="Đã có đăng ký sở hữu trí tuệ")
    ip_note: str | None = None
    ratings: list[Rating] = Field(default_factory=list)
    note: str | None = None


class ProductGroupRows(Model):
    tt: str | None = None
    title: str | None = None
    group: ProductGroup | None = Field(None, description="OCOP group of every product below")
    products: list[Product] = Field(default_factory=list)


class ProductRegistry(Model):
    """``kind: products``: products outside any annex, typically with their ratings."""

    kind: Literal["products"]
    province: Text
    sample: bool = Field(False, description="True for illustrative data that no council rated")
    status: RecordStatus | None = Field(None, description=STATUS_DESCRIPTION)
    products: list[Product] = Field(default_factory=list)


# --------------------------------------------------------------------------- tables


class HeaderCell(Model):
    """A header cell that spans columns or rows, as printed above a table."""

    text: str
    colspan: Int = Field(1, ge=1, le=HEADER_SPAN.value)
    rowspan: Int = Field(1, ge=1, le=HEADER_SPAN.value)


class TableBase(Model):
    title: str | None = None
    columns: list[str] = Field(default_factory=list, description="Header cells as printed")
    header: list[list[str | HeaderCell]] = Field(
        default_factory=list,
        description="Header rows as printed when there is more than one (a cell spanning sub-columns); "
        "columns then names the bottom-level columns, one per data column",
    )
    footnote: str | None = Field(None, description="Text printed under the table, as published (Ghi chú: ...)")
    note: str | None = Field(None, description="The encoder's note on how the table was read; never printed")


class TaskTable(TableBase):
    kind: Literal["task_assignment"]
    timeframe: str | None = Field(None, description="Timeframe that a header gives every row")
    tasks: list[Task] = Field(default_factory=list)
    groups: list[TaskGroup] = Field(default_factory=list)


class ProductTable(TableBase):
    kind: Literal["product_list"]
    products: list[Product] = Field(default_factory=list)
    groups: list[ProductGroupRows] = Field(default_factory=list)


class Chain(Model):
    tt: str | None = None
    name: Text
    forms: list[Text] = Field(default_factory=list, description="Dạng sản phẩm đã có")
    producers: list[Text] = Field(default_factory=list, description="Tổ chức sản xuất, phân phối")
    raw_material_areas: list[Text] = Field(default_factory=list, description="Tạo vùng nguyên liệu")
    processing_areas: list[Text] = Field(default_factory=list, description="Chế biến sâu, tiêu thụ")
    products: list[Id] = Field(default_factory=list, description="Product references")
    note: str | None = None


class ChainGroup(Model):
    title: str | None = None
    chains: list[Chain] = Field(default_factory=list)


class ChainTable(TableBase):
    kind: Literal["product_chains"]
    level: Literal["huyện", "tỉnh", "quốc gia"]
    groups: list[ChainGroup] = Field(default_factory=list)


class BudgetRow(Model):
    tt: str | None = None
    label: Text
    values: list[VNNumber | None] = Field(default_factory=list, description="One cell per year column")
    total: VNNumber | None = Field(None, description="Stated row total")
    share: VNNumber | None = Field(None, description="Stated percentage (Tỷ lệ %)")
    total_of: list[str] = Field(
        default_factory=list, description="For a stated total row: the tt of the rows it adds up"
    )
    rows: list[BudgetRow] = Field(default_factory=list)
    note: str | None = None


class BudgetTable(TableBase):
    kind: Literal["budget"]
    unit: Unit
    unit_text: str | None = Field(None, description="ĐVT line as printed")
    years: list[Year] = Field(default_factory=list)
    rows: list[BudgetRow] = Field(default_factory=list)


class MatrixRow(Model):
    tt: str | None = None
    label: Text
    total: VNNumber | None = None
    values: list[VNNumber | None] = Field(default_factory=list)


class TargetMatrix(TableBase):
    kind: Literal["target_matrix"]
    categories: list[Text] = Field(description="The breakdown columns")
    rows: list[MatrixRow] = Field(default_factory=list)
    totals: MatrixRow | None = Field(None, description="The stated total row")


class GenericTable(TableBase):
    kind: Literal["generic"]
    rows: list[list[str | None]] = Field(default_factory=list)


Table = Annotated[
    TaskTable | ProductTable | ChainTable | BudgetTable | TargetMatrix | GenericTable,
    Field(discriminator="kind"),
]


class AnnexBody(Model):
    label: str | None = Field(None, description='"Phụ lục 01" as printed')
    title: Text
    back_reference: str | None = Field(
        None, description='"(Kèm theo Kế hoạch số ... ngày ... của ...)" as printed'
    )
    text: list[str] = Field(default_factory=list, description="Paragraphs printed with the annex")
    tables: list[Table] = Field(default_factory=list)


class Annex(AnnexBody):
    """An annex (Phụ lục) printed with its document."""


class AnnexFile(AnnexBody):
    """``kind: annex``: an annex kept in a file of its own."""

    kind: Literal["annex"]
    parent: Id = Field(description="Id of the document the annex belongs to")


# --------------------------------------------------------------------------- documents


class Target(Model):
    """A number an objective promises: "ít nhất 50 sản phẩm", "12/31 sản phẩm"."""

    value: VNNumber
    unit: Text
    subject: str | None = None
    qualifier: str | None = Field(None, description="ít nhất, khoảng, tối thiểu ... as printed")
    out_of: VNNumber | None = Field(None, description="The 31 of 12/31")
    year: Year | None = None
    annex: str | None = Field(None, description="Label or title of the annex that lists it")
    # Relations between amounts of money (the funding split of a plan); checked by OC405-OC410, OC414.
    part_of: Text | None = Field(
        None, description="The subject of the target, in the same document, whose amount this one is a part of "
        '("Trong đó: ngân sách Nhà nước ..." under "Tổng kinh phí ...")')
    share: VNNumber | None = Field(
        None, description='The percentage printed with the amount ("chiếm 75,4%"): its share of the part_of target')
    table: Text | None = Field(
        None, description="Title of the budget table, or label or title of the annex holding it, "
        "whose grand total this amount states")


class Objective(Model):
    text: Text
    targets: list[Target] = Field(default_factory=list)


Paragraph = str | Objective


class Section(Model):
    number: str | None = Field(None, description='"I.", "1.", "a)", "Điều 1." as printed')
    title: str | None = None
    text: list[Paragraph] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    closing: list[str] = Field(default_factory=list, description="Paragraphs after the subsections")


class Signer(Model):
    authority: str | None = Field(None, description='"TM. ỦY BAN NHÂN DÂN" line')
    capacity: str | None = Field(None, description='"KT. CHỦ TỊCH", "Q.", "TL.", "TUQ." line')
    title: str | None = Field(None, description='"PHÓ CHỦ TỊCH"')
    name: str | None = None


TEXT_STATUSES = ("full", "excerpt", "press report")
# What a document file encodes; "excerpt" and "press report" are judged only on what they hold.
TextStatus = Literal["full", "excerpt", "press report"]


class Document(Model):
    """``kind: document``: a Kế hoạch, Quyết định, Đề án or Báo cáo with its annexes."""

    kind: Literal["document"]
    draft: bool = Field(False, description="True for a draft made by 'ocopctl draft' that nobody has reviewed yet")
    status: RecordStatus | None = Field(None, description=STATUS_DESCRIPTION)
    id: Id
    type: DocType
    number: Text = Field(description='As printed, "192 /KH-UBND" included')
    issuer: Text = Field(description="Agency reference of the issuing body")
    issuer_lines: list[str] = Field(default_factory=list, description="Header lines as printed")
    province: Text
    district: str | None = None
    place: Text
    date: VNPartialDate = Field(description="2018-08-17 or 17/8/2018; 11/2020 or 2020 when the day is not published")
    date_line: str | None = Field(None, description='"Hải Phòng, ngày 17 tháng 8 năm 2018" as printed')
    title: Text = Field(description="Trích yếu")
    authority: str | None = Field(
        None, description='The issuing authority as a decision prints it above its legal bases '
        '("ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH"); rendering defaults to the issuer lines')
    period: PeriodText
    # ---- provenance, horizon and promised count (issue 12, items 8, 10, 12)
    horizon: Year | None = Field(
        None, description='The orientation horizon of "giai đoạn 2021-2025, định hướng đến 2030": 2030. '
        "After the period's last year; timeframes up to its end are not outside the period")
    source: Text | None = Field(
        None, description='Where the text was taken from: a URL, or "Công báo số 45+46, ngày 20/01/2021"')
    text: TextStatus = Field(
        "full", description="What the file encodes: 'full' (the whole published document, the default), "
        "'excerpt' (part of it) or 'press report' (a newspaper's or portal's account of it). "
        "Checks that need the whole document (a missing annex, an annex's count) skip the others")
    recognises: Int | None = Field(
        None, ge=0, description='For a recognition decision: the number of products it says it recognises '
        '("công nhận 11 sản phẩm"); checked against the ratings that cite the decision')
    legal_bases: list[Text] = Field(default_factory=list, description="Căn cứ / Thực hiện lines, as printed")
    preamble: list[str] = Field(default_factory=list, description="Text between legal bases and body")
    body: list[Section] = Field(default_factory=list)
    signer: Signer | None = None
    recipients: list[str] = Field(default_factory=list, description="Nơi nhận, as printed")
    annexes: list[Annex] = Field(default_factory=list)
    note: str | None = None

    def period_years(self) -> tuple[int, int]:
        parts = [int(p) for p in re.findall(r"\d{4}", self.period)]
        return parts[0], parts[-1]

    def planning_years(self) -> tuple[int, int]:
        """The period's first year to its last, or to the orientation horizon when it lies beyond."""
        first, last = self.period_years()
        return first, max(last, self.horizon or last)

    @property
    def is_whole(self) -> bool:
        """Whether the file encodes the whole published document (not an excerpt or a press report)."""
        return self.text == "full"


class Issuance(Model):
    """``kind: issuance``: what only the issuer can say about a document that ocopctl drafts
    from the repository (an approval decision, a recognition decision, a progress report):
    its number, date, signer and recipients. ``template`` names the template that drafts it.

    Leave ``number`` and ``date`` out while the document is a draft: they print blank,
    for the clerk to fill in when it is issued.
    """

    kind: Literal["issuance"]
    id: Id = Field(description="Unique id; also the output file name")
    sample: bool = Field(False, description="True for an illustration: the rendering says it was never issued")
    template: Text = Field(description="approval | recognition | progress_report, or your own template's name")
    subject: Id | None = Field(None, description="approval: id of the document approved")
    period: str | None = Field(None, description="progress_report: Q3-2018, H1-2019 or 2019")
    as_of: VNDate | None = Field(None, description="progress_report: the date the report speaks for")
    type: DocType | None = Field(None, description="Default: Quyết định, or Báo cáo for a progress report")
    number: Text | None = Field(None, description='"1234/QĐ-UBND"; recognition: the number the ratings carry')
    issuer: Text | None = Field(None, description="Agency reference; default: the subject's issuer")
    issuer_lines: list[str] = Field(default_factory=list, description="Default: the subject's")
    province: Text | None = None
    place: Text | None = Field(None, description="Default: the subject's")
    date: VNPartialDate | None = Field(None, description="11/2020 or 2020 when the day is not published")
    recognises: Int | None = Field(
        None, ge=0, description='recognition: the number of products the decision says it recognises '
        '("công nhận 11 sản phẩm"); checked against the ratings that cite its number')
    date_line: str | None = None
    title: str | None = Field(None, description="Trích yếu; default: the template's")
    authority: str | None = Field(None, description="Line above the legal bases; default: the issuer lines")
    legal_bases: list[Text] = Field(default_factory=list)
    preamble: list[str] = Field(default_factory=list)
    articles: list[Section] = Field(
        default_factory=list, description="The articles (Điều 1., ...) when they replace the template's own")
    executors: str | None = Field(
        None, description='Who carries the decision out, for its last article ("Chánh Văn phòng UBND tỉnh, ...")')
    signer: Signer | None = None
    recipients: list[str] = Field(default_factory=list)
    note: str | None = None


FILE_KINDS: dict[str, type[Model]] = {
    "agencies": AgencyRegistry,
    "document": Document,
    "annex": AnnexFile,
    "products": ProductRegistry,
    "progress": ProgressFile,
    "issuance": Issuance,
}
