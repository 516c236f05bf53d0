"""Write edited values files safely: all of them or none.

`write_files` is a transaction over several files. It first checks every file (links, SOPS,
existing backups, files changed behind our back, permissions) and refuses the whole set if any
check fails. Then it stages each new content in a temporary file in the same directory (same
filesystem, so the final rename is atomic), with the original file mode, fsynced. Only when every
file is staged are the backups renamed into place and made durable, then the files; if a rename
still fails (or the run is interrupted), the files already replaced are put back. A file whose
content would not change is not touched at all.

So whenever the process dies, each file is its old or its new version, and a replaced file has
its `.bak`. A kill can leave a staged `.<name>.*.bbvalues-tmp` file behind, which no values glob
matches. Devices and pipes (`/dev/stdout`, a FIFO) have nothing to replace: `write_stream` writes
to them directly, and `write_files` refuses them.

Paths are strings or `pathlib.Path`s, and a report gives them back as they were given (a backup's as
its file's): the module works with `os.path`, as pathlib's imports were a tenth of an in-place call.
"""

from __future__ import annotations

import errno
import io
import os
import stat

from bbvalues.errors import BBValuesError
from bbvalues.patterns import Pattern
from bbvalues.records import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Iterable, Mapping, Union

    AnyPath = Union[str, os.PathLike]

BACKUP_SUFFIX = ".bak"
_CHUNK_CHARS = 1 << 16  # a big text is encoded and compared this many characters at a time
TEMP_SUFFIX = ".bbvalues-tmp"  # staged files: `.<name>.<random>.bbvalues-tmp`, never matched by *.yaml
_SOPS_METADATA = Pattern(r"(?m)^sops:[ \t]*(#.*)?\r?$")
_SOPS_VALUE = Pattern(r"ENC\[[A-Z0-9_]+,data:")
# Names the SOPS-encrypted copy of a file gets in Big Bang's template repository (`*.enc.yaml`):
# plain text written there would be committed in the clear.
_SOPS_NAMES = (".enc.yaml", ".enc.yml", ".sops.yaml", ".sops.yml")


# Records, not dataclasses (bbvalues.records says why).

class WriteReport(Record):
    """What `write_files` did."""

    __slots__ = ("backups", "unchanged", "written")

    def __init__(self, written: list[AnyPath] | None = None, backups: list[AnyPath] | None = None,
                 unchanged: list[AnyPath] | None = None):
        self.written = [] if written is None else written
        self.backups = [] if backups is None else backups
        self.unchanged = [] if unchanged is None else unchanged

    __hash__ = None  # unhashable: its lists are filled after it is made


class _Planned(Record):
    """One file to write: its new text, and what it holds now (None for a new file): the text bbvalues read
    from it, or its bytes when it was not read."""

    __slots__ = ("backup", "backup_original", "mode", "original", "path", "staged", "staged_backup", "text")

    def __init__(self, path: AnyPath, text: str, original: str | bytes | None, mode: int, backup: AnyPath | None,
                 backup_original: bytes | None = None, staged: str | None = None, staged_backup: str | None = None):
        self.path, self.text, self.original, self.mode, self.backup = path, text, original, mode, backup
        self.backup_original, self.staged, self.staged_backup = backup_original, staged, staged_backup

    __hash__ = None  # unhashable: staging and committing fill it in


def backup_path(path: AnyPath) -> AnyPath:
    """`<file>.bak`, a string or a `pathlib.Path` as `path` is."""
    return type(path)(os.fspath(path) + BACKUP_SUFFIX)


def write_files(changes: Mapping[AnyPath, str], *, backup: bool = True, force: bool = False,
                inputs: Iterable[AnyPath] = (), expected: Mapping[AnyPath, str] | None = None) -> WriteReport:
    """Write every `path -> text` in `changes` atomically, or none of them.

    - `backup`: copy each changed file to `<file>.bak` first; an existing `.bak` is only replaced
      with `force`.
    - `inputs`: the files the values were read from; an output that is one of them through a link
      (symlink or hard link) is refused, so one write cannot silently change another input.
    - `expected`: the text each file had when it was read (BOM kept); a file changed since is refused.

    Raises BBValuesError listing every problem when anything is refused; nothing is written then.
    """
    report = WriteReport()
    planned, problems = _check_all(changes, backup, force, list(inputs), expected or {}, report)
    if problems:
        more = "".join(f"\n  also {problem}" for problem in problems[1:])
        raise BBValuesError(f"{problems[0]}; nothing was written{more}",
                            hint="fix the problem" + ("s above" if more else "") + " and run again")
    _stage_all(planned)
    _commit_all(planned)
    for item in planned:
        report.written.append(item.path)
        if item.backup is not None:
            report.backups.append(item.backup)
    return report


# -- checks ------------------------------------------------------------------------------------------

def _check_all(changes, backup, force, inputs, expected, report) -> tuple[list[_Planned], list[str]]:
    planned: list[_Planned] = []
    problems: list[str] = []
    seen: list[AnyPath] = []
    for path, text in changes.items():
        problem = (_link_problem(path, seen, inputs) or _sops_problem(path, text) or _directory_problem(path))
        if problem:
            problems.append(f"{path}: {problem}")
            continue
        seen.append(path)
        original = _read_existing(path, problems) if path not in expected else _unchanged(path, expected[path], problems)
        if original is _REFUSED:
            continue
        if _holds_sops_metadata(original):
            problems.append(f"{path}: is SOPS-encrypted; bbvalues never writes encrypted files")
            continue
        if _same_content(original, text):
            report.unchanged.append(path)
            continue
        mode = stat.S_IMODE(os.stat(path).st_mode) if original is not None else _default_mode()
        item = _Planned(path, text, original, mode, backup_path(path) if backup and original is not None else None)
        if item.backup is not None:
            problem = _backup_problem(item, force)
            if problem:
                problems.append(f"{path}: {problem}")
                continue
        planned.append(item)
    return planned, problems


_REFUSED = object()  # a file the checks refused: its problem is on the list


def _read_existing(path: AnyPath, problems: list[str]):
    """The file's bytes, None when there is no file, or `_REFUSED`."""
    try:
        return _read_bytes(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        problems.append(f"{path}: cannot read: {exc.strerror}")
        return _REFUSED


def _read_bytes(path: AnyPath) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def _unchanged(path: AnyPath, text: str, problems: list[str]):
    """`text`, the file's content when it was read, if the file still holds it; else `_REFUSED`.

    Compared as it is read, a piece at a time: the in-place editor holds the old and the new text
    already, and a copy of the file's bytes would be one more copy of a big file."""
    try:
        with open(path, "rb") as handle:
            holds = _holds_text(handle, text)
    except FileNotFoundError:
        holds = False
    except OSError as exc:
        problems.append(f"{path}: cannot read: {exc.strerror}")
        return _REFUSED
    if not holds:
        problems.append(f"{path}: changed since bbvalues read it; run bbvalues again")
        return _REFUSED
    return text


def _link_problem(path: AnyPath, seen: list[AnyPath], inputs: list[AnyPath]) -> str | None:
    if os.path.islink(path):
        return (f"is a symbolic link to {os.readlink(path)}; writing it would replace the link "
                "(or change the file behind it): give the real file")
    if not os.path.exists(path):
        return None
    if os.path.isdir(path):
        return "is a directory"
    if not os.path.isfile(path):
        return "is not a regular file (a device, a pipe or a socket); bbvalues only replaces regular files"
    if not _writable(path):
        return "is read-only; bbvalues does not replace a file its owner protected (make it writable first)"
    links = os.stat(path).st_nlink
    if links > 1:
        return f"has {links} hard links; replacing it would split them: edit it by hand or break the link first"
    for other in seen + inputs:
        if os.path.exists(other) and os.path.abspath(other) != os.path.abspath(path) and os.path.samefile(other, path):
            return f"is the same file as {other} (through a link); refusing to write one input through another"
    return None


def _writable(path: AnyPath) -> bool:
    """Writable by us, and not read-only for everyone: root may write anywhere, but a chmod a-w means "keep"."""
    return os.access(path, os.W_OK | (os.X_OK if os.path.isdir(path) else 0)) and bool(os.stat(path).st_mode & 0o222)


def _sops_problem(path: AnyPath, text: str) -> str | None:
    if os.path.basename(path).endswith(_SOPS_NAMES):
        return ("the name says it is SOPS-encrypted; writing plain text there would commit secrets "
                "in the clear (edit the decrypted file and encrypt it with sops)")
    # a search for one character (memchr) first: ten times a string's speed on a big text
    if _has_sops_metadata(text) or ("[" in text and "ENC[" in text and _SOPS_VALUE.search(text)):
        return "the new content holds SOPS metadata or ENC[...] values; bbvalues never writes encrypted files"
    return None


def _holds_text(data, text: str) -> bool:
    """Whether `data` (bytes or a binary file) is `text` in UTF-8, compared a piece at a time: a big text is
    not encoded whole."""
    if data is None:
        return False
    if isinstance(data, bytes):
        data = io.BytesIO(data)  # shares the bytes
    return all(data.read(len(piece)) == piece for piece in _encoded(text)) and data.read(1) == b""


def _encoded(text: str):
    """`text` in UTF-8, a piece at a time."""
    for start in range(0, len(text), _CHUNK_CHARS):
        yield text[start:start + _CHUNK_CHARS].encode("utf-8")


def _same_content(original, text: str) -> bool:
    return original == text if isinstance(original, str) else _holds_text(original, text)


def _holds_sops_metadata(original) -> bool:
    if isinstance(original, bytes):
        return b"sops:" in original and _has_sops_metadata(original.decode("utf-8", "replace"))
    return original is not None and _has_sops_metadata(original)


def _has_sops_metadata(text: str) -> bool:
    return "sops:" in text and bool(_SOPS_METADATA.search(text))  # the pattern tries every line of a big file


def _directory_problem(path: AnyPath) -> str | None:
    directory = _directory(path)
    if not os.path.isdir(directory):
        return f"directory {directory} does not exist"
    if not _writable(directory):
        return f"cannot create files in {directory} (permission denied); the atomic write needs it"
    return None


def _backup_problem(item: _Planned, force: bool) -> str | None:
    bak = item.backup
    if os.path.islink(bak) or (os.path.exists(bak) and not os.path.isfile(bak)):
        return f"backup {bak} is a link, a directory or a device; remove it"
    if os.path.exists(bak):
        if not force:
            return f"backup {bak} already exists; remove it, pass --force to overwrite it, or --no-backup"
        try:
            item.backup_original = _read_bytes(bak)
        except OSError as exc:
            return f"cannot read the existing backup {bak}: {exc.strerror}"
    return None


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


# -- staging and committing --------------------------------------------------------------------------

def _stage_all(planned: list[_Planned]) -> None:
    try:
        for item in planned:
            item.staged = _stage(item.path, item.text, item.mode)
            if item.backup is not None:
                item.staged_backup = _stage(item.backup, item.original, item.mode)
    except BaseException as exc:  # an interrupt too: no staged file may outlive the run
        _discard(planned)
        if not isinstance(exc, OSError):
            raise
        raise BBValuesError(f"cannot write its new content to a temporary file beside it: {exc.strerror}; "
                            "nothing was changed", file=str(item.path),
                            hint="check free space and permissions") from None


def _stage(path: AnyPath, data: str | bytes, mode: int) -> str:
    """A temporary file next to `path` (same filesystem, so rename is atomic) holding `data`, fsynced."""
    fd, name = _create_beside(path)
    try:
        try:
            _write_all(fd, data)
            os.fchmod(fd, mode)
            _keep_owner(fd, path)
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        os.unlink(name)
        raise
    return name


def _create_beside(path: AnyPath) -> tuple[int, str]:
    """A new file `.<name>.<random>.bbvalues-tmp` in `path`'s directory, created exclusively and readable only
    by its owner (what tempfile.mkstemp does; tempfile's imports, shutil and random, were a twentieth of an
    in-place call)."""
    directory = _directory(path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    for _attempt in range(100):
        name = os.path.join(directory, f".{os.path.basename(path)}.{os.urandom(6).hex()}{TEMP_SUFFIX}")
        try:
            return os.open(name, flags, 0o600), name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no unused temporary file name", directory)


def _write_all(fd: int, content: str | bytes) -> None:
    """os.write until every byte is written (a write may be short, e.g. near a full disk); a text is
    encoded a piece at a time."""
    for data in (content,) if isinstance(content, bytes) else _encoded(content):
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]


def _keep_owner(fd: int, path: AnyPath) -> None:
    try:
        info = os.stat(path)
        os.fchown(fd, info.st_uid, info.st_gid)
    except OSError:
        pass  # not the owner and not root: the file keeps our ownership, as any editor would do


def _commit_all(planned: list[_Planned]) -> None:
    """Backups first, made durable, then the files: a file is never replaced before its `.bak` exists."""
    replacing = None
    try:
        for item in planned:
            if item.staged_backup is not None:
                replacing = item.backup
                os.replace(item.staged_backup, item.backup)
                item.staged_backup = None
        _fsync_directories(planned)
        for item in planned:
            replacing = item.path
            os.replace(item.staged, item.path)
            item.staged = None
    except BaseException as exc:  # an interrupt too: put back what was replaced
        restored = _roll_back(planned)
        _discard(planned)
        if not isinstance(exc, OSError):
            raise
        raise BBValuesError(f"cannot replace it: {exc.strerror}; "
                            + ("the files already written were restored" if restored else
                               "some files could not be restored: compare them with their .bak copies"),
                            file=str(replacing), hint="check permissions and free space") from None
    _fsync_directories(planned)


def _roll_back(items: list[_Planned]) -> bool:
    """Undo the renames done so far; a file that cannot be put back keeps its new content and its `.bak`."""
    ok = True
    for item in items:
        try:
            if item.staged is None and item.original is not None:  # already replaced
                _put_back(item.path, item.original, item.mode)
            elif item.staged is None:
                os.unlink(item.path)
            if item.backup is not None and item.staged_backup is None:  # backup already renamed
                if item.backup_original is None:
                    os.unlink(item.backup)
                else:
                    _put_back(item.backup, item.backup_original, item.mode)
        except OSError:
            ok = False
    return ok


def _put_back(path: AnyPath, data: str | bytes, mode: int) -> None:
    staged = _stage(path, data, mode)
    try:
        os.replace(staged, path)
    except OSError:
        os.unlink(staged)
        raise


def _discard(planned: list[_Planned]) -> None:
    for item in planned:
        for name in (item.staged, item.staged_backup):
            if name is not None:
                try:
                    os.unlink(name)
                except OSError:
                    pass
        item.staged = item.staged_backup = None


def _fsync_directories(planned: list[_Planned]) -> None:
    for directory in {_directory(item.path) for item in planned}:
        _fsync_directory(directory)


def _directory(path: AnyPath) -> str:
    return os.path.dirname(path) or "."


def _fsync_directory(directory: str) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some filesystems cannot fsync a directory; the renames are done either way
    finally:
        try:
            os.close(fd)
        except OSError:
            pass


# -- devices and pipes ---------------------------------------------------------------------------------

def is_device_or_pipe(path: AnyPath) -> bool:
    """A character device or a FIFO (`/dev/stdout`, `/dev/full`, `mkfifo`), following links."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def write_stream(path: AnyPath, text: str) -> None:
    """Write `text` to a device or a pipe as it is; a failure (a full disk: ENOSPC) is a one-line error."""
    try:
        with open(path, "wb") as handle:
            handle.write(text.encode("utf-8"))
    except OSError as exc:
        raise BBValuesError(f"cannot write: {exc.strerror}", file=str(path),
                            hint="check free space and that something reads the pipe") from None
