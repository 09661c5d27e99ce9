"""``ocopctl init``: a new plan repository that passes ``ocopctl validate`` on day one.

It holds the province's usual bodies (dated across the restructuring of 01/3/2025), the national
bodies, the JSON Schemas, a configuration, a pre-commit configuration, a GitHub workflow, a
``.gitignore`` and a README for the office. Existing files are never overwritten.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from ocopctl import vn
from ocopctl.i18n import _
from ocopctl.output import write_output
from ocopctl.resources import national_agencies_file
from ocopctl.schemas import schema_texts

# wherever ocopctl is published: the placeholders a new repository's README asks to replace
HOOK_REPO = "https://example.org/ocopctl.git"
ACTION = "OWNER/ocopctl"

# provinces whose people's committee is "Ủy ban nhân dân thành phố" (centrally-run cities)
_CITIES = {"ha noi", "hai phong", "da nang", "ho chi minh", "can tho", "hue"}
_PREFIX = re.compile(r"^(tinh|thanh pho|tp\.?)\s+")
_RESTRUCTURED_FROM = "2025-03-01"  # Nghị quyết 176/2025/QH15 and the provinces' resolutions of February 2025
_RESTRUCTURED_UNTIL = "2025-02-28"


class InitError(Exception):
    """A repository that cannot be created; the message is one line for the user."""


@dataclass(frozen=True)
class Body:
    key: str  # the id after the province's prefix
    name: str
    short_names: tuple[str, ...] = ()
    valid_from: str | None = None
    valid_until: str | None = None
    successor: str | None = None
    note: str | None = None


# A province's usual OCOP bodies: the Sở that lead or support OCOP tasks, the new-countryside coordination
# office and the mass organisations that support producers. Districts are left to the office: they differ
# per province and were abolished on 01/7/2025.
BODIES: tuple[Body, ...] = (
    Body("snnptnt", "Sở Nông nghiệp và Phát triển nông thôn", ("Sở NN&PTNT", "Sở NNPTNT"),
         valid_until=_RESTRUCTURED_UNTIL, successor="snnmt",
         note="merged with Sở Tài nguyên và Môi trường into Sở Nông nghiệp và Môi trường on 01/3/2025"),
    Body("stnmt", "Sở Tài nguyên và Môi trường", ("Sở TN&MT", "Sở TNMT"),
         valid_until=_RESTRUCTURED_UNTIL, successor="snnmt",
         note="merged with Sở Nông nghiệp và Phát triển nông thôn into Sở Nông nghiệp và Môi trường on 01/3/2025"),
    Body("snnmt", "Sở Nông nghiệp và Môi trường", ("Sở NN&MT", "Sở NNMT"), valid_from=_RESTRUCTURED_FROM),
    Body("sct", "Sở Công Thương", ("Sở CT",)),
    Body("skhdt", "Sở Kế hoạch và Đầu tư", ("Sở KH&ĐT", "Sở KHĐT"),
         valid_until=_RESTRUCTURED_UNTIL, successor="stc",
         note="merged into Sở Tài chính on 01/3/2025"),
    Body("stc", "Sở Tài chính", ("Sở TC",)),
    Body("stttt", "Sở Thông tin và Truyền thông", ("Sở TT&TT", "Sở TTTT"),
         valid_until=_RESTRUCTURED_UNTIL, successor="skhcn",
         note="merged into Sở Khoa học và Công nghệ on 01/3/2025"),
    Body("skhcn", "Sở Khoa học và Công nghệ", ("Sở KH&CN", "Sở KHCN")),
    Body("svhttdl", "Sở Văn hóa, Thể thao và Du lịch", ("Sở VHTT&DL", "Sở VHTTDL")),
    Body("syt", "Sở Y tế", ("Sở YT",)),
    Body("sldtbxh", "Sở Lao động - Thương binh và Xã hội", ("Sở LĐ-TB&XH", "Sở LĐTBXH"),
         valid_until=_RESTRUCTURED_UNTIL, successor="snv",
         note="its labour duties went to Sở Nội vụ on 01/3/2025"),
    Body("snv", "Sở Nội vụ", ("Sở NV",)),
    Body("vpdp-ntm", "Văn phòng Điều phối nông thôn mới", ("VPĐP NTM", "Văn phòng Điều phối NTM"),
         note="Văn phòng Điều phối Chương trình mục tiêu quốc gia xây dựng nông thôn mới; the OCOP office"),
    Body("lmhtx", "Liên minh Hợp tác xã", ("Liên minh HTX",)),
    Body("hnd", "Hội Nông dân", ("Hội ND",)),
    Body("hlhpn", "Hội Liên hiệp Phụ nữ", ("Hội LHPN",)),
)
_PROVINCE_WIDE = {"lmhtx", "hnd", "hlhpn", "vpdp-ntm"}  # named with "tỉnh X" / "thành phố X" after them


@dataclass(frozen=True)
class Province:
    name: str  # "Hải Phòng"
    slug: str  # "hai-phong"
    prefix: str  # "hp": every agency id starts with it
    unit: str  # "tỉnh" or "thành phố"


def province(name: str) -> Province:
    """The province of ``name`` ("Hải Phòng", "tỉnh Hòa Bình", "Thành phố Hồ Chí Minh")."""
    text = " ".join(name.split())
    if re.search(r"[\x00-\x1f\x7f]", name) or re.search(r"[^\w .'’-]|[\d_]", text):
        # a line break, a tab or a sign no province name has: a paste gone wrong, not a name
        raise InitError(_("{name} is not a province's name: use letters and spaces only, as printed, "
                          "e.g. --province \"Hải Phòng\"").format(name=repr(name)))
    folded = vn.fold(text)
    stripped = _PREFIX.sub("", folded)
    if stripped != folded:  # drop the written "tỉnh " / "thành phố " too
        text = " ".join(text.split()[len(folded.split()) - len(stripped.split()):])
    words = re.findall(r"[a-z0-9]+", stripped)
    if not words or not re.search(r"[^\W\d_]", text):
        raise InitError(_("{name} is not a province's name; give it as printed, e.g. --province \"Hải Phòng\"").format(
            name=repr(name)))
    unit = "thành phố" if " ".join(words) in _CITIES else "tỉnh"
    return Province(text, "-".join(words), "".join(w[0] for w in words), unit)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def agencies_yaml(p: Province) -> str:
    """The province's ``agencies.yaml``: its committees and usual bodies."""
    out = [
        "# yaml-language-server: $schema=../../schemas/agencies.schema.json",
        f"# {p.name}: the bodies an OCOP plan usually names as issuer, lead (cơ quan chủ trì) or support",
        "# (cơ quan phối hợp), written by 'ocopctl init'. Add the districts, communes and other bodies",
        "# your documents name; keep the old bodies with their dates so older plans stay checkable.",
        "kind: agencies",
        f"province: {_quote(p.name)}",
        "agencies:",
        f"  - id: {p.prefix}-ubnd",
        f"    name: {_quote(f'Ủy ban nhân dân {p.unit} {p.name}')}",
        f"    short_names: [{_quote(f'UBND {p.unit}')}, {_quote(f'UBND {p.unit} {p.name}')}]",
        f"    aliases: [{_quote(f'Ủy ban nhân dân {p.unit}')}]",
        "    level: tỉnh",
        f"  - id: {p.prefix}-hdnd",
        f"    name: {_quote(f'Hội đồng nhân dân {p.unit} {p.name}')}",
        f"    short_names: [{_quote(f'HĐND {p.unit}')}]",
        "    level: tỉnh",
    ]
    for body in BODIES:
        name = f"{body.name} {p.unit} {p.name}" if body.key in _PROVINCE_WIDE else body.name
        out += [f"  - id: {p.prefix}-{body.key}", f"    name: {_quote(name)}"]
        if body.short_names:
            out.append(f"    short_names: [{', '.join(_quote(s) for s in body.short_names)}]")
        out.append("    level: tỉnh")
        if body.valid_from:
            out.append(f"    valid_from: {body.valid_from}")
        if body.valid_until:
            out.append(f"    valid_until: {body.valid_until}")
        if body.successor:
            out.append(f"    successor: {p.prefix}-{body.successor}")
        if body.note:
            out.append(f"    note: {_quote(body.note)}")
    return "\n".join(out) + "\n"


def _ocopctl_version() -> str:
    try:
        return version("ocopctl")
    except PackageNotFoundError:  # pragma: no cover - a checkout that was never installed
        return "0.1.0"


CONFIG = """\
# ocopctl's configuration (docs/workflow.md of ocopctl lists every key)
paths: [plans]          # what 'ocopctl validate' checks
# ignore: [OC011]       # codes or prefixes never reported
# severity: {OC505: warning}
# per-file-ignores: {"plans/*/archive/*": [OC505]}
"""

PRE_COMMIT = """\
# pre-commit (https://pre-commit.com): 'pre-commit install' checks every commit's plan files.
# {url} stands for wherever ocopctl is published: replace it (and rev) with the real address.
repos:
  - repo: {url}
    rev: v{version}
    hooks:
      - id: ocopctl-validate
"""

WORKFLOW = """\
# Checks the plans on every push and pull request: annotations on the lines at fault and a summary.
# {action} stands for wherever ocopctl is published: replace it with the real repository.
name: plans
on: [push, pull_request]
jobs:
  validate:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: {action}@v{version}
"""

GITIGNORE = """\
# what ocopctl writes: rendered documents, exports, calendars
rendered/
exports/
*.ics
~$*.docx
~$*.xlsx
.ocopctl_cache/
.venv/
__pycache__/
"""

README = """\
# Kế hoạch OCOP {unit} {name}

Kho này lưu các văn bản của Chương trình Mỗi xã một sản phẩm (OCOP) {unit} {name} dưới dạng
tệp YAML: kế hoạch, quyết định, phụ lục phân công nhiệm vụ, tiến độ thực hiện.
Công cụ `ocopctl` kiểm tra các tệp này và báo từng lỗi kèm tệp, dòng và cột.

- `plans/{slug}/agencies.yaml`: các cơ quan, đơn vị của {unit} (bổ sung các huyện, xã và
  đơn vị khác khi văn bản nhắc đến; giữ nguyên cơ quan cũ kèm ngày để văn bản cũ vẫn kiểm tra được).
- `plans/national/agencies.yaml`: các cơ quan trung ương.
- `schemas/`: mô tả cấu trúc tệp, để trình soạn thảo (VS Code) gợi ý và báo lỗi khi gõ.

## Ba lệnh hằng ngày

```sh
ocopctl validate                          # kiểm tra toàn bộ kho trước khi gửi (commit)
ocopctl deadlines --within 30d            # các nhiệm vụ sắp đến hạn trong 30 ngày, theo cơ quan chủ trì
ocopctl render plans/{slug} --to docx     # xuất văn bản ra Word, trong thư mục rendered/
```

## Cài đặt

```sh
python -m pip install "ocopctl @ git+{url}@v{version}"
pre-commit install                        # kiểm tra tự động mỗi lần commit
```

Địa chỉ `{url}` trong README này, trong `.pre-commit-config.yaml` và
`{action}` trong `.github/workflows/plans.yml` là địa chỉ mẫu: thay bằng địa chỉ thật
nơi lưu ocopctl.
"""


def files(p: Province) -> Iterator[tuple[str, str]]:
    """(path relative to the repository, text) of every file a new repository holds."""
    fields = {"name": p.name, "slug": p.slug, "unit": p.unit, "url": HOOK_REPO, "action": ACTION,
              "version": _ocopctl_version()}
    yield f"plans/{p.slug}/agencies.yaml", agencies_yaml(p)
    if p.slug != "national":
        yield "plans/national/agencies.yaml", national_agencies_file().read_text(encoding="utf-8")
    for name, text in schema_texts().items():
        yield f"schemas/{name}", text
    yield ".ocopctl.yaml", CONFIG
    yield ".pre-commit-config.yaml", PRE_COMMIT.format(**fields)
    yield ".github/workflows/plans.yml", WORKFLOW.format(**fields)
    yield ".gitignore", GITIGNORE
    yield "README.md", README.format(**fields)


@dataclass(frozen=True)
class Created:
    written: list[Path]
    kept: list[Path]  # existing files left as they were


def init_repository(folder: Path, province_name: str, *, force: bool = False) -> Created:
    """Write a new plan repository into ``folder``. Refuses a non-empty folder unless ``force``; even then
    never replaces a file that exists. Raises ``InitError`` (and ``OutputError`` from the writes)."""
    p = province(province_name)
    if folder.exists() and not folder.is_dir():
        raise InitError(_("{path} is a file, not a folder").format(path=repr(str(folder))))
    if folder.is_dir() and not force and any(folder.iterdir()):
        raise InitError(_("{path} is not empty; pass --force to add the missing files (existing files are never "
                          "overwritten)").format(path=repr(str(folder))))
    written: list[Path] = []
    kept: list[Path] = []
    for relative, text in files(p):
        target = folder / relative
        if target.exists() or target.is_symlink():
            kept.append(target)
            continue
        write_output(target, text, allow_in_inputs=True, replace=False)
        written.append(target)
    return Created(written, kept)
