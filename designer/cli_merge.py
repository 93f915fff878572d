"""``designer merge`` (git's merge driver for blueprints) and ``designer git-setup``.

``designer merge BASE OURS THEIRS [-o OUT]`` merges the two sides' changes from
the base (``designer.core.merge``) and writes the result, canonical and valid,
to OUT or, as git wants it, over OURS (atomically). Exit 0: merged cleanly; 1:
conflicts, written into the file (``designer check`` fails until each is
resolved); 2: a file could not be read, and nothing was written.

``designer git-setup`` configures the current repository to use it: the merge
driver and the diff driver (``designer diff --textconv``) in ``.git/config``,
and ``.gitattributes`` lines giving blueprint files to them.
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
from pathlib import Path

from designer.cli_common import EXIT_OK, EXIT_PROBLEMS, EXIT_UNUSABLE
from designer.cli_diff import load_all
from designer.core import io
from designer.core.merge import conflict_words, empty_base, merge, names_for
from designer.core.rules import counts
from designer.core.rules.engine import Checker

DRIVER = "alliance-blueprint"
"""The name of the merge and diff drivers in git's config and ``.gitattributes``."""
PATTERN = "*.json"
"""Files given to the drivers by default: every JSON file (a JSON file that is not a
blueprint is merged as text, as git would, and shown as it is)."""


# ------------------------------------------------------------------ merge


def cmd_merge(args: argparse.Namespace) -> int:
    base_path, ours_path, theirs_path = args.base, args.ours, args.theirs
    shown = args.name or ours_path
    if not _is_blueprint(ours_path) and not _is_blueprint(theirs_path) \
            and Path(ours_path).is_file() and Path(theirs_path).is_file():
        return _text_merge(base_path, ours_path, theirs_path, args)
    both_added = Path(base_path).is_file() and Path(base_path).stat().st_size == 0
    loaded = load_all([ours_path, theirs_path] if both_added else
                      [base_path, ours_path, theirs_path])
    if loaded is None:
        print(f"{shown}: not merged; nothing was written", file=sys.stderr)
        return EXIT_UNUSABLE
    if both_added:
        loaded.insert(0, empty_base())
    base, ours, theirs = loaded
    result = merge(base, ours, theirs)
    out = args.output or ours_path
    try:
        io.save(result.blueprint, out)
    except io.SaveError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_UNUSABLE
    checker = Checker(result.blueprint, base_dir=Path(out).resolve().parent)
    found = counts([r for r in checker.results if not r.waived])
    findings = (f"rules: {found['error']} error(s), {found['warning']} warning(s) "
                "(`designer check` for the details)")
    if result.clean:
        print(f"{shown}: merged cleanly; {findings}", file=sys.stderr)
        return EXIT_OK
    names = names_for(result.blueprint, theirs)
    n = len(result.conflicts)
    print(f"{shown}: {n} conflict{'s' if n != 1 else ''}, written into the file (it keeps "
          "ours for each; open it in the designer to choose, then commit):", file=sys.stderr)
    for conflict in result.conflicts:
        print(f"  - {conflict_words(conflict, names).sentence()}", file=sys.stderr)
    print(f"  {findings}", file=sys.stderr)
    return EXIT_PROBLEMS


def _is_blueprint(path: str) -> bool:
    """Whether a file says it is a blueprint (its format header), readable or not."""
    try:
        head = io.read_file(path, io.MAX_FILE_BYTES)[:4096]
    except (OSError, io.NotARegularFile):
        return False
    return b'"alliance-blueprint"' in head


def _text_merge(base: str, ours: str, theirs: str, args: argparse.Namespace) -> int:
    """A JSON file that is not a blueprint: git's own text merge, as without a driver."""
    if args.output:
        Path(args.output).write_bytes(Path(ours).read_bytes())
        ours = args.output
    done = subprocess.run(["git", "merge-file", "-L", "ours", "-L", "base", "-L", "theirs",
                           ours, base, theirs], check=False)
    return EXIT_OK if done.returncode == 0 else EXIT_PROBLEMS


# ------------------------------------------------------------------ git-setup


def driver_config(python: str = sys.executable) -> dict[str, str]:
    """The git config entries for the drivers (the running interpreter, so a venv's
    designer is the one git runs)."""
    designer = f"{shlex.quote(python)} -m designer"
    return {
        f"merge.{DRIVER}.name": "Alliance Blueprint Designer three-way merge",
        f"merge.{DRIVER}.driver": f"{designer} merge %O %A %B --name %P",
        f"diff.{DRIVER}.textconv": f"{designer} diff --textconv",
        f"diff.{DRIVER}.cachetextconv": "true",
    }


def attributes_line(pattern: str) -> str:
    return f"{pattern} merge={DRIVER} diff={DRIVER}"


def cmd_git_setup(args: argparse.Namespace) -> int:
    root = _git(["rev-parse", "--show-toplevel"])
    if root is None:
        print("not inside a git repository: run `designer git-setup` from a clone",
              file=sys.stderr)
        return EXIT_UNUSABLE
    changed = []
    for key, value in driver_config().items():
        if _git(["config", "--local", "--get", key]) != value:
            if _git(["config", "--local", key, value]) is None:
                print(f"could not set {key} in the repository's config", file=sys.stderr)
                return EXIT_UNUSABLE
            changed.append(f"git config {key} {shlex.quote(value)}")
    attributes = Path(root) / ".gitattributes"
    try:
        text = attributes.read_text("utf-8") if attributes.exists() else ""
    except (OSError, UnicodeDecodeError) as exc:
        print(f"{attributes}: cannot read it: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    present = {line.strip() for line in text.splitlines()}
    wanted = [attributes_line(p) for p in args.pattern or [PATTERN]]
    missing = [line for line in wanted if line not in present]
    if missing:
        new = text + ("" if not text or text.endswith("\n") else "\n") + \
            "".join(f"{line}\n" for line in missing)
        try:
            io.atomic_write(attributes, new.encode("utf-8"))
        except OSError as exc:
            print(f"{attributes}: cannot write it: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_UNUSABLE
        changed += [f"{attributes.name}: added {line!r}" for line in missing]
    if not changed:
        print("git is already set up for blueprints here: nothing changed")
        return EXIT_OK
    print("set up git for blueprints:")
    for line in changed:
        print(f"  {line}")
    print("commit .gitattributes so everyone's clones use the drivers; each clone runs "
          "`designer git-setup` once (drivers live in .git/config, which git never shares)")
    return EXIT_OK


def _git(argv: list[str]) -> str | None:
    try:
        done = subprocess.run(["git", *argv], capture_output=True, text=True, check=False)
    except OSError:
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "merge", help="three-way merge of blueprints (git's merge driver)",
        description="Merge the changes OURS and THEIRS made to BASE: changes to different "
        "elements or fields merge; a change both made differently, an element deleted on "
        "one side and edited (or linked to) on the other, or the same new id added "
        "differently is a conflict, written into the file (`conflicts`) while the blueprint "
        "keeps ours. The result is canonical and valid, and re-checked by the rules. With "
        "no -o it replaces OURS (atomically), as git expects of a merge driver. Exit 0: "
        "merged cleanly; 1: conflicts; 2: a file cannot be read (nothing is written).")
    p.add_argument("base", metavar="BASE")
    p.add_argument("ours", metavar="OURS")
    p.add_argument("theirs", metavar="THEIRS")
    p.add_argument("-o", "--output", metavar="OUT", help="write the result here, not to OURS")
    p.add_argument("--name", metavar="PATH", help="the file's name in messages (git's %%P)")
    p.set_defaults(func=cmd_merge)

    p = sub.add_parser(
        "git-setup", help="use designer's merge and diff for blueprints in this git clone",
        description="Write the merge driver (`designer merge`) and diff driver (`designer "
        "diff --textconv`) into this repository's .git/config and give blueprint files to "
        f"them in .gitattributes (default pattern {PATTERN!r}: every JSON file; a JSON file "
        "that is not a blueprint is still merged as text). Running it again changes nothing. "
        "Prints what it changed.")
    p.add_argument("--pattern", action="append", metavar="GLOB",
                   help=f"files to give to the drivers (repeatable; default {PATTERN!r}), "
                   "e.g. 'models/*.json'")
    p.set_defaults(func=cmd_git_setup)
