"""Help texts, click's own words and usage errors in Vietnamese; English as it always was.

Help texts are built when a command loads, in the language chosen at start: so every case runs
ocopctl in a process of its own.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ocopctl import i18n
from ocopctl.cli import clicktext
from ocopctl.cli.main import COMMANDS

ROOT = Path(__file__).parents[2]
COMMAND_LINES = [[], *([name] for name in COMMANDS), ["products", "list"], ["products", "stats"], ["cache", "clean"]]
# option descriptions that hold no prose, only samples as they are written in either language
NOT_PROSE = {"--year", "--producer-kind", "--kind", "--stars"}
ENGLISH = ("Usage", "Options", "Arguments", "Commands", "Show this message", "default:", "required",
           "completion for", "Error", "Try ")


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("OCOPCTL_LANG", "LC_ALL", "LC_MESSAGES", "LANG",
                                                            "LANGUAGE")}
    return {**env, **extra}


def _helps(lang: str) -> list[str]:
    """The --help of every command, in one process per language (``--lang`` given as users give it)."""
    code = (
        "import sys\nlang = sys.argv[1]\nsys.argv = ['ocopctl', '--lang', lang]\nfrom ocopctl.cli import app\n"
        f"for args in {COMMAND_LINES!r}:\n"
        "    try:\n        app(['--lang', lang, *args, '--help'], prog_name='ocopctl')\n"
        "    except SystemExit:\n        pass\n    print('\\f')\n"
    )
    done = subprocess.run([sys.executable, "-c", code, lang], capture_output=True, text=True, cwd=ROOT,
                          env=_env(), check=True)
    return done.stdout.split("\f\n")[:-1]


def _described(help_text: str) -> dict[str, str]:
    """Each argument, option or command of a help text with its description (lines joined)."""
    found: dict[str, str] = {}
    key = None
    in_section = False
    for line in help_text.splitlines():
        if re.fullmatch(r"\S.*:", line):  # "Options:", "Tùy chọn:" ...
            in_section, key = True, None
        elif in_section and line[2:3].strip():  # a row: its name at column 2, then its description
            name, _sep, text = line.strip().partition("  ")
            key = name.split(",")[-1].split()[0]
            found[key] = text.strip()
        elif in_section and key is not None and line.strip():
            found[key] = (found[key] + " " + line.strip()).strip()
    return found


@pytest.fixture(scope="module")
def helps() -> dict[str, list[str]]:
    return {"en": _helps("en"), "vi": _helps("vi")}


def test_every_help_text_is_told_in_vietnamese(helps: dict[str, list[str]]) -> None:
    assert len(helps["en"]) == len(helps["vi"]) == len(COMMAND_LINES)
    for args, en, vi in zip(COMMAND_LINES, helps["en"], helps["vi"], strict=True):
        shown = " ".join(["ocopctl", *args])
        assert vi.startswith(f"Cách dùng: {shown} "), vi
        # the command's own help: the paragraph after the usage line
        assert en.split("\n\n")[1] != vi.split("\n\n")[1], shown
        english, vietnamese = _described(en), _described(vi)
        assert english.keys() == vietnamese.keys(), shown
        for key, text in english.items():
            if text and key not in NOT_PROSE:
                assert vietnamese[key] != text, (shown, key, text)
        for word in ENGLISH:
            assert word not in vi, (shown, word)


def test_english_help_is_as_it_was(helps: dict[str, list[str]]) -> None:
    main, validate = helps["en"][0], helps["en"][1 + list(COMMANDS).index("validate")]
    assert main.startswith("Usage: ocopctl [OPTIONS] COMMAND [ARGS]...\n\n  Check, report on and render Vietnam's OCOP "
                           "programme plans kept as YAML.\n\nOptions:\n")
    assert "  --color <auto|always|never>  Colour in console output (NO_COLOR and\n" \
           "                               FORCE_COLOR are read too)  [default: auto]\n" in main
    assert "  -h, --help                   Show this message and exit.\n\nCommands:\n" in main
    assert "  --install-completion         Install completion for the current shell.\n" in main
    assert "Arguments:\n  paths... <list[Path]>  Plan files or folders (default: the configuration's\n" in validate
    assert "  --strict / --no-strict          Warnings fail too (exit 1)\n" in validate


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ocopctl", *args], capture_output=True, text=True, cwd=ROOT,
                          env=_env(**env))


def test_a_usage_error_is_told_in_vietnamese_and_exits_2() -> None:
    done = _run("--lang", "vi", "report", "--format", "x")
    assert done.returncode == 2
    assert done.stderr == (
        "Cách dùng: ocopctl report [OPTIONS] [paths]...\n"
        "Chạy 'ocopctl report -h' để xem hướng dẫn.\n\n"
        "Lỗi: Giá trị không hợp lệ cho '--format' / '-f': 'x' không thuộc các giá trị 'text', 'md', 'html', "
        "'json', 'csv'.\n")
    done = _run("validate", "--bogus", LANG="vi_VN.UTF-8")  # the locale chooses too
    assert done.returncode == 2
    assert done.stderr.endswith("Lỗi: Không có tùy chọn --bogus (có phải là --verbose?)\n")
    done = _run("export", "--lang", "vi")
    assert done.returncode == 2 and done.stderr.endswith("Lỗi: Thiếu đối số 'file'.\n")
    assert not any(word in _run("--lang", "vi", "bogus").stderr for word in ENGLISH)


def test_a_usage_error_in_english_is_as_it_was() -> None:
    done = _run("--lang", "en", "validate", "--bogus")
    assert done.returncode == 2
    assert done.stderr == ("Usage: ocopctl validate [OPTIONS] [paths]...\nTry 'ocopctl validate -h' for help.\n\n"
                           "Error: No such option: --bogus (Possible options: --verbose)\n")
    done = _run("report", "--format", "x", LANG="en_US.UTF-8")
    assert done.stderr.endswith("Error: Invalid value for '--format' / '-f': Value error, 'x' is not one of "
                                "'text', 'md', 'html', 'json', 'csv'.\n")


def test_an_error_of_our_own_is_one_line_in_vietnamese() -> None:
    done = _run("--lang", "vi", "deadlines", "--within", "3x")
    assert done.returncode == 2
    assert done.stderr == "ocopctl: --within '3x' không phải là một khoảng thời gian; hãy ghi 30d, 8w hoặc 3m\n"


@pytest.mark.parametrize(("english", "vietnamese"), [
    ("Missing option '--kind'.", "Thiếu tùy chọn '--kind'."),
    ("Missing argument 'file'. Choose from:\n\ta", "Thiếu đối số 'file'. Choose from:\n\ta"),
    ("Invalid value for '--table': Input should be a valid integer, unable to parse string as an integer",
     "Giá trị không hợp lệ cho '--table': cần ghi một số nguyên"),
    ("Invalid value for '--stars': Input should be greater than or equal to 1",
     "Giá trị không hợp lệ cho '--stars': giá trị nhỏ nhất là 1"),
    ("Got unexpected extra argument(s) (a b)", "Có đối số thừa không dùng đến (a b)"),
    ("Option '--today' requires an argument.", "Tùy chọn '--today' cần một giá trị."),
    ("Option '--x' does not take a value.", "Tùy chọn '--x' không nhận giá trị."),
    ("Không có lệnh 'valdate'. Did you mean 'validate'?", "Không có lệnh 'valdate'. Có phải là 'validate'?"),
    ("something click does not say", "something click does not say"),
])
def test_clicks_messages_are_recognised_by_their_templates(english: str, vietnamese: str) -> None:
    i18n.set_language("vi")
    assert clicktext.translate_error(english) == vietnamese


def test_every_click_template_has_its_message_in_the_catalog() -> None:
    for _pattern, msgid in clicktext._ERRORS:
        assert i18n.translate(msgid, "vi") != msgid, msgid
    assert re.search(r"\bUsage\b", i18n.translate("Usage: ", "vi")) is None


def _vi(*args: str) -> tuple[int, str]:
    from typer.testing import CliRunner

    from ocopctl.cli import app

    done = CliRunner().invoke(app, ["--lang", "vi", *args])
    return done.exit_code, done.output


def test_one_line_errors_of_the_modules_are_told_in_vietnamese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                               ) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plans").mkdir()
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4 ...")
    (tmp_path / "sheet.csv").write_text("Tên sản phẩm,Màu\nChè,xanh\n", encoding="utf-8")
    cases = [
        (["validate", "--config", "nope.yaml"], "ocopctl: --config 'nope.yaml' không phải là tệp\n"),
        (["validate", "--today", "2018-13-45"],
         "ocopctl: --today '2018-13-45' không phải là ngày; hãy ghi dạng 2018-10-15 hoặc 15/10/2018\n"),
        (["init", "a-file", "--province", "Hải Phòng"], "ocopctl: 'a-file' là tệp, không phải thư mục\n"),
        (["init", "new", "--province", "Hải\nPhòng"], "ocopctl: 'Hải\\nPhòng' không phải là tên tỉnh, thành phố: "
         "chỉ dùng chữ cái và dấu cách, ghi như trong văn bản, ví dụ --province \"Hải Phòng\"\n"),
        (["draft", "scan.pdf"], "ocopctl: scan.pdf là tệp PDF; ocopctl không đọc PDF: hãy mở bằng Word rồi lưu "
         "thành .docx, hoặc chép nội dung vào một tệp .txt UTF-8\n"),
        (["render", "missing"], "ocopctl: 'missing' không tồn tại\n"),
        (["export", "a-file", "-o", "plans"], "ocopctl: --output 'plans' phải có đuôi .xlsx hoặc .csv\n"),
        (["import", "sheet.csv", "--kind", "products", "--province", "Hải Phòng", "--into", "sheet.csv", "--force"],
         "ocopctl: không ghi được 'sheet.csv': đây là 'sheet.csv', một tệp đầu vào của lệnh; ocopctl không bao giờ "
         "ghi đè tệp đầu vào, hãy chọn tệp khác\n"),
    ]
    for args, expected in cases:
        code, out = _vi(*args)
        assert (code, out) == (2, expected), args
    code, out = _vi("import", "sheet.csv", "--kind", "products", "--province", "Hải Phòng", "--into", "x.yaml")
    assert code == 1
    assert out == ("sheet.csv:sheet.csv!B1: lỗi: tiêu đề cột 'Màu' không xác định (gợi ý: có phải là 'Mã'? hoặc gán "
                   "cột bằng --map 'Màu=TRƯỜNG')\n1 lỗi; chưa nhập dòng nào (hãy sửa các lỗi, hoặc thêm "
                   "--skip-bad-rows để nhập các dòng hợp lệ)\n")


def test_an_error_made_of_a_message_is_told_in_the_language_in_force() -> None:
    from ocopctl.cli.common import told

    i18n.set_language("vi")
    assert told(ValueError(i18n.Msg("Options"))) == "Tùy chọn"
    assert told(ValueError("đã dịch sẵn")) == "đã dịch sẵn"
    assert told(OSError(2, "No such file")) == "[Errno 2] No such file"
