"""Rule packs: TOML files of rules that users copy and edit without Python.

A pack has a ``name``, a ``title`` and ``[[rule]]`` tables. A rule is either
declarative (``select`` + ``require``, see :mod:`designer.core.rules.declarative`)
or names a registered check (``check = "coverage-gap"``, see
:mod:`designer.core.rules.checks`). Every rule has an ``id`` and may set
``title``, ``severity`` (error, warning, info), ``source`` (the principle's
origin, shown with every result), ``description`` and ``enabled = false``.

Packs are named in ``alliance.rule_packs``: a bare name is a bundled pack in
``resources/rules/``; anything with a slash or ending ``.toml`` is a file
(relative to the blueprint's folder). The ``structure`` pack always runs
first. A later pack may redefine (or disable) an earlier pack's rule by id.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from designer.core.io import NotARegularFile, read_file
from designer.core.memory import Memory
from designer.core.rules.base import Rule, RulePackError
from designer.core.rules.checks import REGISTRY
from designer.core.rules.declarative import parse_rule
from designer.core.rules.results import SEVERITIES, RuleInfo
from designer.core.schema import text_problem
from designer.resources import resource

ALWAYS = ("structure",)
"""Packs every check runs, before the blueprint's own."""
DEFAULT = ("alliance-principles",)
RULE_KEYS = {"id", "title", "severity", "source", "description", "message", "select", "require",
             "fix", "check", "enabled"}
PACK_KEYS = {"name", "title", "description", "rule"}
RULE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")
PackRef = str | os.PathLike[str]


@dataclass(frozen=True)
class Pack:
    name: str
    title: str
    description: str
    file: str
    rules: tuple[Rule, ...]
    disabled: tuple[str, ...] = ()


def builtin_packs() -> list[str]:
    """Names of the bundled packs."""
    return sorted(p.stem for p in resource("rules").glob("*.toml"))


def pack_path(ref: PackRef, base_dir: Path | None = None) -> Path:
    """Where a pack reference points (bundled name or file path)."""
    text = os.fspath(ref)
    if isinstance(ref, os.PathLike) or "/" in text or "\\" in text or text.endswith(".toml"):
        path = Path(text).expanduser()
        if not path.is_absolute() and base_dir is not None:
            path = base_dir / path
        return path
    path = resource("rules", f"{text}.toml")
    if not path.is_file():
        raise RulePackError(text, "there is no built-in rule pack of this name (built-in: "
                            + ", ".join(builtin_packs()) + "); give a file path for your own")
    return path


PackKey = tuple[Path, int, int]
"""A pack file as read: path, modification time (ns) and size; an edited file is read again."""


class _Memory(Memory):
    """The packs read lately, by :data:`PackKey` (see :mod:`.memory`); a blueprint names a
    few packs and every check loads them again, so a small LRU is enough."""

    def forget(self) -> None:
        self.packs: OrderedDict[PackKey, Pack] = OrderedDict()  # changed in place: under the lock


_memory = _Memory()
_PACKS = 32


def _remembered(key: PackKey) -> Pack | None:
    with _memory.lock:
        pack = _memory.packs.get(key)
        if pack is not None:
            _memory.packs.move_to_end(key)
        return pack


def _remember(key: PackKey, pack: Pack) -> None:
    with _memory.lock:
        packs = _memory.packs
        for old in [k for k in packs if k[0] == key[0]]:  # an older read of the same file
            del packs[old]
        packs[key] = pack
        while len(packs) > _PACKS:
            packs.popitem(last=False)


def clear_cache() -> None:
    """Forget every pack read (tests compare with a cold start)."""
    _memory.clear()


MAX_PACK_BYTES = 1024 * 1024
"""A rule pack is a page or two of TOML; anything larger is not one."""

_NOT_A_PACK = {
    "folder": "is a folder, not a rule pack file",
    "special": "is not a regular file (a device, pipe or socket), so it is not a rule pack",
    "large": "the file is larger than 1 MiB, the most a rule pack may be",
}


def load_pack(ref: PackRef, base_dir: Path | None = None) -> Pack:
    """Read and check one pack (cached until the file changes).

    Only a regular file of at most :data:`MAX_PACK_BYTES` is read: a pack named
    by a blueprint may be anything, /dev/zero or a pipe included.
    """
    path = pack_path(ref, base_dir)
    try:
        st = path.stat()
        key = (path, st.st_mtime_ns, st.st_size)
        hit = _remembered(key)
        if hit is not None:
            return hit
        raw = read_file(path, MAX_PACK_BYTES)
    except NotARegularFile as exc:
        raise RulePackError(str(path), _NOT_A_PACK[exc.kind]) from None
    except FileNotFoundError:
        raise RulePackError(str(path), "no such rule pack file") from None
    except OSError as exc:
        raise RulePackError(str(path), f"cannot read the file: {exc.strerror or exc}") from None
    pack = parse_pack(raw, str(path))
    _remember(key, pack)
    return pack


def parse_pack(raw: bytes, file: str) -> Pack:
    """Parse pack text; every mistake is a :class:`RulePackError` naming file, rule, field."""
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise RulePackError(file, "the file is not UTF-8 text") from None
    except RecursionError:
        raise RulePackError(file, "not valid TOML: arrays or tables are nested too deeply for "
                            "a rule pack") from None
    except ValueError as exc:  # TOMLDecodeError, and any value tomllib cannot build
        raise RulePackError(file, f"not valid TOML: {exc}") from None
    unknown = set(data) - PACK_KEYS
    if unknown:
        raise RulePackError(file, f"unknown key(s) {', '.join(sorted(unknown))} at the top "
                            "(use name, title, description and [[rule]] tables)")
    name = data.get("name", Path(file).stem)
    if not isinstance(name, str) or not name.strip():
        raise RulePackError(file, "the pack's name must be a non-empty text", field="name")
    specs = data.get("rule", [])
    if not isinstance(specs, list) or not all(isinstance(s, dict) for s in specs):
        raise RulePackError(file, "rules must be [[rule]] tables", field="rule")
    rules: list[Rule] = []
    disabled: list[str] = []
    seen: set[str] = set()
    for index, spec in enumerate(specs):
        rid = spec.get("id")
        if spec.get("enabled", True) is False and set(spec) <= {"id", "enabled"} and \
                isinstance(rid, str) and RULE_ID.match(rid):
            disabled.append(rid)  # switches off an earlier pack's rule of this id
        else:
            rule = _parse_rule(spec, index, name, file)
            rid = rule.id
            if spec.get("enabled", True):
                rules.append(rule)
            else:
                disabled.append(rid)
        if rid in seen:
            raise RulePackError(file, "the same rule id is used twice in this pack", rid, "id")
        seen.add(rid)
    return Pack(name, str(data.get("title", name)), str(data.get("description", "")), file,
                tuple(rules), tuple(disabled))


def _text(spec: dict[str, Any], key: str, file: str, rid: str, default: str | None = None) -> str:
    value = spec.get(key, default)
    if value is None:
        raise RulePackError(file, "this field is required", rid, key)
    if not isinstance(value, str) or (key != "description" and not value.strip()):
        raise RulePackError(file, "expected a non-empty text", rid, key)
    why = text_problem(value, multiline=key == "description", visible=key != "description")
    if why is not None:
        raise RulePackError(file, f"the text {why}", rid, key)
    return value


def _parse_rule(spec: dict[str, Any], index: int, pack: str, file: str) -> Rule:
    rid = spec.get("id")
    if not isinstance(rid, str) or not RULE_ID.match(rid):
        raise RulePackError(file, "every rule needs an id of lower-case letters, digits and "
                            "'-'", f"#{index + 1}", "id")
    unknown = set(spec) - RULE_KEYS
    if unknown:
        raise RulePackError(file, f"unknown field(s) {', '.join(sorted(unknown))}; use "
                            + ", ".join(sorted(RULE_KEYS)), rid)
    enabled = spec.get("enabled", True)
    if not isinstance(enabled, bool):
        raise RulePackError(file, "expected true or false", rid, "enabled")
    if "check" in spec:
        name = spec["check"]
        registered = REGISTRY.get(name) if isinstance(name, str) else None
        if registered is None:
            raise RulePackError(file, f"there is no registered check {name!r} (available: "
                                + ", ".join(sorted(REGISTRY)) + ")", rid, "check")
        for key in ("select", "require", "message", "fix"):
            if key in spec:
                raise RulePackError(file, "a registered check takes no " + key, rid, key)
        info = RuleInfo(
            id=rid, title=_text(spec, "title", file, rid, registered.title),
            severity=_severity(spec, file, rid, registered.severity),
            source=_text(spec, "source", file, rid, registered.source), pack=pack,
            description=_text(spec, "description", file, rid, registered.description),
            kind="python")
        return registered.factory(info)
    for key in ("select", "require"):
        if key not in spec:
            raise RulePackError(file, "a rule needs select and require (or check = NAME)", rid,
                                key)
    info = RuleInfo(id=rid, title=_text(spec, "title", file, rid),
                    severity=_severity(spec, file, rid, None),
                    source=_text(spec, "source", file, rid), pack=pack,
                    description=_text(spec, "description", file, rid, ""))
    return parse_rule(spec, info, file)


def _severity(spec: dict[str, Any], file: str, rid: str, default: str | None) -> Any:
    value = spec.get("severity", default)
    if value not in SEVERITIES:
        raise RulePackError(file, "severity must be error, warning or info", rid, "severity")
    return value


def resolve(packs: Sequence[PackRef] | None, blueprint_packs: Sequence[str] = DEFAULT,
            base_dir: Path | None = None,
            errors: list[RulePackError] | None = None) -> list[Rule]:
    """The rules to run, in order: ``structure``, then the packs (default: the
    blueprint's own). A later rule with the same id replaces an earlier one.

    A pack that cannot be used raises :class:`RulePackError`, or — when an
    ``errors`` list is given — is recorded there and skipped, so the app can
    still check the other packs and show what is wrong with this one.
    """
    refs: list[PackRef] = list(ALWAYS)
    for ref in packs if packs is not None else blueprint_packs:
        if os.fspath(ref) not in ALWAYS:
            refs.append(ref)
    by_id: dict[str, Rule] = {}
    for ref in refs:
        try:
            pack = load_pack(ref, base_dir)
        except RulePackError as exc:
            if errors is None:
                raise
            errors.append(exc)
            continue
        for rid in pack.disabled:
            by_id.pop(rid, None)
        for rule in pack.rules:
            by_id.pop(rule.id, None)
            by_id[rule.id] = rule
    return list(by_id.values())
