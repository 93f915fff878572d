"""Reading and writing blueprint files: canonical JSON, atomic saves, located errors.

Every way a file can be bad ends in one exception type, :class:`BlueprintFileError`,
which names the file and lists each problem with its JSON path in plain words.
Nothing here ever writes to the file being read, and :func:`save` replaces a
file only once the new content is safely on disk.
"""

from __future__ import annotations

import bisect
import contextlib
import dataclasses
import functools
import itertools
import json
import operator
import os
import re
import stat
import tempfile
import time
import types
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, JsonValue, ValidationError

from designer.core.gc_pause import gc_paused
from designer.core.schema import (
    ELEMENT_LISTS,
    FORMAT,
    VERSION,
    Blueprint,
    BlueprintInvalid,
    Problem,
    error_message,
)

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


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 only adds optional parts (options, walk-throughs, comments, …), each
    empty by default, so a version-1 document is a version-2 one as it stands."""
    return {**data, "version": 2}


MIGRATIONS: dict[int, Migration] = {1: _v1_to_v2}
"""version N → function turning a version-N document into version N+1.

A new version adds ``MIGRATIONS[N] = _vN_to_vN1`` and bumps ``schema.VERSION``.
"""

PATHS_KEPT_SINCE = 1
"""The oldest version whose JSON paths are still the current ones, so a problem
found after migrating can be shown on the line of the file it came from."""


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
    def __init__(self, problems: list[Problem], *, readable: bool = False):
        self.problems = problems
        self.readable = readable


def _located(path: str, message: str) -> _Located:
    return _Located([Problem(path=path, message=message)])


# ------------------------------------------------------------------ reading


def load(path: str | os.PathLike[str]) -> Blueprint:
    """Read a blueprint file. Raises :class:`BlueprintFileError` on any problem."""
    path = Path(path)
    remove_stale_temporaries(path)
    try:
        raw = read_file(path, MAX_FILE_BYTES)
    except NotARegularFile as exc:
        message = {
            "folder": "is a folder, not a file",
            "special": "is not a regular file (a device, pipe or socket), so it is not a "
                       "blueprint",
        }.get(exc.kind) or (f"the file is {_size(exc.size)}; blueprint files are at most "
                            f"{_size(MAX_FILE_BYTES)}, so this is not a blueprint")
        raise BlueprintFileError(path, [Problem(path="", message=message)]) from None
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


class NotARegularFile(Exception):
    """A path that is a folder, a device, a pipe or a socket, or a file over a size limit."""

    def __init__(self, kind: str, size: int = 0):
        super().__init__(kind)
        self.kind = kind
        """'folder', 'special' (device, pipe, socket) or 'large'."""
        self.size = size


def read_file(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    Anything else is refused before a byte is read: opening a pipe does not wait
    for a writer, a device such as /dev/zero is never read, a file over the limit
    never loaded. Raises :class:`NotARegularFile`, or ``OSError`` (missing, denied).
    """
    _check_regular(os.stat(path), limit)  # before opening: opening a device can act
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb", closefd=True) as fh:
        _check_regular(os.fstat(fd), limit)  # the file opened may not be the one seen
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise NotARegularFile("large", len(data))
    return data


def _check_regular(st: os.stat_result, limit: int) -> None:
    if stat.S_ISDIR(st.st_mode):
        raise NotARegularFile("folder")
    if not stat.S_ISREG(st.st_mode):
        raise NotARegularFile("special")
    if st.st_size > limit:
        raise NotARegularFile("large", st.st_size)


def loads(raw: bytes | str, source: str | os.PathLike[str] = "<memory>") -> Blueprint:
    """Parse blueprint bytes (UTF-8 JSON). Raises :class:`BlueprintFileError`."""
    try:
        with gc_paused():  # ~10^5 small objects: the cyclic GC would dominate the load time
            return _parse(raw)
    except _Located as exc:
        raise BlueprintFileError(source, exc.problems, readable=exc.readable) from None


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
        # Fast path for files that start like ours: pydantic parses and validates in
        # one pass. It keeps the last of two equal keys silently, so the keys it
        # used are counted against the keys in the text; anything it cannot
        # explain, or any doubt, goes the careful way (which names every problem).
        try:
            bp = Blueprint.model_validate_json(raw, strict=True)
        except (ValidationError, BlueprintInvalid):
            pass
        else:
            if _keys_in_text(raw) == _keys_used(Blueprint, [bp]):
                return bp
    return _parse_carefully(raw)


_CANONICAL_HEAD = re.compile(
    rb'\s*\{\s*"format"\s*:\s*"alliance-blueprint"\s*,\s*"version"\s*:\s*%d\s*,' % VERSION
)


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
        data = json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_reject_constant,
                          parse_float=_finite_float)
    except json.JSONDecodeError as exc:
        hint = " (the file seems cut short)" if exc.pos >= len(text.rstrip()) else ""
        raise _located(
            "", f"line {exc.lineno}, column {exc.colno}: not valid JSON: {exc.msg}{hint}"
        ) from None
    except RecursionError:
        raise _located("", "the JSON is nested far too deeply to be a blueprint") from None
    except ValueError as exc:  # duplicate keys, NaN/Infinity, numbers too large
        raise _Located(_value_problems(text, str(exc))) from None
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
    version = data["version"]
    data = migrate(data)
    # Strict validation, from JSON so arrays count as tuples and dates as text:
    # `true` for a population or "12" for an FTE is an error, never converted.
    try:
        return Blueprint.model_validate_json(raw if version == VERSION else json.dumps(data),
                                             strict=True)
    except ValidationError as exc:
        problems = _validation_problems(exc)
    except BlueprintInvalid as exc:
        problems = exc.problems
    if version >= PATHS_KEPT_SINCE:  # else the paths are the new version's, not the text's
        problems = _locate(text, problems)
    raise _Located(problems, readable=True)


# ------------------------------------------------------------------ duplicate keys


class _DuplicateKey(ValueError):
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        raise _DuplicateKey("a key appears twice in one object")
    return obj


def _keys_in_text(raw: bytes) -> int:
    """At least the number of keys in the JSON text, and exactly that for usual files.

    Every key is a string followed by a colon; with whitespace removed, each key
    shows as ``":`` (text inside strings can only add to the count), so a count
    equal to the keys the blueprint used proves no key was given twice.
    """
    return raw.translate(None, b" \t\r\n").count(b'":')


def _keys_used(cls: type[BaseModel], models: list[Any]) -> int:
    """Keys the validated models were built from: each model's set fields and each
    dict's keys, all the way down (whole lists at a time: it runs on every load)."""
    if not models:
        return 0
    count = sum(map(len, map(_FIELDS_SET, models)))
    for name, shape, sub, default_has_keys in _nested_fields(cls):
        if default_has_keys:  # a field left out would count its default's keys
            values = [getattr(m, name) for m in models if name in m.__pydantic_fields_set__]
        else:
            values = list(filter(None, map(operator.attrgetter(name), models)))
        if shape == "model":
            count += _keys_used(sub, values)
        elif shape == "models":  # a field that may hold words instead (cover: "24/7")
            count += _keys_used(sub, list(itertools.chain.from_iterable(
                v for v in values if type(v) is tuple)))
        else:
            count += sum(map(len, values))
            if shape == "dict of models":
                count += _keys_used(sub, [m for v in values for m in v.values()])
            elif shape == "dict of JSON":
                count += sum(_json_keys(x) for v in values for x in v.values()
                             if isinstance(x, dict | list))
    return count


def _json_keys(value: Any) -> int:
    """Keys inside a plain JSON value (an option's new value for a field)."""
    if isinstance(value, dict):
        return len(value) + sum(_json_keys(v) for v in value.values())
    if isinstance(value, list):
        return sum(_json_keys(v) for v in value)
    return 0


_FIELDS_SET = operator.attrgetter("__pydantic_fields_set__")


@functools.cache
def _nested_fields(cls: type[BaseModel]) -> tuple[tuple[str, str, Any, bool], ...]:
    """(field, shape, model class, default has keys) for the fields of ``cls`` that
    hold keys of their own."""
    out = []
    for name, info in cls.model_fields.items():
        shape = _shape(info.annotation)
        if shape is not None:
            default = None if info.is_required() or info.default_factory else info.default
            out.append((name, *shape, bool(default)))
    return tuple(out)


def _shape(annotation: Any) -> tuple[str, Any] | None:
    annotation = _unannotated(annotation)
    origin, args = get_origin(annotation), [_unannotated(a) for a in get_args(annotation)]
    if _is_model(annotation):
        return "model", annotation
    if origin in (Union, types.UnionType):
        models = [a for a in args if _is_model(a)]
        if len(models) == 1:
            return "model", models[0]
        lists = [s for s in map(_shape, args) if s is not None and s[0] == "models"]
        return lists[0] if len(lists) == 1 and not models else None
    if origin is tuple and args and _is_model(args[0]):
        return "models", args[0]
    if origin is dict:
        if args[1] is JsonValue:
            return "dict of JSON", None
        return ("dict of models", args[1]) if _is_model(args[1]) else ("dict", None)
    return None


def _unannotated(annotation: Any) -> Any:
    return get_args(annotation)[0] if get_origin(annotation) is Annotated else annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


# ------------------------------------------------------------------ numbers


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a blueprint can hold (NaN and Infinity are refused)")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"the number {text[:40]} is too large")
    return value


def _number_problem(token: str) -> str | None:
    """Why a JSON number token cannot be in a blueprint, or None."""
    if token in ("NaN", "Infinity", "-Infinity"):
        return (f"{token} is not a finite number; a blueprint cannot hold it "
                "(NaN and Infinity are refused)")
    if len(token) > 4000 and token.lstrip("-").isdigit():
        return "a number with thousands of digits is far too large for a blueprint"
    if "e" in token or "E" in token or len(token) > 300:
        try:
            value = float(token)
        except ValueError:
            return None
        if value in (float("inf"), float("-inf")):
            return f"the number {token[:40]} is too large: it is not a finite number"
    return None


def _value_problems(text: str, message: str) -> list[Problem]:
    """Every duplicate key and unusable number, located; the parser only saw the first."""
    marks = _scan(text, frozenset(), complete=True)
    lines = _LineIndex(text)
    problems = []
    for obj, key, offset, first in marks.duplicates:
        line, column = lines.at(offset)
        problems.append(Problem(
            path=json_path((*obj, key)), line=line, column=column,
            message=f"the key {json.dumps(key, ensure_ascii=False)} appears twice in this "
            f"object (first on line {lines.at(first)[0]}); keep one (a text merge can leave "
            "both)"))
    for path, offset, why in marks.numbers:
        line, column = lines.at(offset)
        problems.append(Problem(path=json_path(path), line=line, column=column, message=why))
    if problems:
        return _with_elements(problems, marks, text)
    if "integer string conversion" in message:
        message = "a number with thousands of digits is far too large for a blueprint"
    return [Problem(path="", message=message)]


# ------------------------------------------------------------------ locating


_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[{}\[\],:]|[^\s{}\[\],:"]+', re.DOTALL)


@dataclasses.dataclass
class _Marks:
    values: dict[tuple[int | str, ...], tuple[int, str]]
    """Wanted JSON path → (offset of its value, its first token)."""
    duplicates: list[tuple[tuple[int | str, ...], str, int, int]]
    """(object's path, key, offset of the second key, offset of the first)."""
    numbers: list[tuple[tuple[int | str, ...], int, str]]
    """(path, offset, why) of numbers a blueprint cannot hold."""


def _scan(text: str, wanted: frozenset[tuple[int | str, ...]], *, complete: bool) -> _Marks:
    """Walk JSON text token by token, keeping each value's path: where the wanted
    paths are and (``complete``) every duplicate key and unusable number.

    Runs only when something is wrong, on text the parser has seen; tolerant of
    anything else (no recursion, so deep nesting is fine).
    """
    marks = _Marks({}, [], [])
    if not wanted and not complete:
        return marks
    stack: list[list[Any]] = []  # [path, keys seen (None for an array), key or index]
    expect_key = False
    remaining = len(wanted)
    for match in _TOKEN.finditer(text):
        token = match.group()
        first = token[0]
        if first in "}]":
            if stack:
                stack.pop()
            expect_key = False
            continue
        if first == ",":
            if stack:
                frame = stack[-1]
                if frame[1] is None:
                    frame[2] += 1
                else:
                    expect_key = True
            continue
        if first == ":":
            continue
        if expect_key and first == '"':
            frame = stack[-1]
            key = _string(token)
            if complete and key in frame[1]:
                marks.duplicates.append((frame[0], key, match.start(), frame[1][key]))
            else:
                frame[1][key] = match.start()
            frame[2] = key
            expect_key = False
            continue
        path = (*stack[-1][0], stack[-1][2]) if stack else ()
        if path in wanted:
            marks.values[path] = (match.start(), token)
            remaining -= 1
            if not remaining and not complete:
                break
        if first == "{":
            stack.append([path, {}, None])
            expect_key = True
        elif first == "[":
            stack.append([path, None, 0])
        elif complete and first != '"':
            why = _number_problem(token)
            if why is not None:
                marks.numbers.append((path, match.start(), why))
    return marks


def _string(token: str) -> str:
    if "\\" not in token:
        return token[1:-1]
    try:
        return json.loads(token)
    except ValueError:
        return token[1:-1]


class _LineIndex:
    """Line and column (from 1, in characters) of offsets in one text."""

    def __init__(self, text: str):
        self._starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def at(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


def locate(text: str, problems: list[Problem]) -> list[Problem]:
    """``problems`` found in a blueprint read from ``text``, each with its line (and the
    element it lies in): for problems found after loading, such as an option's."""
    return _locate(text, problems)


def _locate(text: str, problems: list[Problem]) -> list[Problem]:
    """Add to each problem its line (the deepest part of its path found in the text)
    and the id of the element it lies in."""
    paths = [_path_parts(p.path) for p in problems]
    wanted = {parts[:n] for parts in paths for n in range(1, len(parts) + 1)}
    wanted |= {(*parts[:2], "id") for parts in paths if _element_of(parts)}
    marks = _scan(text, frozenset(wanted), complete=False)
    lines = _LineIndex(text)
    located = []
    for problem, parts in zip(problems, paths, strict=True):
        for n in range(len(parts), 0, -1):
            hit = marks.values.get(parts[:n])
            if hit is not None:
                problem = problem.model_copy(update={"line": lines.at(hit[0])[0]})
                break
        located.append(problem)
    return _with_elements(located, marks, text)


def _with_elements(problems: list[Problem], marks: _Marks | None, text: str) -> list[Problem]:
    """Name the element each problem lies in (by its id in the text)."""
    parts_of = [_path_parts(p.path) for p in problems]
    ids = {(*parts[:2], "id") for parts in parts_of if _element_of(parts)}
    if marks is None or not ids <= marks.values.keys():
        marks = _scan(text, frozenset(ids), complete=False)
    out = []
    for problem, parts in zip(problems, parts_of, strict=True):
        hit = marks.values.get((*parts[:2], "id")) if _element_of(parts) else None
        if hit is not None and hit[1].startswith('"'):
            problem = problem.model_copy(update={"element": _string(hit[1])})
        out.append(problem)
    return out


def _element_of(parts: tuple[int | str, ...]) -> bool:
    return len(parts) >= 2 and parts[0] in _WITH_IDS and isinstance(parts[1], int)


_WITH_IDS = frozenset((*ELEMENT_LISTS, "walkthroughs"))
"""Lists whose items have an id to name them by in a problem."""


_PATH_PART = re.compile(r'\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\.?([^.\[]+)')


def _path_parts(path: str) -> tuple[int | str, ...]:
    """``'functions[3].baseline["my force"]'`` → ``('functions', 3, 'baseline', 'my force')``."""
    parts: list[int | str] = []
    for index, quoted, name in _PATH_PART.findall(path):
        parts.append(int(index) if index else _string(quoted) if quoted else name)
    return tuple(parts)


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
        message = _MESSAGES.get(err["type"]) or error_message(err)
        if err["type"] == "literal_error" and loc == ("version",):
            message = f"unsupported version {err.get('input')!r}"
        elif err["type"].endswith(("_type", "_parsing")) and "input" in err:
            message += f", not {_shown(err['input'])}"
        problems.append(Problem(path=json_path(loc), message=message))
    return problems


def _shown(value: Any) -> str:
    """A JSON value as the user wrote it, shortened."""
    if isinstance(value, dict | list):
        return _json_type(value)
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:39] + "…"


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
