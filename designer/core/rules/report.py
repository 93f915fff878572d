"""Rule results as reports: plain text for people, JSON for scripts, SARIF 2.1.0 for CI.

SARIF (the OASIS Static Analysis Results Interchange Format) is what code
hosts and editors read to show problems beside a file: each result carries
its rule, level, message, the blueprint file and the line of the element
(found by its ``"id"`` in the canonical file), the ids as logical locations,
and a waiver as an accepted suppression with its justification.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from designer import __version__
from designer.core.rules.results import SEVERITIES, Result, RuleInfo
from designer.core.schema import Problem

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
HEADINGS = {"error": "Errors", "warning": "Warnings", "info": "Notes", "waived": "Waived"}
FILE_FORMAT_RULE = "file-format"


@dataclass
class FileReport:
    """One checked file: its rule results, or the schema problems that stopped the check."""

    file: str
    results: list[Result] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    readable: bool = True
    text: str = ""
    """The file's text (for line numbers); empty when unknown."""
    shape: str = ""
    """A one-line summary of what the blueprint holds (forces, areas, …)."""
    savings: str = ""
    """Projected savings against the target, in words (for the text report)."""

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys((*SEVERITIES, "waived"), 0)
        for r in self.results:
            out["waived" if r.waiver else r.severity] += 1
        return out

    def failing(self, strict: bool = False) -> bool:
        counts = self.counts()
        return bool(self.problems) or counts["error"] > 0 or (strict and counts["warning"] > 0)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def summary(report: FileReport) -> str:
    c = report.counts()
    return (f"{plural(c['error'], 'error')}, {plural(c['warning'], 'warning')}, "
            f"{plural(c['info'], 'note')}, {c['waived']} waived")


# ------------------------------------------------------------------ text


def text(reports: Iterable[FileReport]) -> str:
    """Human report: per file, results grouped by severity with counts and sources."""
    lines: list[str] = []
    for rep in reports:
        if rep.problems:
            continue  # schema problems are printed by the caller as located errors
        lines.append(f"{rep.file}: {summary(rep)}")
        groups: dict[str, list[Result]] = {k: [] for k in HEADINGS}
        for r in rep.results:
            groups["waived" if r.waiver else r.severity].append(r)
        for key, heading in HEADINGS.items():
            if not groups[key]:
                continue
            lines.append(f"  {heading} ({len(groups[key])})")
            for r in groups[key]:
                option = f"(option {r.option}) " if r.option else ""
                lines.append(f"    [{r.rule}] {option}{r.message}")
                if r.elements:
                    lines.append(f"        elements: {', '.join(r.elements)}")
                lines.append(f"        source: {r.source}")
                if r.fix is not None and not r.waiver:
                    lines.append(f"        suggested fix: {r.fix.label}")
                if r.waiver:
                    w = r.waiver
                    lines.append(f"        {r.severity} waived by {w.author} on "
                                 f"{w.date.isoformat()}: {w.reason}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + ("\n" if lines else "")


# ------------------------------------------------------------------ JSON


def result_json(r: Result) -> dict[str, Any]:
    return {
        "rule": r.rule,
        "severity": r.severity,
        "message": r.message,
        "elements": list(r.elements),
        "source": r.source,
        "fix": None if r.fix is None else {
            "element": r.fix.element, "label": r.fix.label,
            "changes": [{"field": f, "value": v} for f, v in r.fix.changes]},
        "waiver": None if r.waiver is None else r.waiver.model_dump(mode="json"),
        "option": r.option or None,
    }


def json_report(reports: Iterable[FileReport], strict: bool = False) -> dict[str, Any]:
    return {"files": [{
        "file": rep.file,
        "ok": not rep.failing(strict),
        "readable": rep.readable,
        "problems": [p.model_dump() for p in rep.problems],
        "counts": rep.counts(),
        "results": [result_json(r) for r in rep.results],
    } for rep in reports]}


# ------------------------------------------------------------------ SARIF


_ID_LINE = re.compile(r'^\s*"id":\s*"([^"\\]+)"', re.MULTILINE)


def element_lines(text: str) -> dict[str, int]:
    """Line of each element's ``"id"`` in a blueprint's text (first occurrence)."""
    lines: dict[str, int] = {}
    for m in _ID_LINE.finditer(text):
        lines.setdefault(m.group(1), text.count("\n", 0, m.start()) + 1)
    alliance = text.find('"alliance"')
    if alliance >= 0:
        lines.setdefault("alliance", text.count("\n", 0, alliance) + 1)
    return lines


def _uri(file: str) -> str:
    return quote(Path(file).as_posix(), safe="/:._-~")


def sarif(reports: Sequence[FileReport], rules: Sequence[RuleInfo]) -> dict[str, Any]:
    """A SARIF 2.1.0 log: one run, every rule described, every result located."""
    rule_list = list(rules)
    index = {r.id: i for i, r in enumerate(rule_list)}
    descriptors = [{
        "id": r.id,
        "name": r.id,
        "shortDescription": {"text": r.title},
        "fullDescription": {"text": r.description or r.title},
        "defaultConfiguration": {"level": SARIF_LEVEL[r.severity]},
        "properties": {"source": r.source, "pack": r.pack},
    } for r in rule_list]

    def descriptor(rule_id: str, title: str) -> int:
        if rule_id not in index:
            index[rule_id] = len(descriptors)
            descriptors.append({"id": rule_id, "name": rule_id,
                                "shortDescription": {"text": title},
                                "defaultConfiguration": {"level": "note"}})
        return index[rule_id]

    artifacts = []
    results = []
    for a, rep in enumerate(reports):
        artifacts.append({"location": {"uri": _uri(rep.file)}})
        lines = element_lines(rep.text) if rep.text else {}
        for p in rep.problems:
            where: dict[str, Any] = {"artifactLocation": {"uri": _uri(rep.file), "index": a}}
            if p.line is not None:
                where["region"] = {"startLine": p.line}
                if p.column is not None:
                    where["region"]["startColumn"] = p.column
            results.append({
                "ruleId": FILE_FORMAT_RULE,
                "ruleIndex": descriptor(FILE_FORMAT_RULE, "The file is a valid blueprint"),
                "level": "error",
                "message": {"text": str(p)},
                "locations": [{"physicalLocation": where,
                               "logicalLocations": [{"fullyQualifiedName": p.path or "(file)",
                                                     "kind": "member"}]}],
            })
        for r in rep.results:
            physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(rep.file), "index": a}}
            anchor = next((lines[e.split(".")[0]] for e in r.elements
                           if e.split(".")[0] in lines), lines.get("alliance"))
            if anchor:
                physical["region"] = {"startLine": anchor}
            entry: dict[str, Any] = {
                "ruleId": r.rule,
                "ruleIndex": descriptor(r.rule, r.rule),
                "level": SARIF_LEVEL[r.severity],
                "message": {"text": r.message},
                "locations": [{
                    "physicalLocation": physical,
                    "logicalLocations": [{"name": e, "kind": "element"}
                                         for e in r.elements] or
                                        [{"name": "alliance", "kind": "element"}],
                }],
                "properties": {"source": r.source, "elements": list(r.elements)},
            }
            if r.option:
                entry["properties"]["option"] = r.option
            if r.fix is not None:
                entry["properties"]["suggestedFix"] = r.fix.label
            if r.waiver is not None:
                w = r.waiver
                entry["suppressions"] = [{
                    "kind": "external", "status": "accepted",
                    "justification": f"{w.reason} ({w.author}, {w.date.isoformat()})"}]
            results.append(entry)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "Alliance Blueprint Designer",
                "version": __version__,
                "rules": descriptors,
            }},
            "artifacts": artifacts,
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    }


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
