"""Reading XML from outside safely: no entities, no network, no DTD, size and depth limits.

    root = parse_untrusted(path)          # or raises ImportFileError, located

An exchange file is data from another program, maybe from another organisation, so it
is read as if hostile: a file over :data:`MAX_BYTES`, a folder or a device is refused
before it is read; the parser resolves no entities, fetches nothing over the network and
keeps libxml2's limits on (no ``huge_tree``); any DTD is refused outright (the billion
laughs and external entities both live there, and no exchange file needs one); elements
nested deeper than :data:`MAX_DEPTH` are refused.
"""

from __future__ import annotations

import os
from pathlib import Path

from lxml import etree

from designer.core.imports.formats import ImportFileError, Note
from designer.core.io import NotARegularFile, read_file

MAX_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 64


def parser() -> etree.XMLParser:
    """The one parser untrusted XML is read with."""
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                           load_dtd=False, dtd_validation=False, collect_ids=False)


def parse_untrusted(path: str | os.PathLike[str], what: str = "XML") -> etree._Element:
    """The root element of an untrusted XML file. Raises :class:`ImportFileError`."""
    path = Path(path)
    try:
        raw = read_file(path, MAX_BYTES)
    except NotARegularFile as exc:
        message = {"folder": "is a folder, not a file",
                   "special": "is not a regular file (a device, pipe or socket)"}.get(
            exc.kind) or f"is {exc.size:,} bytes; {what} files are read up to {MAX_BYTES:,}"
        raise ImportFileError(path, [Note(message)]) from None
    except FileNotFoundError:
        raise ImportFileError(path, [Note("no such file")]) from None
    except OSError as exc:
        raise ImportFileError(path, [Note(exc.strerror or str(exc))]) from None
    return parse_bytes(raw, path, what)


def parse_bytes(raw: bytes, source: str | os.PathLike[str], what: str = "XML") \
        -> etree._Element:
    try:
        root = etree.fromstring(raw, parser())
    except etree.XMLSyntaxError as exc:
        if _declares_dtd(raw):  # libxml2 may stop at the DTD first (entity amplification)
            raise _dtd_refused(source, raw) from None
        line = exc.lineno or None
        raise ImportFileError(source, [Note(f"not well-formed {what}: {exc.msg}", line)]) \
            from None
    if root is None:
        raise ImportFileError(source, [Note(f"empty: no {what} in the file")])
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise _dtd_refused(source, raw)
    depth = _too_deep(root)
    if depth is not None:
        raise ImportFileError(source, [Note(
            f"elements are nested more than {MAX_DEPTH} deep (<{etree.QName(depth).localname}>)",
            depth.sourceline)])
    return root


_DOCTYPE = (b"<!DOCTYPE", "<!DOCTYPE".encode("utf-16-le"),
            "<!DOCTYPE".encode("utf-16-be"))


def _declares_dtd(raw: bytes) -> bool:
    return any(mark in raw for mark in _DOCTYPE)


def _dtd_refused(source: str | os.PathLike[str], raw: bytes) -> ImportFileError:
    at = raw.find(_DOCTYPE[0])
    line = raw.count(b"\n", 0, at) + 1 if at >= 0 else None
    return ImportFileError(source, [Note(
        "the file declares a DTD (<!DOCTYPE …>); exchange files never need one and it can "
        "hide entity expansion or references to other files, so it is refused", line)])


def _too_deep(root: etree._Element) -> etree._Element | None:
    """The first element deeper than :data:`MAX_DEPTH`, if any."""
    stack = [(root, 1)]
    while stack:
        el, depth = stack.pop()
        if depth > MAX_DEPTH:
            return el
        stack.extend((child, depth + 1) for child in el if isinstance(child.tag, str))
    return None
