"""The safe writer: atomic replace, backups, link and SOPS refusal, all-or-nothing over several files."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from bbvalues.documents import write as write_module
from bbvalues.documents.write import write_files
from bbvalues.errors import BBValuesError


@pytest.fixture
def two_files(tmp_path):
    a = tmp_path / "a.yaml"
    b = tmp_path / "b.yaml"
    a.write_bytes(b"a: 1\r\n")
    b.write_bytes(b"b: 1")
    return a, b


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if "bbvalues-tmp" in p.name)


def test_writes_atomically_with_backup_and_keeps_mode(two_files):
    a, b = two_files
    os.chmod(a, 0o640)
    report = write_files({a: "a: 2\r\n", b: "b: 2"})
    assert a.read_bytes() == b"a: 2\r\n" and b.read_bytes() == b"b: 2"
    assert (a.parent / "a.yaml.bak").read_bytes() == b"a: 1\r\n"
    assert stat.S_IMODE(a.stat().st_mode) == 0o640
    assert report.written == [a, b] and report.backups == [a.parent / "a.yaml.bak", b.parent / "b.yaml.bak"]
    assert _leftovers(a.parent) == []


def test_paths_given_as_strings_come_back_as_strings(two_files, monkeypatch):
    a, b = two_files
    monkeypatch.chdir(a.parent)
    report = write_files({"a.yaml": "a: 2\n", str(b): "b: 1"}, inputs=["a.yaml"])
    assert a.read_text() == "a: 2\n" and (a.parent / "a.yaml.bak").read_bytes() == b"a: 1\r\n"
    assert report.written == ["a.yaml"] and report.backups == ["a.yaml.bak"] and report.unchanged == [str(b)]
    assert _leftovers(a.parent) == []


def test_unchanged_file_is_not_rewritten(two_files):
    a, _ = two_files
    before = a.stat().st_mtime_ns, a.stat().st_ino
    report = write_files({a: "a: 1\r\n"})
    assert report.unchanged == [a] and report.written == []
    assert (a.stat().st_mtime_ns, a.stat().st_ino) == before
    assert not (a.parent / "a.yaml.bak").exists()


def test_bom_is_written_back(tmp_path):
    path = tmp_path / "v.yaml"
    path.write_bytes("\ufeffa: 1\n".encode())
    write_files({path: "\ufeffa: 2\n"}, backup=False)
    assert path.read_bytes() == b"\xef\xbb\xbfa: 2\n"


def test_existing_backup_needs_force(two_files):
    a, b = two_files
    (a.parent / "a.yaml.bak").write_bytes(b"old backup")
    with pytest.raises(BBValuesError, match="already exists; remove it, pass --force"):
        write_files({a: "a: 2\r\n", b: "b: 2"})
    assert a.read_bytes() == b"a: 1\r\n" and b.read_bytes() == b"b: 1"  # nothing changed, not even b
    write_files({a: "a: 2\r\n"}, force=True)
    assert (a.parent / "a.yaml.bak").read_bytes() == b"a: 1\r\n"


def test_no_backup(two_files):
    a, _ = two_files
    write_files({a: "a: 3\n"}, backup=False)
    assert not (a.parent / "a.yaml.bak").exists()


def test_symlink_output_is_refused(two_files):
    a, _ = two_files
    link = a.parent / "link.yaml"
    link.symlink_to(a)
    with pytest.raises(BBValuesError, match="symbolic link to") as caught:
        write_files({link: "a: 9\n"})
    assert str(link) in caught.value.message
    assert a.read_bytes() == b"a: 1\r\n"


def test_output_that_is_an_input_through_a_hard_link_is_refused(two_files):
    a, _ = two_files
    other = a.parent / "other.yaml"
    os.link(a, other)
    with pytest.raises(BBValuesError, match="hard links"):
        write_files({other: "a: 9\n"}, inputs=[a])


def test_output_that_is_an_input_through_a_linked_directory_is_refused(tmp_path, two_files):
    a, _ = two_files
    linked_dir = tmp_path / "linked"
    linked_dir.symlink_to(a.parent, target_is_directory=True)
    with pytest.raises(BBValuesError, match="same file as"):
        write_files({linked_dir / "a.yaml": "a: 3\n"}, inputs=[a])
    with pytest.raises(BBValuesError, match="same file as"):
        write_files({a: "a: 2\n", linked_dir / "a.yaml": "a: 3\n"})
    assert a.read_bytes() == b"a: 1\r\n"


@pytest.mark.parametrize(("name", "content", "words"), [
    ("secret.enc.yaml", "a: 1\n", "name says it is SOPS-encrypted"),
    ("values.yaml", "a: ENC[AES256_GCM,data:abc=,iv:x,tag:y,type:str]\n", "ENC[...]"),
    ("values.yaml", "a: 1\nsops:\n  version: 3.8.1\n", "SOPS metadata"),
])
def test_sops_files_are_never_written(tmp_path, name, content, words):
    path = tmp_path / name
    path.write_text("a: 0\n")
    with pytest.raises(BBValuesError) as caught:
        write_files({path: content})
    assert words in caught.value.message
    assert path.read_text() == "a: 0\n"


def test_encrypted_file_on_disk_is_not_overwritten(tmp_path):
    path = tmp_path / "values.yaml"
    path.write_text("a: ENC[AES256_GCM,data:x]\nsops:\n  mac: x\n")
    with pytest.raises(BBValuesError, match="is SOPS-encrypted"):
        write_files({path: "a: 1\n"})


def test_file_changed_since_read_is_refused(two_files):
    a, _ = two_files
    with pytest.raises(BBValuesError, match="changed since bbvalues read it"):
        write_files({a: "a: 2\n"}, expected={a: "something else"})


def test_every_problem_is_listed_and_nothing_written(tmp_path, two_files):
    a, b = two_files
    (a.parent / "a.yaml.bak").write_text("x")
    bad = tmp_path / "s.enc.yaml"
    with pytest.raises(BBValuesError) as caught:
        write_files({a: "a: 2\n", bad: "x: 1\n", b: "b: 2"})
    first, also = caught.value.message.split("\n")  # the first problem names its file on the error line
    assert first.startswith(f"{a}: backup") and also.startswith(f"  also {bad}: ")
    assert b.read_bytes() == b"b: 1" and not bad.exists()


def test_failure_while_staging_changes_nothing(two_files, monkeypatch):
    a, b = two_files
    real = write_module._stage
    calls = []

    def failing(path, data, mode):
        calls.append(path)
        if len(calls) == 3:
            raise OSError(28, "No space left on device", str(path))
        return real(path, data, mode)

    monkeypatch.setattr(write_module, "_stage", failing)
    with pytest.raises(BBValuesError, match="No space left on device; nothing was changed"):
        write_files({a: "a: 2\n", b: "b: 2"})
    assert a.read_bytes() == b"a: 1\r\n" and b.read_bytes() == b"b: 1"
    assert _leftovers(a.parent) == [] and not (a.parent / "a.yaml.bak").exists()


def test_failure_while_renaming_restores_the_files_already_replaced(two_files, monkeypatch):
    a, b = two_files
    real = os.replace
    calls = []

    def failing(src, dst):
        calls.append(dst)
        if Path(dst) == b:
            raise OSError(13, "Permission denied", str(dst))
        return real(src, dst)

    monkeypatch.setattr(write_module.os, "replace", failing)
    with pytest.raises(BBValuesError, match="were restored"):
        write_files({a: "a: 2\n", b: "b: 2"})
    monkeypatch.setattr(write_module.os, "replace", real)
    assert a.read_bytes() == b"a: 1\r\n" and b.read_bytes() == b"b: 1"
    assert not (a.parent / "a.yaml.bak").exists() and not (a.parent / "b.yaml.bak").exists()
    assert _leftovers(a.parent) == []


def test_new_target_file_is_created(tmp_path):
    path = tmp_path / "overrides.yaml"
    report = write_files({path: "a: 1\n"})
    assert path.read_text() == "a: 1\n" and report.backups == []


def test_read_only_directory_is_refused_up_front(tmp_path):
    """Refused for root too: a directory nobody may write to says "keep", whatever root could do."""
    path = tmp_path / "ro" / "v.yaml"
    path.parent.mkdir()
    path.write_text("a: 1\n")
    os.chmod(path.parent, 0o555)
    try:
        with pytest.raises(BBValuesError, match="permission denied"):
            write_files({path: "a: 2\n"})
    finally:
        os.chmod(path.parent, 0o755)


def test_a_staged_file_is_new_private_and_named_after_its_target(tmp_path, monkeypatch):
    target = tmp_path / "values.yaml"
    names = iter([b"\x00" * 6, b"\x00" * 6, b"\x01" * 6])  # the second name is taken: another is drawn
    monkeypatch.setattr(write_module.os, "urandom", lambda size: next(names))
    first_fd, first = write_module._create_beside(target)
    second_fd, second = write_module._create_beside(target)
    os.close(first_fd), os.close(second_fd)
    assert Path(first).name == f".values.yaml.000000000000{write_module.TEMP_SUFFIX}"
    assert Path(second).name == f".values.yaml.010101010101{write_module.TEMP_SUFFIX}"
    assert Path(first).parent == tmp_path and stat.S_IMODE(os.stat(first).st_mode) == 0o600


def test_staging_gives_up_when_every_name_is_taken(tmp_path, monkeypatch):
    monkeypatch.setattr(write_module.os, "urandom", lambda size: b"\x00" * size)
    os.close(write_module._create_beside(tmp_path / "values.yaml")[0])
    with pytest.raises(FileExistsError):
        write_module._create_beside(tmp_path / "values.yaml")


@pytest.mark.parametrize("text, data, holds", [
    ("a: 1\n", b"a: 1\n", True), ("a: 1\n", b"a: 1\n ", False), ("a: 1\n", b"a: 1", False), ("", b"", True),
    ("\ufeffé: ü\n", "\ufeffé: ü\n".encode(), True), ("\ufffd", b"\xff", False), ("x" * 70000, b"x" * 70000, True),
    ("x" * 70000 + "é", b"x" * 70000 + "e".encode(), False), ("a", None, False),
])
@pytest.mark.parametrize("source", ["bytes", "file"])
def test_the_check_that_a_file_is_unchanged_compares_every_byte(text, data, holds, source, tmp_path, monkeypatch):
    monkeypatch.setattr(write_module, "_CHUNK_CHARS", 7)  # many pieces per text, multi-byte characters among them
    if source == "file" and data is not None:
        (tmp_path / "f").write_bytes(data)
        with open(tmp_path / "f", "rb") as handle:
            assert write_module._holds_text(handle, text) is holds
    else:
        assert write_module._holds_text(data, text) is holds


# What the in-place editor passes: the text each file held when it was read (`expected`). The file is compared
# with it as it is read, and its backup and any restore are written from that text, a piece at a time.

_OLD = "# é ü\r\n" + "a: 1\r\n" * 30
_NEW = "# é ü\r\n" + "a: 2\r\n" * 30


@pytest.fixture
def read_as_text(tmp_path, monkeypatch):
    monkeypatch.setattr(write_module, "_CHUNK_CHARS", 7)
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_bytes(_OLD.encode())
    b.write_bytes(b"b: 1\n")
    return a, b


def test_a_file_read_as_text_is_written_and_backed_up_from_the_texts(read_as_text):
    a, _ = read_as_text
    report = write_files({a: _NEW}, expected={a: _OLD})
    assert a.read_bytes() == _NEW.encode() and (a.parent / "a.yaml.bak").read_bytes() == _OLD.encode()
    assert report.written == [a]


def test_a_file_read_as_text_and_left_as_it_was_is_not_touched(read_as_text):
    a, _ = read_as_text
    before = a.stat().st_mtime_ns, a.stat().st_ino
    assert write_files({a: _OLD}, expected={a: _OLD}).unchanged == [a]
    assert (a.stat().st_mtime_ns, a.stat().st_ino) == before and not (a.parent / "a.yaml.bak").exists()


@pytest.mark.parametrize("on_disk", [_OLD[:-1].encode(), (_OLD + " ").encode(), _OLD.replace("é", "e").encode(), None])
def test_a_file_read_as_text_and_changed_or_removed_since_is_refused(read_as_text, on_disk):
    a, _ = read_as_text
    if on_disk is None:
        a.unlink()
    else:
        a.write_bytes(on_disk)
    with pytest.raises(BBValuesError, match="changed since bbvalues read it"):
        write_files({a: _NEW}, expected={a: _OLD})
    assert not a.exists() if on_disk is None else a.read_bytes() == on_disk


def test_a_file_read_as_text_that_is_encrypted_is_refused(read_as_text):
    a, _ = read_as_text
    encrypted = "a: ENC[AES256_GCM,data:x]\nsops:\n  mac: x\n"
    a.write_text(encrypted)
    with pytest.raises(BBValuesError, match="is SOPS-encrypted"):
        write_files({a: "a: 1\n"}, expected={a: encrypted})


def test_a_file_read_as_text_is_restored_from_it_when_a_rename_fails(read_as_text, monkeypatch):
    a, b = read_as_text
    real = os.replace

    def failing(src, dst):
        if Path(dst) == b:
            raise OSError(13, "Permission denied", str(dst))
        return real(src, dst)

    monkeypatch.setattr(write_module.os, "replace", failing)
    with pytest.raises(BBValuesError, match="were restored"):
        write_files({a: _NEW, b: "b: 2\n"}, expected={a: _OLD, b: "b: 1\n"})
    assert a.read_bytes() == _OLD.encode() and b.read_bytes() == b"b: 1\n"
    assert _leftovers(a.parent) == []
