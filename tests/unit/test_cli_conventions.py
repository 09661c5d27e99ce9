"""--version, -h, --color, completion, rules CODE, --quiet; the lazy command table stays true."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from ocopctl.cli import app
from ocopctl.cli.main import COMMANDS, load_command

ROOT = Path(__file__).parents[2]
runner = CliRunner()


def test_version_and_short_help() -> None:
    out = runner.invoke(app, ["--version"]).output
    assert out.startswith("ocopctl ") and out.count("\n") == 1
    assert "Commands:" in runner.invoke(app, ["-h"]).output
    assert "--today" in runner.invoke(app, ["validate", "-h"]).output
    assert "--install-completion" in runner.invoke(app, ["--help"]).output


def test_help_lists_commands_without_importing_them() -> None:
    code = "import sys; from ocopctl.cli import app; app(['--help'])"
    done = subprocess.run([sys.executable, "-c", code + ""], capture_output=True, text=True, cwd=ROOT)
    assert "validate" in done.stdout
    probe = ("import sys\nfrom ocopctl.cli import app\ntry:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in sys.modules if m.partition('.')[0] in ('pydantic', 'docx', 'jinja2', "
             "'openpyxl', 'python_calamine', 'babel') or m == 'ocopctl.api'))")
    for lang in ("en", "vi"):  # the Vietnamese catalog is read with the standard library only
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT,
                              env={**os.environ, "OCOPCTL_LANG": lang})
        assert done.stdout.strip().endswith("[]"), lang
        assert ("Tùy chọn:" in done.stdout) is (lang == "vi")


def test_a_command_imports_only_what_it_uses() -> None:
    # period reads a timeframe: it needs neither the models, the configuration nor the loader (the
    # wrapper that turns an unwritable output into one line imported all three for every command)
    probe = ("import sys\nfrom ocopctl.cli import app\ntry:\n    app(['period', 'Quý III/2018'])\n"
             "except SystemExit:\n    pass\n"
             "print(sorted(m for m in sys.modules if m in ('ocopctl.models', 'ocopctl.config', 'ocopctl.loader', "
             "'ocopctl.cli.common', 'rich.console')))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert "2018-09-30" in done.stdout, done.stderr
    assert done.stdout.strip().endswith("[]")


def test_i18n_imports_the_standard_library_only() -> None:
    probe = ("import sys\nbefore = set(sys.modules)\nimport ocopctl.i18n\nocopctl.i18n.set_language('vi')\n"
             "ocopctl.i18n._('Options')\n"
             "print(sorted({m.partition('.')[0] for m in set(sys.modules) - before} - set(sys.stdlib_module_names)))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip() == "['ocopctl']"


def test_command_table_matches_the_docstrings() -> None:
    for name, (module, attribute, short) in COMMANDS.items():
        command = load_command(name)
        if attribute == "app":
            assert command.help is not None and short in command.help
            continue
        source = ROOT / (module.replace(".", "/") + ".py")
        tree = ast.parse(source.read_text(encoding="utf-8"))
        [func] = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == attribute]
        assert (ast.get_docstring(func) or "").split("\n")[0] == short, name


def test_rules_explains_a_code_with_its_example() -> None:
    out = runner.invoke(app, ["rules", "OC505"]).output
    assert out.startswith("OC505 certificate-expired (error)") and "Fails (today 2026-01-01)::" in out
    assert runner.invoke(app, ["checks", "OC505"]).output == out
    bad = runner.invoke(app, ["rules", "OC5055"])
    assert bad.exit_code == 2 and bad.output == "ocopctl: no code 'OC5055'; did you mean 'OC505'?\n"


def test_color_always_and_never() -> None:
    args = ["validate", "--today", "2026-01-01", str(ROOT / "plans/ha-noi")]
    assert "\x1b[" in runner.invoke(app, ["--color", "always", *args]).output
    assert "\x1b[" not in runner.invoke(app, ["--color", "never", *args]).output


def test_quiet_prints_the_summary_only() -> None:
    out = runner.invoke(app, ["validate", "--today", "2026-01-01", "-q", str(ROOT / "plans")]).output
    assert out == "3 errors, 32 warnings, 6 infos in 5 of 20 files\n"
