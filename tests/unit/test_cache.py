"""The cache of validated records: used when files are unchanged, rebuilt when not."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT, run_cli
from trialcmp import cache, validate
from trialcmp.collection import load_collection
from trialcmp.problems import Problem, Severity

VALID = FIXTURES / "trials" / "valid"


@pytest.fixture
def trials(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TRIALCMP_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "trials"
    folder.mkdir()
    for name in ("NCT00000001.yaml", "NCT00000002.yaml"):
        shutil.copy(VALID / name, folder / name)
    return folder


def count_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    checked: list[str] = []
    real = validate.load_and_check

    def counting(path: Path) -> object:
        checked.append(path.name)
        return real(path)

    monkeypatch.setattr(validate, "load_and_check", counting)
    return checked


def test_an_unchanged_collection_is_not_parsed_again(
    trials: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_collection(trials)
    checked = count_checks(monkeypatch)
    again = load_collection(trials)
    assert checked == []
    assert [t.record for t in again] == [t.record for t in first]
    assert [t.path for t in again] == [t.path for t in first]


def test_a_changed_file_is_checked_alone(trials: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_collection(trials)
    path = trials / "NCT00000002.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  ", "  ", 1) + "\n")
    checked = count_checks(monkeypatch)
    load_collection(trials)
    assert checked == ["NCT00000002.yaml"]


def test_a_corrupt_or_stale_cache_is_rebuilt_silently(
    trials: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_collection(trials)
    target = cache.cache_file(trials)
    for damage in (b"\x00garbage", b'{"code": "old", "files": {}}', b"[]", b""):
        target.write_bytes(damage)
        checked = count_checks(monkeypatch)
        assert len(load_collection(trials)) == 2
        assert sorted(checked) == ["NCT00000001.yaml", "NCT00000002.yaml"]
        assert json.loads(target.read_bytes())["code"] == cache.code_digest()


def test_the_cache_is_json_keyed_by_size_and_mtime(trials: Path) -> None:
    load_collection(trials)
    doc = json.loads(cache.cache_file(trials).read_bytes())
    entry = doc["files"][str((trials / "NCT00000001.yaml").resolve())]
    stat = (trials / "NCT00000001.yaml").stat()
    assert (entry["size"], entry["mtime_ns"]) == (stat.st_size, stat.st_mtime_ns)
    assert entry["data"]["id"] == "NCT00000001"
    assert [p.name for p in cache.cache_file(trials).parent.iterdir()] == [
        cache.cache_file(trials).name
    ]  # the temporary file of the atomic write is gone


def test_an_unwritable_cache_folder_is_not_an_error(trials: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    os.environ["TRIALCMP_CACHE_DIR"] = str(blocker)  # restored by monkeypatch in `trials`
    assert len(load_collection(trials)) == 2


def test_no_cache_option_writes_nothing(trials: Path) -> None:
    run = run_cli("--no-cache", "--data-dir", str(trials), "list", "--format", "csv")
    assert run.exit_code == 0
    assert not cache.cache_file(trials).exists()
    run_cli("--data-dir", str(trials), "list", "--format", "csv")
    assert cache.cache_file(trials).exists()


def test_patient_data_never_reaches_the_cache(trials: Path) -> None:
    patient = ROOT / "examples" / "eligible-nct07003555.yaml"
    run = run_cli("--data-dir", str(trials), "check", "--patient", str(patient))
    assert run.exit_code == 0
    written = b"".join(p.read_bytes() for p in cache.cache_file(trials).parent.iterdir())
    assert b"eligible-nct07003555" not in written


def test_a_warm_load_decodes_straight_into_the_typed_model(trials: Path) -> None:
    import msgspec

    from trialcmp import model

    cold = load_collection(trials)
    warm = load_collection(trials)
    # the record's JSON is kept undecoded until the record is read
    assert all(isinstance(t.document, msgspec.Raw) for t in warm)
    assert [t.record for t in warm] == [t.record for t in cold]
    assert all(isinstance(t.record, model.Trial) for t in warm)


def test_a_cached_record_that_does_not_fit_the_model_is_checked_again(
    trials: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = load_collection(trials)
    target = cache.cache_file(trials)
    doc = json.loads(target.read_bytes())
    key = str((trials / "NCT00000001.yaml").resolve())
    doc["files"][key]["data"] = {"id": "NCT00000001", "title": 7}
    target.write_text(json.dumps(doc))
    checked = count_checks(monkeypatch)
    warm = load_collection(trials)
    assert [t.id for t in warm] == ["NCT00000001", "NCT00000002"]
    assert checked == []  # the record is decoded only when read
    assert [t.record for t in warm] == [t.record for t in cold]
    assert checked == ["NCT00000001.yaml"]  # its file, checked again when it did not fit
    assert not target.exists()  # and the cache dropped...
    checked.clear()
    assert [t.record for t in load_collection(trials)] == [t.record for t in cold]
    assert sorted(checked) == ["NCT00000001.yaml", "NCT00000002.yaml"]  # ...and rebuilt
    assert target.exists()


def test_a_cached_record_whose_file_became_invalid_is_refused(
    trials: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trialcmp.errors import DataInvalidError

    load_collection(trials)
    target = cache.cache_file(trials)
    doc = json.loads(target.read_bytes())
    key = str((trials / "NCT00000001.yaml").resolve())
    doc["files"][key]["data"] = {"id": "NCT00000001", "title": 7}
    target.write_text(json.dumps(doc))
    warm = load_collection(trials)
    monkeypatch.setattr(validate, "load_and_check", lambda path: (None, [_error(path)]))
    with pytest.raises(DataInvalidError, match=r"NCT00000001\.yaml is invalid"):
        _ = warm.trials[0].record


def _error(path: Path) -> Problem:
    return Problem(str(path), 1, 1, "$", "broken", Severity.ERROR, "test")


def test_a_warm_show_decodes_only_the_record_it_shows(
    trials: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_collection(trials)
    decoded: list[str] = []
    real = cache.decode_record

    def counting(document: object) -> object:
        record = real(document)  # type: ignore[arg-type]
        decoded.append(record.id)
        return record

    monkeypatch.setattr(cache, "decode_record", counting)
    run = run_cli("--data-dir", str(trials), "show", "NCT00000002")
    assert run.exit_code == 0
    assert decoded in ([], ["NCT00000002"])  # none while show reads the document's dict
    decoded.clear()
    assert run_cli("--data-dir", str(trials), "list").exit_code == 0
    assert sorted(decoded) == ["NCT00000001", "NCT00000002"]


def test_files_are_named_as_the_user_sees_them_and_keyed_by_their_real_path(
    trials: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (trials / "NCT00000002.yaml").rename(elsewhere / "NCT00000002.yaml")
    (trials / "NCT00000002.yaml").symlink_to(elsewhere / "NCT00000002.yaml")
    monkeypatch.chdir(tmp_path)
    for folder in (Path("trials"), trials):
        collection = load_collection(folder)
        assert [t.path for t in collection] == [
            str(Path("trials") / "NCT00000001.yaml"),
            str(Path("trials") / "NCT00000002.yaml"),
        ]
    monkeypatch.chdir(trials)
    assert [t.path for t in load_collection(Path())] == ["NCT00000001.yaml", "NCT00000002.yaml"]
    files = json.loads(cache.cache_file(trials).read_bytes())["files"]
    assert sorted(files) == sorted(
        [str(trials.resolve() / "NCT00000001.yaml"), str(elsewhere.resolve() / "NCT00000002.yaml")]
    )


def digest_of(package: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """`code_digest` as if the package were installed in `package`."""
    monkeypatch.setattr(cache, "__file__", str(package / "cache.py"))
    cache.code_digest.cache_clear()
    try:
        return cache.code_digest()
    finally:
        cache.code_digest.cache_clear()


def test_a_changed_module_changes_the_code_digest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "trialcmp"
    shutil.copytree(Path(cache.__file__).parent, package, copy_function=shutil.copy2)
    before = digest_of(package, monkeypatch)
    assert digest_of(package, monkeypatch) == before  # nothing changed: the same digest
    (package / "__pycache__").mkdir(exist_ok=True)
    (package / "__pycache__" / "x.pyc").write_bytes(b"compiled")
    assert digest_of(package, monkeypatch) == before  # compiled files do not count
    module = package / "model" / "__init__.py"
    stat = module.stat()
    os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    touched = digest_of(package, monkeypatch)
    assert touched != before  # an edit (or a checkout) changes the mtime
    module.write_bytes(module.read_bytes() + b"\n")
    os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert digest_of(package, monkeypatch) not in (before, touched)  # or the size
    (package / "new_module.py").write_text("")
    assert digest_of(package, monkeypatch) not in (before, touched)  # a module added


def test_a_cache_written_by_other_code_is_rebuilt(
    trials: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_collection(trials)
    monkeypatch.setattr(cache, "code_digest", lambda: "another version of the code")
    checked = count_checks(monkeypatch)
    assert len(load_collection(trials)) == 2
    assert sorted(checked) == ["NCT00000001.yaml", "NCT00000002.yaml"]


def test_the_folder_scan_finds_what_discover_finds(trials: Path, tmp_path: Path) -> None:
    from trialcmp.collection_entries import scan
    from trialcmp.files import discover

    (trials / "b.yml").write_text("id: x\n")
    (trials / "notes.txt").write_text("x")
    (trials / ".yaml").write_text("x")
    (trials / "folder.yaml").mkdir()
    (trials / "broken.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (tmp_path / "target.yaml").write_text("id: y\n")
    (trials / "a-link.yaml").symlink_to(tmp_path / "target.yaml")
    files, _ = discover([trials])
    scanned = scan(trials)
    assert [path for path, _, _, _ in scanned.values()] == files
    assert list(scanned) == [str(p.resolve()) for p in files]
    stat = (tmp_path / "target.yaml").stat()
    assert scanned[str(tmp_path / "target.yaml")][2:] == (stat.st_size, stat.st_mtime_ns)
