"""Reading and writing blueprint files: canonical JSON, atomic saves, located errors.

Every way a file can be bad ends in one exception type, :class:`BlueprintFileError`,
which names the file and lists each problem with its JSON path in plain words.
Nothing here ever writes to the file being read, and :func:`save` replaces a
file only once the new content is safely on disk.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from designer.core.gc_pause import gc_paused
from designer.core.schema import FORMAT, VERSION, Blueprint, BlueprintInvalid, Problem

try:
    import fcntl
except ImportError:  # Windows: a file open for writing cannot be deleted there anyway
    fcntl = None  # type: ignore[assignment]

MAX_FILE_BYTES = 64 * 1024 * 1024
"""Larger files are refused before they are read: no real blueprint comes near."""


class BlueprintFileError(Exception):
    """A file could not be read as a blueprint. ``problems`` are located."""

    def __init__(self, file: str | os.PathLike[str], problems: list[Problem], *,
                 readable: bool = False):
        self.file = str(file)
        self.problems = problems
        self.readable = readable
        """True when the file is a blueprint whose content breaks the schema;
        False when it could not be read as a blueprint at all."""
        super().__init__(self.describe())

    def describe(self, limit: int = 20) -> str:
        lines = [f"{self.file} is not a valid blueprint:"]
        lines += [f"  - {p}" for p in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(f"  … and {len(self.problems) - limit} more problems")
        return "\n".join(lines)


# ------------------------------------------------------------------ migrations

Migration = Callable[[dict[str, Any]], dict[str, Any]]
MIGRATIONS: dict[int, Migration] = {}
"""version N → function turning a version-N document into version N+1.

Version 1 is the first, so there is nothing to migrate yet; when version 2
arrives, add ``MIGRATIONS[1] = _v1_to_v2`` and bump ``schema.VERSION``.
"""


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring an older document up to the current version, one step at a time."""
    version = data.get("version")
    if type(version) is not int:
        raise _located("version", f"must be a whole number, not {version!r}")
    if version > VERSION:
        raise _located(
            "version",
            f"the file is version {version}, made by a newer Alliance Blueprint Designer; "
            f"this one reads up to version {VERSION}",
        )
    if version < 1:
        raise _located("version", f"unknown version {version}")
    while version < VERSION:
        data = MIGRATIONS[version](data)
        version = data["version"]
    return data


class _Located(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems


def _located(path: str, message: str) -> _Located:
    return _Located([Problem(path=path, message=message)])


# ------------------------------------------------------------------ reading


def load(path: str | os.PathLike[str]) -> Blueprint:
    """Read a blueprint file. Raises :class:`BlueprintFileError` on any problem."""
    path = Path(path)
    remove_stale_temporaries(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _located(
                "",
                f"the file is {_size(size)}; blueprint files are at most "
                f"{_size(MAX_FILE_BYTES)}, so this is not a blueprint",
            )
        with path.open("rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except _Located as exc:
        raise BlueprintFileError(path, exc.problems) from None
    except IsADirectoryError:
        raise BlueprintFileError(path, [Problem(path="", message="is a folder, not a file")]) \
            from None
    except FileNotFoundError:
        raise BlueprintFileError(path, [Problem(path="", message="no such file")]) from None
    except PermissionError:
        raise BlueprintFileError(
            path, [Problem(path="", message="permission denied: the file cannot be read")]
        ) from None
    except OSError as exc:
        raise BlueprintFileError(path, [Problem(path="", message=exc.strerror or str(exc))]) \
            from None
    return loads(raw, source=path)


def loads(raw: bytes | str, source: str | os.PathLike[str] = "<memory>") -> Blueprint:
    """Parse blueprint bytes (UTF-8 JSON). Raises :class:`BlueprintFileError`."""
    try:
        with gc_paused():  # ~10^5 small objects: the cyclic GC would dominate the load time
            return _parse(raw)
    except _Located as exc:
        raise BlueprintFileError(source, exc.problems) from None
    except BlueprintInvalid as exc:
        raise BlueprintFileError(source, exc.problems, readable=True) from None
    except ValidationError as exc:
        raise BlueprintFileError(source, _validation_problems(exc), readable=True) from None


def _parse(raw: bytes | str) -> Blueprint:
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogatepass")
    if len(raw) > MAX_FILE_BYTES:
        raise _located("", "the content is too large to be a blueprint")
    if raw.startswith(b"\xef\xbb\xbf"):
        raise _located(
            "", "the file starts with a byte-order mark (BOM); save it as UTF-8 without a BOM"
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _located("", "the file is UTF-16 encoded; blueprints must be UTF-8")
    if _CANONICAL_HEAD.match(raw):
        # Fast path for files that start like ours: pydantic parses and validates
        # in one pass. Anything it cannot explain well goes the careful way.
        try:
            return Blueprint.model_validate_json(raw)
        except ValidationError as exc:
            if not _needs_careful_read(exc):
                raise
    return _parse_carefully(raw)


_CANONICAL_HEAD = re.compile(
    rb'\s*\{\s*"format"\s*:\s*"alliance-blueprint"\s*,\s*"version"\s*:\s*%d\s*,' % VERSION
)


def _needs_careful_read(exc: ValidationError) -> bool:
    """Errors whose best explanation needs the stdlib parser or a migration."""
    for err in exc.errors(include_url=False):
        if err["type"].startswith("json_") or err["loc"][:1] in (("format",), ("version",)):
            return True
        if not err["loc"]:
            return True
    return False


def _parse_carefully(raw: bytes) -> Blueprint:
    """Slow path: precise messages for broken JSON, other formats and old versions."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(raw, exc.start)
        raise _located(
            "", f"line {line}, column {col}: the bytes are not valid UTF-8 (is it another "
            "encoding, or not a text file?)"
        ) from None
    if not text.strip():
        raise _located("", "the file is empty")
    try:
        data = json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)
    except json.JSONDecodeError as exc:
        hint = " (the file seems cut short)" if exc.pos >= len(text.rstrip()) else ""
        raise _located(
            "", f"line {exc.lineno}, column {exc.colno}: not valid JSON: {exc.msg}{hint}"
        ) from None
    except RecursionError:
        raise _located("", "the JSON is nested far too deeply to be a blueprint") from None
    except ValueError as exc:  # our float/constant checks and int digit limits
        raise _located("", _locate_number(text, str(exc))) from None
    if not isinstance(data, dict):
        raise _located("", f"expected a JSON object at the top, found {_json_type(data)}")
    if "format" not in data or "version" not in data:
        missing = " and ".join(k for k in ("format", "version") if k not in data)
        raise _located("", f"the {missing} header is missing: this is not a blueprint file")
    if data.get("format") != FORMAT:
        raise _located(
            "format",
            f"expected {FORMAT!r}, found {data.get('format')!r}: this is not a blueprint file",
        )
    data = migrate(data)
    return Blueprint.model_validate(data)


_BAD_NUMBER = re.compile(
    r"[:\[,]\s*(-?(?:NaN|Infinity)|-?\d[\d.eE+-]{300,}|-?\d+(?:\.\d*)?[eE]\+?\d{3,})"
)


def _locate_number(text: str, message: str) -> str:
    """Prefix a number complaint with the line and column of the first suspect number."""
    if "integer string conversion" in message:
        message = "a number with thousands of digits is far too large for a blueprint"
    match = _BAD_NUMBER.search(text)
    if match is None:
        return message
    line, col = _line_col(text, match.start(1))
    return f"line {line}, column {col}: {message}"


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a blueprint can hold (NaN and Infinity are refused)")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"the number {text[:40]} is too large")
    return value


def _size(n: int) -> str:
    """Bytes in the binary units the limits are defined in (64 MiB, not "67 MB")."""
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= scale:
            return f"{n / scale:.0f} {unit}"
    return f"{n} bytes"


def _line_col(data: bytes | str, offset: int) -> tuple[int, int]:
    before = data[:offset]
    newline = b"\n" if isinstance(before, bytes) else "\n"
    line = before.count(newline) + 1  # type: ignore[arg-type]
    col = offset - (before.rfind(newline) + 1)  # type: ignore[arg-type]
    return line, col + 1


def _json_type(value: Any) -> str:
    return {list: "an array", str: "a string", int: "a number", float: "a number",
            bool: "true/false", type(None): "null"}.get(type(value), type(value).__name__)


def json_path(loc: tuple[int | str, ...]) -> str:
    """``('functions', 3, 'host_force')`` → ``'functions[3].host_force'``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", part) or not out:
            out += f".{part}" if out else part
        else:
            out += f"[{json.dumps(part)}]"
    return out


_MESSAGES = {
    "extra_forbidden": "unknown field (check the spelling; see `designer schema`)",
    "missing": "required field is missing",
}


def _validation_problems(exc: ValidationError) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p))
        message = _MESSAGES.get(err["type"]) or err["msg"].removeprefix("Value error, ")
        if err["type"] == "literal_error" and loc == ("version",):
            message = f"unsupported version {err.get('input')!r}"
        problems.append(Problem(path=json_path(loc), message=message))
    return problems


# ------------------------------------------------------------------ writing


def dumps(bp: Blueprint) -> str:
    """The canonical text of a blueprint: stable order, 2-space indent, final newline.

    Fields keep their schema order (id and name first), defaults are left out,
    so a one-field edit is a one-line diff in git. The text is what
    ``json.dumps(data, indent=2, ensure_ascii=False)`` gives, produced by
    pydantic's serialiser, which is five times faster.
    """
    body = bp.model_dump_json(indent=2, exclude_defaults=True)
    header = f'{{\n  "format": "{FORMAT}",\n  "version": {VERSION}'
    return header + (",\n" + body[2:] if body != "{}" else "\n}") + "\n"


TEMP_MARK = ".abd-tmp-"
"""A save writes ``.<file name>.abd-tmp-<random>`` beside the file, then renames it."""

FRESH_SECONDS = 60
"""Without file locks (Windows), or before its writer has locked it, a temporary file
this recent may still be in use and is left alone."""


def atomic_write(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace ``path`` with ``data`` all at once, or not at all.

    Writes a temporary file beside the target, flushes it to disk, then renames
    it over the target; on any failure the previous file is untouched and the
    temporary file removed. A symbolic link is kept: its target is replaced.
    Errors name ``path``, never the temporary file.
    """
    named = Path(path)
    target = _resolved(named)
    try:
        _remove_stale(target)
        _replace(target, data)
    except OSError as exc:
        if exc.errno is None:
            raise
        raise OSError(exc.errno, exc.strerror or os.strerror(exc.errno), str(named)) from exc
    _fsync_folder(target.parent)


def _resolved(path: Path) -> Path:
    """The file a save really replaces: a symbolic link's target, not the link."""
    return Path(os.path.realpath(path)) if os.path.islink(path) else path


def _replace(target: Path, data: bytes) -> None:
    try:
        mode = target.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()  # what open() would have given a new file
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}{TEMP_MARK}", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            if fcntl is not None:  # held until renamed: marks the file as being written
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
            os.chmod(tmp, mode)
            if fcntl is not None:
                os.replace(tmp, target)
        if fcntl is None:
            os.replace(tmp, target)  # Windows renames only closed files
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def remove_stale_temporaries(path: str | os.PathLike[str]) -> list[Path]:
    """Remove the temporary files that killed saves of ``path`` left beside it.

    Only ours (named by :data:`TEMP_MARK`), only for this file, and only those no
    process is writing: a save holds a lock on its temporary file until it renames
    it, and the lock dies with the process. Best effort; returns what was removed.
    """
    try:
        return _remove_stale(_resolved(Path(path)))
    except OSError:
        return []


def _remove_stale(target: Path) -> list[Path]:
    prefix = f".{target.name}{TEMP_MARK}"
    try:
        with os.scandir(target.parent) as entries:
            found = [Path(e.path) for e in entries
                     if e.name.startswith(prefix) and len(e.name) > len(prefix)
                     and e.is_file(follow_symlinks=False)]
    except OSError:
        return []
    removed = []
    for tmp in found:
        if _abandoned(tmp):
            with contextlib.suppress(OSError):
                tmp.unlink()
                removed.append(tmp)
    return removed


def _abandoned(tmp: Path) -> bool:
    """Whether no save is writing ``tmp`` any more (its writer was killed)."""
    try:
        fd = os.open(tmp, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False  # renamed by its writer meanwhile, or not ours to touch
    try:
        st = os.fstat(fd)
        age = time.time() - st.st_mtime
        if fcntl is None:
            return age > FRESH_SECONDS
        if st.st_size == 0 and age < FRESH_SECONDS:
            return False  # just made: its writer may not have locked it yet
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False  # its writer is at work
        return True
    finally:
        os.close(fd)  # releases our lock; a killed writer's name is never reused


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class SaveError(Exception):
    """A blueprint could not be saved; any previous file is intact."""


def save(bp: Blueprint, path: str | os.PathLike[str]) -> None:
    """Save atomically in canonical form. Raises :class:`SaveError` with a plain reason."""
    existed = os.path.isfile(path)
    try:
        atomic_write(path, dumps(bp).encode("utf-8"))
    except OSError as exc:
        reason = exc.strerror or str(exc)
        kept = "; the previous file is unchanged" if existed else ""
        raise SaveError(f"could not save {path}: {reason}{kept}") from exc
