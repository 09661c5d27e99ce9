"""The content-keyed cache of parsed files (issue 13 item 2): same results, never stale, never trusted blindly."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ocopctl import api, cache, formatters
from ocopctl.checks import Context
from ocopctl.cli import app
from ocopctl.config import Effective, Settings
from ocopctl.diagnostics import Diagnostic
from ocopctl.loader import LoadedFile

ROOT = Path(__file__).parents[2]
CASES = ROOT / "tests" / "cases"
runner = CliRunner()
TODAY = Context(today=date(2026, 1, 1))


def _outputs(result: api.ValidationResult) -> tuple[str, str]:
    return formatters.to_json(result, True), formatters.to_text(result, width=200, show_suppressed=True)


def _entries(folder: Path) -> list[Path]:
    return sorted((folder / "files").glob("*.bin")) if (folder / "files").is_dir() else []


@pytest.fixture(autouse=True)
def _cache_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are of the cache: on even when the suite runs with OCOPCTL_NO_CACHE=1."""
    monkeypatch.delenv("OCOPCTL_NO_CACHE", raising=False)


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    target = tmp_path / "repo"
    shutil.copytree(ROOT / "plans", target / "plans")
    (target / ".git").mkdir()
    return target


def test_results_are_byte_identical_on_plans_cold_and_warm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OCOPCTL_JOBS", "1")  # positions from the cache: the pool's workers locate on their own
    plain = _outputs(api.validate([ROOT / "plans"], TODAY))
    store = cache.Cache(tmp_path / "c")
    cold = _outputs(api.validate([ROOT / "plans"], TODAY, cache=store))
    assert store.misses == len(_entries(tmp_path / "c")) > 10 and store.hits == 0
    assert len(list((tmp_path / "c" / "files").glob("*.run"))) == 1
    store = cache.Cache(tmp_path / "c")
    warm = _outputs(api.validate([ROOT / "plans"], TODAY, cache=store))
    assert store.runs == 1 and store.hits == store.misses == 0  # the whole result, kept
    store = cache.Cache(tmp_path / "c", whole_runs=False)
    files_only = _outputs(api.validate([ROOT / "plans"], TODAY, cache=store))
    assert store.hits > 10 and store.misses == 0
    assert store.located > 0  # files with findings placed them without parsing again
    assert plain == cold == warm == files_only


def test_results_are_byte_identical_on_every_case(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    cases = sorted(p for p in CASES.glob("OC*/*") if p.is_dir())
    for case in cases:
        paths = [CASES / "_base", case]
        plain = _outputs(api.validate(paths, Context(today=date(2018, 9, 1))))
        for run in range(2):  # cold, then warm: every message and parameter can be kept
            store = cache.Cache(folder)
            assert _outputs(api.validate(paths, Context(today=date(2018, 9, 1)), cache=store)) == plain
            assert store.runs == run, case
    store = cache.Cache(folder)
    api.validate([CASES / "_base", cases[0]], Context(today=date(2018, 9, 1)), cache=store)
    assert store.runs == 1 and not store.misses


def test_cli_text_and_json_same_with_and_without_cache(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cache.ENV_FOLDER, raising=False)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.chdir(repo)
    plain = {fmt: runner.invoke(app, ["validate", "plans", "--today", "2026-01-01", "--format", fmt, "--no-cache"])
             for fmt in ("text", "json")}
    assert not (repo / cache.FOLDER).exists(), "--no-cache writes nothing"
    monkeypatch.setenv("OCOPCTL_NO_CACHE", "1")
    assert runner.invoke(app, ["validate", "plans", "--today", "2026-01-01"]).output == plain["text"].output
    assert not (repo / cache.FOLDER).exists(), "OCOPCTL_NO_CACHE=1 writes nothing"
    monkeypatch.delenv("OCOPCTL_NO_CACHE")
    for fmt in ("text", "json"):
        args = ["validate", "plans", "--today", "2026-01-01", "--format", fmt]
        cold, warm = runner.invoke(app, args), runner.invoke(app, args)
        assert plain[fmt].output == cold.output == warm.output
        assert plain[fmt].exit_code == cold.exit_code == warm.exit_code
    folder = repo / cache.FOLDER
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*" and _entries(folder)
    # The cache is no input: validating the whole repository, the cache inside it, finds the same.
    again = runner.invoke(app, ["validate", ".", "--today", "2026-01-01", "--format", "json", "--no-cache"])
    assert cache.FOLDER not in again.output
    done = runner.invoke(app, ["cache", "clean"])
    assert done.exit_code == 0 and not folder.exists(), done.output
    assert "no cache" in runner.invoke(app, ["cache", "clean"]).output


def test_ci_writes_no_cache_unless_told_where(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cache.ENV_FOLDER, raising=False)
    monkeypatch.setenv("CI", "true")
    monkeypatch.chdir(repo)
    assert runner.invoke(app, ["validate", "plans", "--today", "2026-01-01"]).exit_code in (0, 1)
    assert not (repo / cache.FOLDER).exists()
    assert cache.location([repo / "plans"]) is None
    monkeypatch.setenv(cache.ENV_FOLDER, str(repo.parent / "ci-cache"))
    assert cache.location([repo / "plans"]) == repo.parent / "ci-cache"


def test_clean_refuses_a_folder_that_is_not_a_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "precious").mkdir()
    (tmp_path / "precious" / "plan.yaml").write_text("kind: document\n")
    monkeypatch.setenv(cache.ENV_FOLDER, str(tmp_path / "precious"))
    done = runner.invoke(app, ["cache", "clean"])
    assert done.exit_code == 2 and done.output.startswith("ocopctl: ")
    assert (tmp_path / "precious" / "plan.yaml").exists()


def _run(repo: Path, folder: Path, effective_ignore: tuple[str, ...] = (), today: Context = TODAY,
         whole_runs: bool = True) -> tuple[tuple[str, str], cache.Cache]:
    from ocopctl import config

    store = cache.Cache(folder, whole_runs=whole_runs)
    policy = config.policy(Effective(Settings(ignore=list(effective_ignore)), {}, None))
    return _outputs(api.validate([repo / "plans"], today, policy=policy, cache=store)), store


def _fresh(repo: Path, effective_ignore: tuple[str, ...] = (), today: Context = TODAY) -> tuple[str, str]:
    from ocopctl import config

    policy = config.policy(Effective(Settings(ignore=list(effective_ignore)), {}, None))
    return _outputs(api.validate([repo / "plans"], today, policy=policy))


def test_edits_invalidate_what_they_must(repo: Path, tmp_path: Path) -> None:
    folder = tmp_path / "c"
    first, store = _run(repo, folder)
    files = store.misses
    # A plan file: that file alone is read again.
    plan = repo / "plans" / "ha-noi" / "2022-145-kh-ubnd.yaml"
    original = plan.read_text(encoding="utf-8")
    plan.write_text(original.replace("kind: document", "kind: document\nsurplus: 1", 1), encoding="utf-8")
    edited, store = _run(repo, folder)
    assert (store.misses, store.hits, store.runs) == (1, files - 1, 0)
    assert edited == _fresh(repo) != first and "surplus" in edited[0]
    plan.write_text(original, encoding="utf-8")  # back as it was: its first entries serve again
    restored, store = _run(repo, folder)
    assert store.misses == 0 and store.runs == 1 and restored == first
    # An agencies file: read again, and the checks of the plans that cite it see the change.
    agencies = repo / "plans" / "ha-noi" / "agencies.yaml"
    text = agencies.read_text(encoding="utf-8")
    agencies.write_text(text.replace("id: hn-snnptnt", "id: hn-gone"), encoding="utf-8")
    renamed, store = _run(repo, folder)
    assert (store.misses, store.hits, store.runs) == (1, files - 1, 0)
    assert renamed == _fresh(repo) != first and "hn-snnptnt" in renamed[0]
    # The configuration: nothing it sets changes what a file parses to, and the policy applies anew.
    code = next(d["code"] for d in json.loads(renamed[0])["diagnostics"] if "hn-snnptnt" in d["message"])
    ignored, store = _run(repo, folder, (code,))
    assert store.misses == store.runs == 0 and store.hits == files
    assert ignored == _fresh(repo, (code,)) != renamed and "hn-snnptnt" not in ignored[0]
    # The date checked against: the whole result is judged again.
    later = Context(today=date(2031, 1, 1))
    dated, store = _run(repo, folder, today=later)
    assert store.runs == 0 and dated == _fresh(repo, today=later) != renamed
    # The language: kept results hold messages by id and parameters; a run in Vietnamese is its own.
    from ocopctl import i18n

    i18n.set_language("vi")
    try:
        told, store = _run(repo, folder)
        assert store.runs == 0 and store.misses == files and told == _fresh(repo) != renamed
    finally:
        i18n.set_language("en")


def test_a_new_version_or_source_invalidates_every_entry(repo: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "c"
    _run(repo, folder)
    import importlib.metadata

    monkeypatch.setattr(importlib.metadata, "version", lambda name: "99.0")
    cache.code_stamp.cache_clear()
    try:
        _, store = _run(repo, folder)
        assert store.hits == 0 and store.misses > 10
        # The source of the package: one changed byte of a module makes a new stamp.
        package = tmp_path / "pkg"
        (package / "sub").mkdir(parents=True)
        (package / "sub" / "loader.py").write_text("A = 1\n")
        monkeypatch.setattr(cache, "__file__", str(package / "cache.py"))
        cache.code_stamp.cache_clear()
        before = cache.code_stamp()
        (package / "sub" / "loader.py").write_text("A = 2\n")
        cache.code_stamp.cache_clear()
        assert cache.code_stamp() != before
    finally:
        monkeypatch.undo()
        cache.code_stamp.cache_clear()


def test_a_corrupt_or_cut_entry_is_ignored_and_rewritten(repo: Path, tmp_path: Path) -> None:
    folder = tmp_path / "c"
    good, _ = _run(repo, folder)
    entries = _entries(folder)
    cut, flipped, foreign = entries[0], entries[1], entries[2]
    cut.write_bytes(cut.read_bytes()[:40])
    blob = bytearray(flipped.read_bytes())
    blob[-5] ^= 0xFF
    flipped.write_bytes(bytes(blob))
    foreign.write_bytes(entries[3].read_bytes())  # a valid entry under another key
    [whole] = (folder / "files").glob("*.run")
    whole.write_bytes(whole.read_bytes()[:-1])
    again, store = _run(repo, folder)
    assert again == good and store.misses == 3 and store.runs == 0
    _, store = _run(repo, folder)
    assert store.misses == 0 and store.runs == 1


def test_concurrent_runs_never_corrupt_the_cache(repo: Path, tmp_path: Path) -> None:
    folder = tmp_path / "c"
    env = {**os.environ, cache.ENV_FOLDER: str(folder)}
    command = [sys.executable, "-m", "ocopctl", "validate", str(repo / "plans"), "--today", "2026-01-01",
               "--format", "json"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, env=env) for _ in range(4)]
    outputs = {run.communicate()[0] for run in runs}
    assert len(outputs) == 1
    assert not [p for p in (folder / "files").iterdir() if p.name.startswith(".tmp-")]
    _, store = _run(repo, folder)
    assert store.misses == 0 and store.runs == 1
    _, store = _run(repo, folder, whole_runs=False)
    assert store.misses == 0 and store.hits > 10


def test_the_cache_stays_under_its_limit(repo: Path, tmp_path: Path) -> None:
    folder = tmp_path / "c"
    _run(repo, folder)
    entries = _entries(folder)
    sizes = sum(p.stat().st_size for p in entries)
    for n, p in enumerate(entries):
        os.utime(p, (1_000_000 + n, 1_000_000 + n))
    store = cache.Cache(folder)
    store._wrote = True
    store.finish(limit=sizes // 2)
    left = _entries(folder)
    assert sum(p.stat().st_size for p in left) <= sizes // 2 and left and entries[0] not in left
    assert entries[-1] in left  # the most recently used stay


def test_diagnostics_round_trip_with_their_positions(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: agencies\nkind: agencies\nagencies: []\n", encoding="utf-8")
    store = cache.Cache(tmp_path / "c")
    cold = store.load(bad)
    warm = cache.Cache(tmp_path / "c").load(bad)
    assert [Diagnostic.to_dict(d) for d in warm.diagnostics] == [Diagnostic.to_dict(d) for d in cold.diagnostics]
    assert cold.diagnostics and warm.data == cold.data and warm.kind == cold.kind


BODY = "kind: agencies\nagencies:\n  - id: a\n    name: x\n    level: tỉnh\n    nam: y\n"


def test_positions_of_a_file_changed_since_it_loaded_are_not_kept(tmp_path: Path) -> None:
    plan = tmp_path / "bad.yaml"
    plan.write_text(BODY, encoding="utf-8")
    store = cache.Cache(tmp_path / "c")
    loaded = store.load(plan)
    [finding] = loaded.diagnostics
    plan.write_text("\n\n" + BODY, encoding="utf-8")
    loaded.locate(finding)
    assert finding.line == 8 and not list((tmp_path / "c" / "files").glob("*.pos"))
    plan.write_text(BODY, encoding="utf-8")
    again = store.load(plan)
    again.locate(again.diagnostics[0])
    assert again.diagnostics[0].line == 6 and len(list((tmp_path / "c" / "files").glob("*.pos"))) == 1


def test_messages_round_trip_by_msgid_and_parameters() -> None:
    import marshal
    from decimal import Decimal

    from ocopctl.i18n import Count, IsoDay, Joined, Msg, Number

    nested = Msg("task {task} ({title}) has no lead agency", task=repr("1.2"), title=Msg(
        "{n} at {day} of {share}, {k} in {list} on {iso}", n=Number(1330.5, 1), day=date(2018, 7, 17),
        share=Decimal("75.4"), k=Count(1200), list=Joined([Msg("error"), Number(2500)]), iso=IsoDay(date(2020, 1, 2))))
    back = cache.decode(marshal.loads(marshal.dumps(cache.encode(nested))))
    assert type(back) is Msg and back == nested and back.msgid == nested.msgid
    assert back.localized("vi") == nested.localized("vi") != str(nested)
    assert back.localized("vi").startswith("nhiệm vụ '1.2' (1.330,5 at 17/07/2018")
    assert [type(v) for v in back.params["title"].params.values()] == [Number, date, Decimal, Count, Joined, IsoDay]
    for other in (object(), type("Text", (str,), {})("x"), {1}, Path("x")):
        with pytest.raises(ValueError):
            cache.encode(other)


def test_a_kept_result_is_told_in_vietnamese(tmp_path: Path) -> None:
    from ocopctl import i18n

    paths = [CASES / "_base", CASES / "OC201" / "fail-no-lead"]
    i18n.set_language("vi")
    try:
        plain = _outputs(api.validate(paths, TODAY))
        api.validate(paths, TODAY, cache=cache.Cache(tmp_path / "c"))
        store = cache.Cache(tmp_path / "c")
        warm = _outputs(api.validate(paths, TODAY, cache=store))
    finally:
        i18n.set_language("en")
    assert store.runs == 1 and warm == plain and "chưa có cơ quan chủ trì" in warm[1]


@pytest.mark.parametrize("whole_runs", [True, False])
def test_golden_outputs_through_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, whole_runs: bool) -> None:
    """The reviewed golden files, in English and Vietnamese, from a cold and a warm cache: a
    result kept in English is told in Vietnamese from its msgids and parameters."""
    from ocopctl import i18n

    golden = ROOT / "tests" / "golden"
    today = date(2026, 1, 1)
    text = (golden / "regenerate.py").read_text(encoding="utf-8")
    assert f"TODAY = date({today.year}, {today.month}, {today.day})" in text
    monkeypatch.chdir(ROOT)
    for run in ("cold", "warm"):
        store = cache.Cache(tmp_path / "c", whole_runs=whole_runs)
        result = api.validate([Path("plans")], Context(today=today), cache=store)
        assert (store.runs, store.misses == 0) == ((1, True) if whole_runs and run == "warm" else (0, run == "warm"))
        for lang, suffix in (("en", ""), ("vi", ".vi")):
            i18n.set_language(lang)
            try:
                assert formatters.to_text(result, width=200) == (golden / f"validate{suffix}.txt").read_text("utf-8")
                assert formatters.to_json(result) == (golden / f"validate{suffix}.json").read_text("utf-8")
            finally:
                i18n.set_language("en")


def test_a_file_changed_during_a_run_keeps_no_whole_result(repo: Path, tmp_path: Path) -> None:
    from ocopctl.loader import discover

    folder = tmp_path / "c"
    last = discover([repo / "plans"])[0][-1]
    original = last.read_bytes()

    def edit_the_last_file(done: int, total: int) -> None:  # after the run's key, before it is read
        if done == 1:
            last.write_bytes(original + b"\nsurplus: 1\n")

    api.validate([repo / "plans"], TODAY, cache=cache.Cache(folder), progress=edit_the_last_file)
    assert not list((folder / "files").glob("*.run"))
    last.write_bytes(original)  # as it was when the key was made: that key must not give the edited result
    again, store = _run(repo, folder)
    assert again == _fresh(repo) and "surplus" not in again[0] and store.runs == 0


def test_the_files_the_cache_lacks_are_parsed_by_the_pool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ocopctl import parallel

    plans = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", plans)
    plain = _outputs(api.validate([plans], TODAY))
    asked: list[int] = []
    real = parallel.load_files

    def counted(paths: list[Path], *args: object, **kwargs: object) -> list[LoadedFile]:
        asked.append(len(paths))
        return real(paths, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "load_files", counted)
    monkeypatch.setenv("OCOPCTL_JOBS", "2")  # two workers, whatever the size
    store = cache.Cache(tmp_path / "c", whole_runs=False)
    assert _outputs(api.validate([plans], TODAY, cache=store)) == plain
    assert asked == [store.misses] and store.misses > 10  # every miss, in one batch
    plan = plans / "hai-phong" / "2018-192-kh-ubnd.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    store = cache.Cache(tmp_path / "c", whole_runs=False)
    assert _outputs(api.validate([plans], TODAY, cache=store)) == plain
    assert asked[-1] == store.misses == 1 and store.hits > 10  # the edited file alone is parsed again
