"""Load and validate options.csv, criteria.yaml and evidence.csv into domain objects.

Every check collects problems instead of stopping at the first, so `scoring validate` can list them
all; the `load_*` functions raise one ScoringError carrying every problem.
"""
from __future__ import annotations

import codecs
import csv
import hashlib
import io
import math
import os
import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np
import pandas as pd
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import (AliasEvent, DocumentStartEvent, MappingEndEvent, MappingStartEvent, ScalarEvent,
                                SequenceEndEvent, SequenceStartEvent)
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver

from .errors import Problem, ScoringError
from .provenance import MAX_QUOTE_WORDS, NO_RANGE, quote_words
from .numbers import MAX_NUMBER_CHARS, number_hint, parse_number, parse_number_column, too_long
from .model import BASES, KINDS, RELATIONS, UNKNOWN_BASIS, CriteriaSet, Criterion, Dataset, Preference, Profile, split_ids

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OPTIONS = PACKAGE_ROOT / "options.csv"
DEFAULT_CRITERIA = PACKAGE_ROOT / "criteria.yaml"
EVIDENCE_NAME = "evidence.csv"
EVIDENCE_COLUMNS = ("option_id", "criterion_id", "rationale", "locator")
EVIDENCE_PROVENANCE = ("basis", "quote")  # optional: older evidence files load without them (basis 'unknown')


# What an empty file should have held, for the "file is empty" message.
EXPECTED_CONTENT = {
    "options": "a header row with id, title and one column per criterion, then one row per option",
    "criteria": "a YAML mapping with a 'criteria' list",
    "evidence": "a header row with option_id, criterion_id, rationale, locator",
}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# Bounds on what a file may hold before it is read at all (a config file is a few KB, options.csv a few MB).
MAX_COLUMNS = 1_000  # options.csv / evidence.csv header: a table needs id, title, one column per criterion and a few more
MAX_BYTES = {"options": 128 * 2**20, "evidence": 128 * 2**20, "criteria": 2**20, "scenarios": 2**20}
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def is_blank(data: bytes) -> bool:
    """True for a file holding nothing but a byte-order mark and white space."""
    for bom in _BOMS:
        if data.startswith(bom):
            data = data[len(bom):].replace(b"\x00", b"") if bom != codecs.BOM_UTF8 else data[len(bom):]
            break
    return not data.strip()


def empty_problem(name: str, what: str) -> Problem:
    expected = EXPECTED_CONTENT.get(what)
    return Problem(name, f"{what} file is empty" + (f"; expected {expected}" if expected else ""), 1)


def check_size(data_len: int, name: str, what: str) -> None:
    limit = MAX_BYTES.get(what)
    if limit is not None and data_len > limit:
        raise ScoringError.at(name, f"the {what} file is larger than {limit // 2**20} MB; "
                                    f"split it or remove what the analysis does not need")


def read_bytes(path: str | Path, what: str) -> bytes:
    """Read a regular file of at most MAX_BYTES[what], turning 'missing', 'a folder', 'a device' and 'empty' into problems."""
    p = Path(path)
    if not p.exists():
        raise ScoringError.at(str(p), f"{what} file not found")
    if p.is_dir():
        raise ScoringError.at(str(p), f"expected the {what} file, found a folder")
    if not p.is_file():  # /dev/zero or a fifo would never end
        raise ScoringError.at(str(p), f"expected the {what} file, found a device, pipe or socket")
    limit = MAX_BYTES.get(what, 2**31)
    with p.open("rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        check_size(size, str(p), what)
        data = fh.read(size + 1)  # read(limit) would allocate the whole limit up front
    check_size(len(data), str(p), what)
    if is_blank(data):
        raise ScoringError(empty_problem(str(p), what))
    return data


OUTPUT_COLUMNS = ("rank", "score")  # every ranking writes these next to id and title

# C0 control characters other than tab, line feed and carriage return (and DEL): never meant in a text
# cell, and the ones Excel's XML cannot hold (openpyxl raises IllegalCharacterError). Bidirectional
# embeddings, overrides and isolates (U+202A-202E, U+2066-2069) are the same kind: invisible, and they
# reorder how the rest of the text is displayed (a title that reads differently than it is stored;
# Unicode TR36 section 2.1, CVE-2021-42574 "Trojan Source"). The marks U+200E/U+200F that right-to-left
# text legitimately uses are not refused in text.
# C0 controls except tab/LF/CR, DEL, the C1 controls U+0080-U+009F (NEL U+0085 among them), the line and
# paragraph separators U+2028/U+2029 (line ends for Unicode-aware readers, not for CSV) and the bidi controls.
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
CONTROL_NAMES = {0x00: "NUL", 0x0B: "vertical tab", 0x0C: "form feed", 0x1B: "escape", 0x7F: "delete",
                 0x85: "next line (NEL)", 0x2028: "line separator", 0x2029: "paragraph separator",
                 0x202A: "left-to-right embedding", 0x202B: "right-to-left embedding",
                 0x202C: "pop directional formatting", 0x202D: "left-to-right override",
                 0x202E: "right-to-left override", 0x2066: "left-to-right isolate",
                 0x2067: "right-to-left isolate", 0x2068: "first strong isolate", 0x2069: "pop directional isolate"}


def control_problem(text: str) -> str | None:
    """Describe the first control character (C0, DEL, C1, U+2028/U+2029 or bidi control) in `text`, or None."""
    m = CONTROL_CHARS.search(text)
    if m is None:
        return None
    code = ord(m.group())
    name = CONTROL_NAMES.get(code, "C1 control character" if 0x80 <= code <= 0x9F else "control character")
    if 0x202A <= code <= 0x2069:
        return (f"holds a bidirectional control, {name} (U+{code:04X}), at character {m.start() + 1}: it is invisible "
                "and changes how the text is displayed; remove it")
    return (f"holds a {name} (U+{code:04X}) at character {m.start() + 1}, often pasted from slides or PDFs; "
            "replace it with a space or remove it")


# Invisible characters that are not Unicode format characters (Cf) but show as nothing in an id.
_INVISIBLE_LETTERS = {0x115F, 0x1160, 0x2800, 0x3164, 0xFFA0}


def invisible_problem(text: str) -> str | None:
    """Describe the first invisible character in an id (Unicode category Cf: zero-width space/joiners,
    word joiner, byte-order mark, direction marks and controls, soft hyphen; or a Hangul filler or blank
    Braille cell), or None. Two ids that differ only by one look the same and silently stay two.
    """
    if text.isascii():
        return None
    for k, ch in enumerate(text):
        code = ord(ch)
        if unicodedata.category(ch) == "Cf" or code in _INVISIBLE_LETTERS:
            return (f"holds an invisible character U+{code:04X} ({unicodedata.name(ch, 'format character')}) at "
                    f"character {k + 1}; an id must be visible text: remove it")
    return None


def visible(text: str) -> str:
    """`text` without the characters invisible_problem names."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf" and ord(ch) not in _INVISIBLE_LETTERS)


def shown_id(text: str) -> str:
    """`text` with each invisible character written as its escape (`impact\\u200b`), for a message or a column name."""
    if text.isascii():
        return text
    return "".join(f"\\u{ord(ch):04x}" if unicodedata.category(ch) == "Cf" or ord(ch) in _INVISIBLE_LETTERS else ch
                   for ch in text)


def unknown_id(what: str, given: object, known: Sequence[str]) -> str:
    """The message for an id that matches none of `known`: "unknown criterion 'x' (known: a, b)", or, when
    `given` holds an invisible character, which one and where (invisible_problem, as for ids in the data
    files), e.g. "criterion 'impact\\u200b' holds an invisible character U+200B (ZERO WIDTH SPACE) at
    character 7; an id must be visible text: remove it ('impact' is a known criterion)"."""
    text = str(given)
    bad = invisible_problem(text)
    if bad is None:
        if (like := lookalike_of(text, known)) is not None:
            return (f"unknown {what} '{text}': it looks like the {what} '{like}' but is other text "
                    f"({lookalike_note(text, like)}); type it in plain letters")
        if (like := case_variant_of(text, known)) is not None:
            return f"unknown {what} '{text}': it looks like the {what} '{like}' (ids are case-sensitive)"
        return f"unknown {what} '{text}' (known: {', '.join(known) or 'none defined'})"
    seen = visible(text)
    return f"{what} '{shown_id(text)}' {bad}" + (f" ('{seen}' is a known {what})" if seen in known else "")


# Letters of other scripts drawn like a Latin letter in common fonts: the one-letter Cyrillic, Greek and Armenian
# entries of Unicode TR39's confusables.txt whose prototype is a Latin letter (a subset; NFKC covers fullwidth and
# mathematical letters, accents are dropped separately), keyed by the look-alike.
_LOOKALIKES = str.maketrans({
    "а": "a", "в": "B", "с": "c", "ԁ": "d", "е": "e", "һ": "h", "і": "i", "ј": "j", "к": "k", "ӏ": "l", "м": "M",
    "н": "H", "о": "o", "р": "p", "ԛ": "q", "ѕ": "s", "т": "T", "у": "y", "ѵ": "v", "ԝ": "w", "х": "x", "ү": "y",
    "А": "A", "В": "B", "С": "C", "Е": "E", "Н": "H", "І": "I", "Ј": "J", "К": "K", "М": "M", "О": "O", "Р": "P",
    "Ѕ": "S", "Т": "T", "Ԛ": "Q", "Ԝ": "W", "Х": "X", "У": "Y", "Ү": "Y", "Ӏ": "l",
    "α": "a", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "υ": "u", "χ": "x", "γ": "y",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P",
    "Τ": "T", "Υ": "Y", "Χ": "X", "օ": "o", "ո": "n", "ս": "u", "հ": "h", "ց": "g", "ı": "i", "ȷ": "j",
})


def skeleton(text: str) -> str:
    """What `text` looks like, for telling look-alike ids apart (after Unicode TR39's skeleton, simplified): NFKC
    (fullwidth 'ｉ' and mathematical letters become 'i'), accents dropped ('é' -> 'e'), and Cyrillic, Greek or
    Armenian letters drawn like a Latin one replaced by it ('і' -> 'i', 'о' -> 'o'). Case is kept; ASCII is unchanged."""
    if text.isascii():
        return text
    t = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", visible(text)))
    return "".join(ch for ch in t if not unicodedata.combining(ch)).translate(_LOOKALIKES)


def foreign_chars(text: str) -> str:
    """The non-ASCII characters of `text`, named: "U+0456 (CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I) at
    character 1" (at most three, then how many more)."""
    found = [(k, ch) for k, ch in enumerate(text) if ord(ch) > 127]
    named = [f"U+{ord(ch):04X} ({unicodedata.name(ch, 'unnamed character')}) at character {k + 1}" for k, ch in found[:3]]
    return ", ".join(named) + (f" and {len(found) - 3} more" if len(found) > 3 else "")


def lookalike_of(text: str, known: Iterable[str]) -> str | None:
    """The id in `known` that `text` looks like without being it (the same skeleton), else None."""
    known = list(known)
    if text.isascii() and all(k.isascii() for k in known):
        return None
    sk = skeleton(text)
    return next((k for k in known if k != text and skeleton(k) == sk), None)


def case_variant_of(text: str, known: Iterable[str]) -> str | None:
    """The id in `known` that `text` equals but for letter case (or case and look-alikes), else None."""
    low = skeleton(text).casefold()
    return next((k for k in known if k != text and skeleton(k).casefold() == low), None)


def lookalike_note(text: str, like: str) -> str:
    """Why `text` is not `like` though it looks like it: the look-alike characters named (on the side that holds
    them), e.g. "'іmpact' holds U+0456 (CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I) at character 1"."""
    side = text if not text.isascii() else like
    return f"'{shown_id(side)}' holds {foreign_chars(side)}"


def id_key(text: str) -> str:
    """What an id is compared by: NFC, so 'é' typed as one character or as e + accent is the same id."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _decode(data: bytes, name: str) -> str:
    """UTF-8 text (BOM dropped), or a problem that says what the file is and what to do."""
    kind = "YAML" if name.lower().endswith((".yaml", ".yml")) else "CSV"
    save_as = "save it as 'CSV UTF-8 (comma delimited)'" if kind == "CSV" else "save it as UTF-8 text"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise ScoringError.at(name, f"this is an Excel workbook (or another binary file), not {kind} text; "
                                    f"open it in your spreadsheet and {save_as}", line=1)
    head = data[:512]
    # UTF-32 first: its little-endian BOM (FF FE 00 00) starts with UTF-16's (FF FE); ASCII text in
    # UTF-32 has three NUL bytes of every four, in UTF-16 one of two.
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) or head.count(b"\x00") > len(head) * 5 // 8:
        raise ScoringError.at(name, f"this file is UTF-32 text; {save_as}", line=1)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or head.count(b"\x00") > len(head) // 4:
        raise ScoringError.at(name, f"this file is UTF-16 text (as 'Unicode text' exports are); {save_as}", line=1)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        byte = data[exc.start]
        legacy = bytes([byte]).decode("cp1252", errors="replace")
        raise ScoringError.at(name, f"byte 0x{byte:02X} at character {col} is not UTF-8 (in Windows-1252 it is "
                                    f"'{legacy}'): the file was saved in a legacy encoding; {save_as}",
                              line=line) from None


# ---------------------------------------------------------------- criteria.yaml

def node_line(node: Node | None) -> int | None:
    return node.start_mark.line + 1 if node is not None else None


def unknown_key_problems(item: dict, node: Node | None, allowed: Sequence[str], name: str, where: str,
                         line: int | None, what: str) -> list[Problem]:
    """One Problem per key of the mapping `item` that is not in `allowed`: a misspelt key is never
    silently ignored (a `wieght: 3` would leave the default weight 1). The message names the key as
    written (invisible characters escaped and named), the closest allowed key, and every allowed key;
    the line is the key's own line. `what` says whose key it is ("criterion 'impact'", "the file")."""
    import difflib

    keys = {k.value: k for k, _ in node.value if isinstance(k, ScalarNode)} if isinstance(node, MappingNode) else {}
    out: list[Problem] = []
    for key in item:
        text = str(key)
        if text in allowed:
            continue
        seen = visible(text)
        bad = invisible_problem(text)
        like = None if seen in allowed else lookalike_of(seen, allowed)
        near = [seen] if seen in allowed else [like] if like else difflib.get_close_matches(seen, list(allowed), n=1, cutoff=0.6)
        hint = f"; did you mean '{near[0]}'?" if near else ""
        said = f"unknown key '{shown_id(text)}'" + (f" ({bad})" if bad else "") + (
            f" (it looks like '{like}' but is other text: {lookalike_note(seen, like)})" if like else "")
        out.append(Problem(name, f"{what}: {said}{hint} (expected: {', '.join(allowed)})",
                           node_line(keys.get(text)) or line, f"{where}.{shown_id(text)}" if where else shown_id(text)))
    return out


def _mapping_nodes(node: Node | None) -> dict[str, Node]:
    if not isinstance(node, MappingNode):
        return {}
    return {k.value: v for k, v in node.value if isinstance(k, ScalarNode)}


# The keys criteria.yaml may use (docs/data.md, "criteria.yaml"); any other key is refused, never ignored.
CRITERIA_FILE_KEYS = ("criteria", "profiles")
CRITERION_KEYS = ("id", "label", "direction", "scale", "weight", "description", "rubric", "preference")

# Config files are small and flat: these bounds refuse attacks before anything is built.
MAX_YAML_DEPTH = 32  # nested mappings/sequences; criteria.yaml needs 4
_TAG = "tag:yaml.org,2002:"
_YAML12 = VersionedResolver(version=(1, 2))
_INT_FORMS = re.compile(r"[+-]?(?:[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)")
_SPECIAL_FLOATS = {".inf": math.inf, "+.inf": math.inf, "-.inf": -math.inf, ".nan": math.nan}


class _YamlRefusal(Exception):
    def __init__(self, message: str, mark: Any):
        super().__init__(message)
        self.message, self.mark = message, mark


def _scalar(ev: ScalarEvent) -> tuple[Any, str]:
    """Construct one scalar under the YAML 1.2 core schema: (value, tag).

    `010` is 10 (no octal), `1:30` and `yes` are strings (no sexagesimal, no yes/no booleans), `1e6` is a
    number; digit separators (`1_0`) and timestamps stay strings, as the CSV reader keeps them; a
    number longer than MAX_NUMBER_CHARS is refused.
    """
    text = ev.value
    tag = ev.tag
    if tag is None:
        if ev.style or not ev.implicit[0]:  # quoted or block: always a string
            kind_text = control_problem(text)
            if kind_text:
                raise _YamlRefusal(f"the text {kind_text}", ev.start_mark)
            return text, _TAG + "str"
        tag = str(_YAML12.resolve(ScalarNode, text, ev.implicit))
    if tag == "!":
        tag = _TAG + "str"
    kind = tag[len(_TAG):] if tag.startswith(_TAG) else None
    if kind not in ("str", "int", "float", "bool", "null", "timestamp"):
        raise _YamlRefusal(f"tag {tag} is not allowed in config files; write plain values", ev.start_mark)
    if kind in ("int", "float") and too_long(text):
        raise _YamlRefusal(f"a number of {len(text.strip())} characters is too long (at most {MAX_NUMBER_CHARS}); "
                           "was a value pasted twice?", ev.start_mark)
    if kind == "null":
        return None, tag
    if kind == "bool":
        if text.lower() not in ("true", "false"):
            raise _YamlRefusal(f"expected true or false for an explicit !!bool, got '{text}'", ev.start_mark)
        return text.lower() == "true", tag
    if kind == "int" and _INT_FORMS.fullmatch(text.strip()):
        t = text.strip()
        if t.lstrip("+-")[:2] in ("0x", "0o"):  # the CSV and --weights refuse hex: so does the config
            raise _YamlRefusal(f"'{t}' is a hex or octal number; write the plain decimal "
                               f"({int(t.replace('0x', '').replace('0o', ''), 16 if '0x' in t else 8)}), "
                               "or quote it if it is text", ev.start_mark)
        return int(t), tag
    if kind in ("int", "float"):
        special = _SPECIAL_FLOATS.get(text.strip().lower())
        if special is not None:
            return special, _TAG + "float"
        num = parse_number(text)
        if num is not None:
            return num, _TAG + "float"
        hint = number_hint(text)
        if hint:  # 1e-400: a number as written, 0 as a float
            raise _YamlRefusal(f"expected a number, got '{text.strip()}'{hint}", ev.start_mark)
        if ev.tag is not None:
            raise _YamlRefusal(f"expected a number after {ev.tag}, got '{text}'", ev.start_mark)
    bad = control_problem(text)
    if bad:
        raise _YamlRefusal(f"the text {bad}", ev.start_mark)
    return text, _TAG + "str"  # 1_0, timestamps and the like stay text, as in the CSV


def _build_yaml(text: str) -> tuple[Any, Node | None]:
    """Build data and nodes (for line numbers) in one pass over ruamel.yaml's YAML 1.2 event stream.

    Refused before anything is built: anchors and aliases (a 0.5 KB "billion laughs" file expands to
    gigabytes), nesting deeper than MAX_YAML_DEPTH (a RecursionError otherwise), tags other than the
    core schema's, non-scalar keys, duplicate keys (named with both lines) and more than one document.
    """
    stack: list[tuple[Node, Any, dict[Any, int], list[Any]]] = []  # node, data, key lines (mappings), pending key
    root: tuple[Node, Any] | None = None
    documents = 0

    def add(node: Node, value: Any) -> None:
        nonlocal root
        if not stack:
            root = (node, value)
            return
        parent, data, keys, pending = stack[-1]
        if isinstance(parent, SequenceNode):
            parent.value.append(node)
            data.append(value)
        elif not pending:
            if not isinstance(node, ScalarNode):
                raise _YamlRefusal("a mapping key must be plain text, not a list or mapping", node.start_mark)
            key = value if not isinstance(value, float) or not math.isnan(value) else str(node.value)
            line = node.start_mark.line + 1
            if key in keys:
                raise _YamlRefusal(f"duplicate key '{node.value}' (first at line {keys[key]}); "
                                   "a key may appear only once in a mapping", node.start_mark)
            keys[key] = line
            pending.append((node, key))
        else:
            knode, key = pending.pop()
            parent.value.append((knode, node))
            data[key] = value

    for ev in YAML(typ="safe", pure=True).parse(text):
        if isinstance(ev, AliasEvent) or getattr(ev, "anchor", None):
            raise _YamlRefusal(f"anchors and aliases (&{ev.anchor} / *{ev.anchor}) are not allowed in config files; "
                               "write the value out where it is needed", ev.start_mark)
        if isinstance(ev, DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise _YamlRefusal("expected one YAML document, found a second (---)", ev.start_mark)
        elif isinstance(ev, ScalarEvent):
            value, tag = _scalar(ev)
            add(ScalarNode(tag, ev.value, ev.start_mark, ev.end_mark, style=ev.style), value)
        elif isinstance(ev, (SequenceStartEvent, MappingStartEvent)):
            if len(stack) >= MAX_YAML_DEPTH:
                raise _YamlRefusal(f"nested more than {MAX_YAML_DEPTH} levels deep; config files need a few", ev.start_mark)
            if ev.tag is not None and ev.tag not in (_TAG + "seq", _TAG + "map", "!"):
                raise _YamlRefusal(f"tag {ev.tag} is not allowed in config files; write plain values", ev.start_mark)
            seq = isinstance(ev, SequenceStartEvent)
            node = (SequenceNode if seq else MappingNode)(_TAG + ("seq" if seq else "map"), [], ev.start_mark, ev.end_mark,
                                                          flow_style=ev.flow_style)
            stack.append((node, [] if seq else {}, {}, []))
        elif isinstance(ev, (SequenceEndEvent, MappingEndEvent)):
            node, data, _, _ = stack.pop()
            node.end_mark = ev.end_mark
            add(node, data)
    return (root[1], root[0]) if root is not None else (None, None)


_UNICODE_BREAKS = re.compile("[\x85\u2028\u2029]")


def read_yaml(data: bytes, name: str) -> tuple[Any, Node | None, list[Problem]]:
    """Load YAML 1.2 (ruamel.yaml's parser) into data and a node tree whose marks give line numbers.

    Every refusal is one located Problem: syntax errors, anchors/aliases, nesting, tags, duplicate keys,
    overlong numbers (see _build_yaml). Returns (data, root node, problems).
    """
    try:
        text = _decode(data, name)
    except ScoringError as exc:
        return None, None, list(exc.problems)
    raw_break = _UNICODE_BREAKS.search(text)  # ruamel.yaml reads these as line ends (YAML 1.1), so a scalar never holds them
    if raw_break:
        at = raw_break.start()
        line_start = text.rfind("\n", 0, at) + 1
        return None, None, [Problem(name, f"column {at - line_start + 1}: the text {control_problem(text[line_start:at + 1])}",
                                    line=text.count("\n", 0, at) + 1)]
    try:
        doc, root_node = _build_yaml(text)
    except _YamlRefusal as exc:
        return None, None, [Problem(name, f"column {exc.mark.column + 1}: {exc.message}", line=exc.mark.line + 1)]
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        where = f" at column {mark.column + 1}" if mark is not None else ""
        return None, None, [Problem(name, f"malformed YAML{where}: {what}", line=line)]
    return doc, root_node, []


def _as_written(value: Any) -> str:
    """A YAML value for a message as a person wrote it: 'nothing' for an empty value, never a Python repr."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return ".nan" if math.isnan(value) else (".inf" if value > 0 else "-.inf")
    if isinstance(value, (int, float)):
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_as_written(v).strip(chr(39))}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_as_written(v).strip(chr(39)) for v in value) + "]"
    return f"'{value}'"


def finite_number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


# What each PROMETHEE preference function needs (Brans & Vincke 1985): thresholds in scale units.
_PREFERENCE_NEEDS = {"usual": "", "u-shape": "q >= 0", "v-shape": "p > 0", "level": "0 <= q < p",
                     "linear": "0 <= q < p", "gaussian": "s > 0"}


def _parse_preference(raw: object, cid: str) -> tuple[Preference, str | None]:
    """`preference: {type, q, p, s}` of one criterion -> (Preference, problem text or None)."""
    from .model import PREFERENCE_TYPES

    if not isinstance(raw, dict) or raw.get("type", "usual") not in PREFERENCE_TYPES:
        return Preference(), (f"criterion '{cid}': expected preference type one of {', '.join(PREFERENCE_TYPES)}, "
                              f"got {_as_written(raw)}")
    kind = raw.get("type", "usual")
    q, p, s = (finite_number(raw.get(k, 0)) for k in ("q", "p", "s"))
    ok = {"usual": True,
          "u-shape": q is not None and q >= 0,
          "v-shape": p is not None and p > 0,
          "level": q is not None and p is not None and 0 <= q < p,
          "linear": q is not None and p is not None and 0 <= q < p,
          "gaussian": s is not None and s > 0}[kind]
    if not ok:
        article = "an" if kind[0] in "aeiou" else "a"
        got = ", ".join(f"{k}={_as_written(raw.get(k))}" for k in ("q", "p", "s") if k in raw) or "no thresholds"
        return Preference(), f"criterion '{cid}': {article} {kind} preference needs numbers {_PREFERENCE_NEEDS[kind]}, got {got}"
    return Preference(kind, float(q or 0.0), float(p or 0.0), float(s or 0.0)), None


def parse_criteria(data: bytes, name: str = "criteria.yaml") -> tuple[CriteriaSet | None, list[Problem]]:
    """Parse criteria YAML text; return the set (None if unusable) and every problem found."""
    if is_blank(data):
        return None, [empty_problem(name, "criteria")]
    doc, root_node, problems = read_yaml(data, name)
    if problems:
        return None, problems
    if not isinstance(doc, dict) or "criteria" not in doc:
        return None, [Problem(name, "expected a mapping with a 'criteria' list at the top", line=1)]
    top = _mapping_nodes(root_node)
    problems.extend(unknown_key_problems(doc, root_node, CRITERIA_FILE_KEYS, name, "", 1, "the file"))
    raw = doc["criteria"]
    if not isinstance(raw, list) or not raw:
        return None, [Problem(name, "expected 'criteria' to be a non-empty list", line=node_line(top.get("criteria")), column="criteria")]
    item_nodes = top["criteria"].value if isinstance(top.get("criteria"), SequenceNode) else []
    criteria: list[Criterion] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(raw):
        node = item_nodes[i] if i < len(item_nodes) else None
        fields = _mapping_nodes(node)
        line = node_line(node)

        def at(key: str) -> int | None:
            return node_line(fields.get(key)) or line

        where = f"criteria[{i}]"
        if not isinstance(item, dict):
            problems.append(Problem(name, "expected a mapping with id, label, direction, scale and weight", line, where))
            continue
        id_node = fields.get("id")  # an id is the text as written: `010` stays '010', `true` stays 'true'
        cid = id_node.value if isinstance(id_node, ScalarNode) and not str(id_node.tag).endswith("null") else item.get("id")
        if not isinstance(cid, (str, int, float)) or str(cid).strip() == "":
            problems.append(Problem(name, "criterion has no id", line, f"{where}.id"))
            continue
        cid = str(cid).strip()
        bad = invisible_problem(cid)
        if bad:
            problems.append(Problem(name, f"criterion id {cid!r} {bad}", at("id"), f"{where}.id"))
            continue
        if cid in seen:
            problems.append(Problem(name, f"duplicate criterion id '{cid}' (first at line {seen[cid]})", at("id"), f"{where}.id"))
            continue
        seen[cid] = line or 0
        problems.extend(unknown_key_problems(item, node, CRITERION_KEYS, name, where, line, f"criterion '{cid}'"))
        for key, allowed in (("scale", ("min", "max")), ("preference", ("type", "q", "p", "s"))):
            if isinstance(item.get(key), dict):
                problems.extend(unknown_key_problems(item[key], fields.get(key), allowed, name, f"{where}.{key}",
                                                     at(key), f"criterion '{cid}', {key}"))
        if cid in ("id", "title", *OUTPUT_COLUMNS) or cid.endswith(("_low", "_high")):
            problems.append(Problem(name, f"criterion id '{cid}' clashes with a reserved column name", at("id"), f"{where}.id"))
        direction = item.get("direction")
        if direction not in ("benefit", "cost"):
            problems.append(Problem(name, f"criterion '{cid}': expected direction 'benefit' or 'cost', got {_as_written(direction)}", at("direction"), f"{where}.direction"))
        scale = item.get("scale", {"min": 1, "max": 5})
        smin = finite_number(scale.get("min")) if isinstance(scale, dict) else None
        smax = finite_number(scale.get("max")) if isinstance(scale, dict) else None
        if smin is None or smax is None:
            problems.append(Problem(name, f"criterion '{cid}': expected scale {{min: <number>, max: <number>}}, got {_as_written(scale)}", at("scale"), f"{where}.scale"))
        elif smin >= smax:
            problems.append(Problem(name, f"criterion '{cid}': scale min must be below max, got min {smin:g} >= max {smax:g}", at("scale"), f"{where}.scale"))
        elif not math.isfinite(smax - smin):
            problems.append(Problem(name, f"criterion '{cid}': the scale is too wide to compute with (max - min = {smax:g} - ({smin:g}) "
                                          "overflows); declare the range the scores are given on", at("scale"), f"{where}.scale"))
        weight = finite_number(item.get("weight", 1))
        if weight is None:
            raw_w = item.get("weight")
            hint = number_hint(raw_w) if isinstance(raw_w, str) else ""
            problems.append(Problem(name, f"criterion '{cid}': expected a non-negative number as weight, got {_as_written(raw_w)}{hint}", at("weight"), f"{where}.weight"))
        elif weight < 0:
            problems.append(Problem(name, f"criterion '{cid}': weight must not be negative, got {weight:g}", at("weight"), f"{where}.weight"))
        pref_raw = item.get("preference") or {"type": "usual"}
        pref, pref_problem = _parse_preference(pref_raw, cid)
        if pref_problem:
            problems.append(Problem(name, pref_problem, at("preference"), f"{where}.preference"))
        rubric = _parse_rubric(item.get("rubric") or {}, cid, name, at("rubric"), f"{where}.rubric", problems)
        if smin is not None and smax is not None and smin < smax:
            for point in rubric:
                value = None if isinstance(point, bool) else finite_number(point) if not isinstance(point, str) else parse_number(point)
                if value is None or not smin <= value <= smax:
                    what = "is not a number on the scale" if value is None else "is outside the scale"
                    problems.append(Problem(name, f"criterion '{cid}': rubric point {point} {what} {smin:g} to {smax:g}; "
                                                  "rubric points are scores on the criterion's scale", at("rubric"), f"{where}.rubric.{point}"))
        if direction in ("benefit", "cost") and smin is not None and smax is not None and smin < smax and weight is not None and weight >= 0:
            criteria.append(Criterion(
                id=cid, label=str(item.get("label") or cid), direction=direction, scale_min=smin, scale_max=smax,
                weight=weight, description=str(item.get("description") or "").strip(),
                rubric=rubric, preference=pref,
            ))
    profiles = _parse_profiles(doc.get("profiles") or {}, top.get("profiles"), seen, name, problems)
    if problems:
        return None, problems
    cs = CriteriaSet(tuple(criteria), profiles, source=name, sha256=sha256(data))
    if float(cs.default_weights.sum()) <= 0:
        return None, [Problem(name, "all default weights are zero; at least one criterion needs a positive weight", node_line(top.get("criteria")), "weight")]
    return cs, problems


def _parse_rubric(raw: Any, cid: str, name: str, line: int | None, where: str,
                  problems: list[Problem]) -> dict[int | str, str | dict[str, str]]:
    """Scale point -> anchor text, or -> {kind: anchor} with kinds from model.KINDS (docs/data.md, rubric)."""
    if not isinstance(raw, dict):
        problems.append(Problem(name, f"criterion '{cid}': expected rubric to map scale points to text", line, where))
        return {}
    out: dict[int | str, str | dict[str, str]] = {}
    for k, v in raw.items():
        point: int | str = int(k) if str(k).lstrip("-").isdigit() else k
        if isinstance(v, dict):
            unknown = [str(kind) for kind in v if str(kind) not in KINDS]
            if unknown:
                problems.append(Problem(name, f"criterion '{cid}': rubric point {k} names unknown kind(s) "
                                              f"{', '.join(unknown)} (expected: {', '.join(KINDS)})", line, f"{where}.{k}"))
            empty = [str(kind) for kind, text in v.items() if not str(text or "").strip()]
            if empty:
                problems.append(Problem(name, f"criterion '{cid}': rubric point {k} has an empty anchor for {', '.join(empty)}",
                                        line, f"{where}.{k}"))
            out[point] = {str(kind): " ".join(str(text or "").split()) for kind, text in v.items()}
        else:
            out[point] = str(v)
    return out


def check_rubric_kinds(criteria: CriteriaSet, options: pd.DataFrame, name: str = "criteria.yaml") -> list[Problem]:
    """A per-kind rubric point must give an anchor for every kind the options use."""
    if "kind" not in options.columns:
        return []
    used = sorted({k for k in options["kind"].astype(str) if k})
    problems = []
    for c in criteria.criteria:
        for point, value in c.rubric.items():
            if isinstance(value, dict):
                missing = [k for k in used if k not in value]
                if missing:
                    problems.append(Problem(name, f"criterion '{c.id}': rubric point {point} has no anchor for the option "
                                                  f"kind(s) {', '.join(missing)} used in the options", None, f"{c.id}.rubric.{point}"))
    return problems


def _parse_profiles(raw: Any, node: Node | None, known: dict[str, int], name: str, problems: list[Problem]) -> dict[str, Profile]:
    if not isinstance(raw, dict):
        problems.append(Problem(name, "expected 'profiles' to map names to weight sets", node_line(node), "profiles"))
        return {}
    nodes = _mapping_nodes(node)
    profiles: dict[str, Profile] = {}
    for pname, body in raw.items():
        line = node_line(nodes.get(str(pname)))
        where = f"profiles.{shown_id(str(pname))}"
        description = ""
        weights = body
        if isinstance(body, dict) and "weights" in body:
            problems.extend(unknown_key_problems(body, nodes.get(str(pname)), ("description", "weights"), name, where,
                                                 line, f"profile '{shown_id(str(pname))}'"))
            description = str(body.get("description") or "")
            weights = body["weights"]
        if not isinstance(weights, dict) or not weights:
            problems.append(Problem(name, f"profile '{pname}': expected a mapping of criterion id to weight", line, where))
            continue
        ok = True
        if (bad := invisible_problem(str(pname))) is not None:
            problems.append(Problem(name, f"profile name '{shown_id(str(pname))}' {bad}", line, where))
            ok = False
        for cid, w in weights.items():
            if str(cid) not in known:
                problems.append(Problem(name, f"profile '{pname}': {unknown_id('criterion', cid, list(known))}", line, where))
                ok = False
            elif finite_number(w) is None or float(w) < 0:
                problems.append(Problem(name, f"profile '{pname}': weight of '{cid}' must be a non-negative number, got {_as_written(w)}", line, where))
                ok = False
        if ok and sum(float(w) for w in weights.values()) <= 0:
            problems.append(Problem(name, f"profile '{pname}': all weights are zero", line, where))
            ok = False
        if ok:
            profiles[str(pname)] = Profile(str(pname), {str(k): float(v) for k, v in weights.items()}, description)
    return profiles


def load_criteria(path: str | Path | None = None) -> CriteriaSet:
    p = Path(path) if path is not None else DEFAULT_CRITERIA
    cs, problems = parse_criteria(read_bytes(p, "criteria"), str(p))
    if problems or cs is None:
        raise ScoringError(problems)
    return cs


# ---------------------------------------------------------------- options.csv

_SEPARATORS = {";": "semicolons (';'), as spreadsheets set to a European locale save CSV", "\t": "tabs",
               "|": "pipes ('|')"}


def _missing_column(header: list[str], col: str) -> str:
    """' (found 'ID'; ...)' when the header has `col` in other letter case, or written with look-alike characters
    of another script or fullwidth ('іmpact' with a Cyrillic 'і'), else ''."""
    if (like := lookalike_of(col, header)) is not None:
        fix = f"write '{col}' in plain letters" if col.isascii() else "type the id in plain letters in both files"
        return f" (found '{like}', which looks like it but is other text: {lookalike_note(like, col)}; {fix})"
    found = [h for h in header if h.lower() == col.lower()]
    if not found and (like := case_variant_of(col, header)) is not None:
        found = [like]
    return f" (found '{found[0]}'; column names are case-sensitive: write '{col}')" if found else ""


def _near_miss_columns(header: list[str], expected: dict[str, str], name: str) -> list[Problem]:
    """A Problem for each header column that is not one the loader reads but looks like one (`expected`: column ->
    what it holds): 'Impact' beside or instead of 'impact_low' would be kept as a descriptive column and its
    values never read. Columns whose expected name is missing are left to the missing-column message."""
    problems = []
    present = set(header)
    looks = {skeleton(e): e for e in expected}  # built once: a header may hold 1,000 columns
    cases = {skeleton(e).casefold(): e for e in expected}
    for col in header:
        if col in expected:
            continue
        like = looks.get(skeleton(col))
        case = like is None and (like := cases.get(skeleton(col).casefold())) is not None
        if like is None or (like not in present and expected[like].startswith("required")):
            continue
        why = ("ids are case-sensitive" if case
               else f"it is other text: {lookalike_note(col, like)}")
        plain = "" if case else " in plain letters"
        problems.append(Problem(name, f"column '{shown_id(col)}' looks like '{like}', {expected[like].removeprefix('required ')} "
                                      f"({why}), and would not be read as it; write '{like}'{plain}, or give the "
                                      "column a name of its own", 1, shown_id(col)))
    return problems


def _header_name(cell: str) -> str:
    """A header cell without the invisible characters a spreadsheet or a copy from the web leaves in it (the
    set invisible_problem names in ids: zero-width space, joiners, BOM, direction marks, soft hyphen), so
    `impact\u200b` matches `impact`."""
    return visible(cell).strip()


def _unclosed_quote_line(text: str) -> int | None:
    """Line of a double quote that opens a cell and is never closed (an odd number of quotes), else None."""
    state, opened = False, 0
    for m in re.finditer('"', text):  # only the quotes, not every character
        state = not state
        if state:
            opened = m.start()
    return text.count("\n", 0, opened) + 1 if state else None


def _csv_file_rows(data: bytes, name: str, what: str) -> tuple[list[str], list[tuple[int, list[str]]], list[Problem]]:
    """`_read_csv_rows` of a file's bytes: header, (line, cells) rows, and the problems that stop the reading (an
    empty `what` file, bytes that are not text, malformed CSV, `_read_csv_rows`'s own); rows count only without them."""
    if is_blank(data):
        return [], [], [empty_problem(name, what)]
    try:
        return _read_csv_rows(_decode(data, name), name)
    except ScoringError as exc:
        return [], [], list(exc.problems)
    except csv.Error as exc:
        return [], [], [Problem(name, f"malformed CSV: {exc}")]


def _read_csv_rows(text: str, name: str) -> tuple[list[str], list[tuple[int, list[str]]], list[Problem]]:
    """Header and (line number, cells) for each record; line numbers survive quoted newlines.

    Problems found while reading: another separator than the comma; a quote that runs over line
    ends and swallows what look like rows (named by the line where it opened); unnamed header
    columns other than trailing empty ones (dropped, as spreadsheets add them); control characters.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, list[str]]] = []
    header: list[str] = []
    problems: list[Problem] = []
    last = 0
    for cells in reader:
        start = last + 1
        last = reader.line_num
        if not header:
            end = text.find("\n")
            first_line = text if end < 0 else text[:end]  # once per file (splitting the text per row was O(rows^2))
            hint_line = first_line.strip()
            if start == 1 and re.fullmatch(r"sep=.?", hint_line, re.IGNORECASE):
                return [], [], [Problem(name, f"remove the first line '{hint_line}' (Excel's separator hint); "
                                              "the header with the column names must be the first line", 1)]
            header = [_header_name(c) for c in cells]
            while header and header[-1] == "":
                header.pop()
            for sep, what in _SEPARATORS.items():
                if first_line.count(sep) > first_line.count(","):
                    problems.append(Problem(name, f"the file is separated by {what}; expected commas: "
                                                  "save it as 'CSV UTF-8 (comma delimited)'", 1))
                    return header, [], problems
            if len(header) > MAX_COLUMNS:
                problems.append(Problem(name, f"the header has {len(header):,} columns; expected id, title, one per "
                                              f"criterion and a few descriptive columns (at most {MAX_COLUMNS:,})", 1))
                return header, [], problems
            for k, col in enumerate(header):
                if col == "":
                    problems.append(Problem(name, f"the header's column {k + 1} has no name", 1))
            continue
        if not any(c.strip() for c in cells):
            continue
        if last > start:  # a record over several lines: a quoted line break, or a stray quote?
            swallowed = _swallowed_rows(cells, len(header))
            if swallowed is not None:
                k, inner = swallowed
                opened = start + sum(c.count("\n") for c in cells[:k])
                problems.append(Problem(name, f"a quote (\") opened on line {opened} runs over {last - opened} line ends "
                                              f"and swallows {inner} line(s) that look like rows; close the quote, "
                                              "or write a quote inside a cell as two quotes (\"\")", opened,
                                        header[k] if k < len(header) else None))
        rows.append((start, cells))
    if not problems:
        open_line = _unclosed_quote_line(text) if text.count('"') % 2 else None
        if open_line is not None:
            problems.append(Problem(name, "a quote (\") opened on this line is never closed: every line after it "
                                          "is read as part of one cell; close the quote", open_line))
    if not problems and CONTROL_CHARS.search(text):
        for line, cells in rows:
            for k, cell in enumerate(cells):
                bad = control_problem(cell)
                if bad:
                    problems.append(Problem(name, f"the cell {bad}", line, header[k] if k < len(header) else None))
    return header, rows, problems


def _swallowed_rows(cells: list[str], width: int) -> tuple[int, int] | None:
    """(index of the cell, lines inside it that look like rows) for a cell spanning line ends that holds
    lines with as many commas as a row has, or None."""
    if width < 2:
        return None
    for k, cell in enumerate(cells):
        if "\n" not in cell:
            continue
        inner = sum(1 for ln in cell.split("\n")[1:] if ln.count(",") >= width - 1)
        if inner:
            return k, inner
    return None


def parse_options(data: bytes, criteria: CriteriaSet, name: str = "options.csv") -> tuple[pd.DataFrame | None, list[Problem]]:
    """Parse options CSV text; return a frame with float score columns and every problem found."""
    header, rows, problems = _csv_file_rows(data, name, "options")
    if problems:
        return None, problems
    required = ["id", "title", *criteria.ids]
    missing = [c for c in required if c not in header]
    for col in missing:
        what = "a score column for criterion" if col in criteria.ids else "the required column"
        problems.append(Problem(name, f"missing {what} '{col}'{_missing_column(header, col)}", 1, col))
    for col in (c for c in header if c in OUTPUT_COLUMNS):  # would be shadowed by the ranking's own column
        problems.append(Problem(name, f"column '{col}' is reserved for the ranking's output; rename it "
                                      f"(e.g. '{col}_note') to keep it as descriptive text", 1, col))
    dupes = {c for c, n in Counter(header).items() if n > 1}
    for col in sorted(dupes):
        problems.append(Problem(name, f"column '{col}' appears more than once in the header", 1, col))
    expected = {"id": "required the option ids", "title": "required the option titles", "kind": "the option's kind",
                **{rel: f"the options it {rel.replace('_', ' ')}" for rel in RELATIONS}}
    for crit in criteria.criteria:
        expected[crit.id] = f"required the scores of criterion '{crit.id}'"
        expected[f"{crit.id}_low"] = f"the low end of the range of criterion '{crit.id}'"
        expected[f"{crit.id}_high"] = f"the high end of the range of criterion '{crit.id}'"
    problems.extend(_near_miss_columns(header, expected, name))
    if not rows:
        problems.append(Problem(name, "expected at least one option row below the header", 2))
    if dupes or not rows:  # rows cannot be read reliably; a missing column still lets the others be checked
        return None, problems
    width = len(header)
    records: list[list[str]] = []
    lines: list[int] = []
    for line, cells in rows:
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            problems.append(Problem(name, f"expected {width} cells as in the header, found {len(cells)}", line))
        cells = (cells + [""] * width)[:width]
        records.append([c.strip() for c in cells])
        lines.append(line)
    frame = pd.DataFrame(records, columns=header)
    line_of = np.array(lines)

    first_seen: dict[str, tuple[int, str]] = {}
    looks: dict[str, tuple[int, str]] = {}  # skeleton -> first id that looks so (ASCII ids are their own skeleton)
    for line, oid in zip(lines, frame["id"] if "id" in frame.columns else []):
        key = id_key(oid)
        if oid == "":
            problems.append(Problem(name, "expected a non-empty id", line, "id"))
        elif (bad := invisible_problem(oid)) is not None:
            problems.append(Problem(name, f"the id {oid!r} {bad}", line, "id"))
        elif key in first_seen:
            first, written = first_seen[key]
            same = "" if written == oid else " (the same letters, composed differently in Unicode)"
            problems.append(Problem(name, f"duplicate id '{oid}' (first at line {first}){same}", line, "id"))
        else:
            first_seen[key] = (line, oid)
            sk = skeleton(oid)
            if sk in looks:
                first, other = looks[sk]
                problems.append(Problem(name, f"id '{oid}' looks like the id '{other}' (line {first}) but is other text "
                                              f"({lookalike_note(oid, other)}): two options would show the same name; "
                                              "type the ids in plain letters", line, "id"))
            else:
                looks[sk] = (line, oid)
    for line, title in zip(lines, frame["title"] if "title" in frame.columns else []):
        if title == "":
            problems.append(Problem(name, "expected a non-empty title", line, "title"))

    for crit in criteria.criteria:
        if crit.id not in frame.columns:  # already reported as a missing column
            continue
        scale = f"{crit.scale_min:g}-{crit.scale_max:g}"
        score = _numeric_column(frame, crit.id, line_of, name, f"a number on the scale {scale}", problems, required=True)
        bad_scale = ~np.isnan(score) & ((score < crit.scale_min) | (score > crit.scale_max))
        for i in np.flatnonzero(bad_scale):
            problems.append(Problem(name, f"score {score[i]:g} is outside the declared scale {scale} of '{crit.id}'", int(line_of[i]), crit.id))
        frame[crit.id] = score
        for suffix in ("low", "high"):
            col = f"{crit.id}_{suffix}"
            if col not in frame.columns:
                continue
            bound = _numeric_column(frame, col, line_of, name, f"a number on the scale {scale} or an empty cell", problems, required=False)
            outside = ~np.isnan(bound) & ((bound < crit.scale_min) | (bound > crit.scale_max))
            for i in np.flatnonzero(outside):
                problems.append(Problem(name, f"{suffix} bound {bound[i]:g} is outside the declared scale {scale} of '{crit.id}'", int(line_of[i]), col))
            wrong = ~np.isnan(bound) & ~np.isnan(score) & ((bound > score) if suffix == "low" else (bound < score))
            for i in np.flatnonzero(wrong):
                rel = "low must be <= score" if suffix == "low" else "score must be <= high"
                problems.append(Problem(name, f"{rel}, got {suffix} {bound[i]:g} and score {score[i]:g}", int(line_of[i]), col))
            frame[col] = bound
    problems.extend(check_relations(frame, lines, name))
    if problems:
        return None, problems
    frame.attrs["lines"] = lines
    return frame, problems


def _numeric_column(frame: pd.DataFrame, col: str, line_of: np.ndarray, name: str, expected: str,
                    problems: list[Problem], required: bool) -> np.ndarray:
    raw = frame[col]
    values = parse_number_column(raw)  # the one number parser (also --weights and YAML)
    empty = (raw == "").to_numpy()
    not_number = np.isnan(values) & ~empty
    infinite = np.isinf(values)
    for i in np.flatnonzero(not_number | infinite | (empty if required else np.zeros_like(empty))):
        got = "an empty cell" if empty[i] else repr(raw.iloc[i]) + number_hint(raw.iloc[i])
        problems.append(Problem(name, f"expected {expected}, got {got}", int(line_of[i]), col))
    values[infinite] = np.nan
    return values


# ---------------------------------------------------------------- option kind and relations

def check_relations(frame: pd.DataFrame, lines: list[int], name: str = "options.csv") -> list[Problem]:
    """`kind` in model.KINDS; `excludes` / `combines_with` / `overlaps` name existing other options, symmetrically,
    and no pair both excludes and combines (docs/data.md). Columns are optional."""
    problems: list[Problem] = []
    if "id" not in frame.columns:
        return problems
    ids = frame["id"].tolist()
    line_of = dict(zip(ids, lines))
    if "kind" in frame.columns:
        for line, oid, kind in zip(lines, ids, frame["kind"]):
            if kind and kind not in KINDS:
                problems.append(Problem(name, f"option '{oid}': unknown kind '{kind}' (expected one of: {', '.join(KINDS)})", line, "kind"))
    known = set(ids)
    looks: dict[str, str] | None = None
    listed: dict[str, dict[str, list[str]]] = {}
    for rel in (r for r in RELATIONS if r in frame.columns):
        listed[rel] = {}
        for line, oid, cell in zip(lines, ids, frame[rel]):
            others = split_ids(cell)
            for other in sorted(o for o, times in Counter(others).items() if times > 1):  # Counter: O(k), not O(k^2)
                problems.append(Problem(name, f"option '{oid}': '{other}' is listed twice in {rel}", line, rel))
            for other in dict.fromkeys(others):
                if other == oid:
                    problems.append(Problem(name, f"option '{oid}' lists itself in {rel}", line, rel))
                elif (bad := invisible_problem(other)) is not None:
                    problems.append(Problem(name, f"option '{oid}': {rel} names {other!r}, which {bad}", line, rel))
                elif other not in known:
                    if looks is None:  # built at the first unknown name only: skeleton -> option id
                        looks = {skeleton(k): k for k in ids}
                    like = looks.get(skeleton(other))
                    note = f" (it looks like the option '{like}' but is other text: {lookalike_note(other, like)})" if like else ""
                    problems.append(Problem(name, f"option '{oid}': {rel} names unknown option '{other}'{note}", line, rel))
            listed[rel][oid] = others
        as_sets = {oid: set(others) for oid, others in listed[rel].items()}  # membership in O(1): a cell may list thousands
        for oid, others in listed[rel].items():
            for other in dict.fromkeys(others):
                if other in known and other != oid and oid not in as_sets.get(other, ()):
                    problems.append(Problem(name, f"relation not symmetric: '{oid}' lists '{other}' in {rel} but '{other}' "
                                                  f"does not list '{oid}'", line_of.get(other), rel))
    if "excludes" in listed and "combines_with" in listed:
        for oid, others in listed["excludes"].items():
            for other in set(others) & set(listed["combines_with"].get(oid, [])):
                problems.append(Problem(name, f"options '{oid}' and '{other}' cannot both exclude and combine with each other",
                                        line_of.get(oid), "combines_with"))
    return problems


# ---------------------------------------------------------------- evidence.csv

def _has_range(options: pd.DataFrame, criterion: str) -> np.ndarray:
    """Per option: does the `<criterion>_low/_high` range span more than the score itself?"""
    score = options[criterion].to_numpy(dtype=float)
    bounds = []
    for suffix in ("low", "high"):
        col = f"{criterion}_{suffix}"
        vals = options[col].to_numpy(dtype=float) if col in options.columns else np.full(len(options), np.nan)
        bounds.append(np.where(np.isnan(vals), score, vals))
    return bounds[0] < bounds[1]


def check_provenance(rec: dict[str, str], has_range: bool, line: int, name: str) -> list[Problem]:
    """The basis/quote/range rules for one evidence row (docs/data.md, "Checking quotes against the sources")."""
    oid, cid, basis, quote = rec["option_id"], rec["criterion_id"], rec["basis"], rec["quote"]
    cell = f"'{oid}' x '{cid}'"
    if not basis:  # not classified yet: loads as 'unknown' (the shipped-data test requires every row classified)
        rec["basis"] = UNKNOWN_BASIS
        if quote:
            return [Problem(name, f"a quote for {cell} needs a basis (text, inference or silent)", line, "basis")]
        return []
    if basis not in BASES:
        got = "an empty cell" if not basis else repr(basis)
        return [Problem(name, f"expected basis text, inference or silent for {cell}, got {got}", line, "basis")]
    problems = []
    if basis == "text" and not quote:
        problems.append(Problem(name, f"basis is text but there is no quote for {cell}: give the verbatim span the score rests on", line, "quote"))
    if basis == "silent" and quote:
        problems.append(Problem(name, f"basis is silent but a quote is given for {cell}: use basis inference or text, or drop the quote", line, "quote"))
    if quote and (n := quote_words(quote)) > MAX_QUOTE_WORDS:
        problems.append(Problem(name, f"quote for {cell} has {n} words; at most {MAX_QUOTE_WORDS}", line, "quote"))
    if basis in ("silent", "inference") and not has_range and not NO_RANGE.search(rec["rationale"]):
        problems.append(Problem(name, f"{basis} score of {cell} has no range: give {cid}_low/{cid}_high in the options file "
                                      f"or say why not in the rationale with 'No range: <reason>'", line, "rationale"))
    return problems


def parse_evidence(data: bytes, options: pd.DataFrame, criteria: CriteriaSet, name: str = EVIDENCE_NAME) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Every (option, criterion) score needs exactly one reason with a locator; none may be orphaned.

    With the `basis` column, every row's basis, quote and range are checked too (check_provenance);
    without it, basis is 'unknown' and quote ''. Returns the frame (columns: EVIDENCE_COLUMNS, basis,
    quote, line) or None, and every problem found.
    """
    header, rows, problems = _csv_file_rows(data, name, "evidence")
    if problems:
        return None, problems
    missing = [c for c in EVIDENCE_COLUMNS if c not in header]
    if missing:
        return None, [Problem(name, f"missing the required column '{c}'{_missing_column(header, c)}", 1, c) for c in missing]
    near = _near_miss_columns(header, {"option_id": "required the option's id", "criterion_id": "required the criterion's id",
                                       "rationale": "required the reason", "locator": "required where the reason is in the source",
                                       "basis": "the basis of the score (text, inference, silent)",
                                       "quote": "the quote the score rests on"}, name)
    if near:
        return None, near
    has_basis = "basis" in header
    if "quote" in header and not has_basis:
        return None, [Problem(name, "a quote column needs a basis column (text, inference or silent) beside it", 1, "quote")]
    idx = {c: header.index(c) for c in (*EVIDENCE_COLUMNS, *EVIDENCE_PROVENANCE) if c in header}
    problems: list[Problem] = []
    option_ids = set(options["id"])
    crit_ids = set(criteria.ids)
    row_of = {oid: k for k, oid in enumerate(options["id"])}
    ranged = {cid: _has_range(options, cid) for cid in criteria.ids} if has_basis else {}
    seen: dict[tuple[str, str], int] = {}
    records = []
    option_looks: dict[str, str] | None = None
    option_looks_foreign = not all(str(o).isascii() for o in option_ids)  # an ASCII orphan can look like a foreign id
    for line, cells in rows:
        cells = (cells + [""] * len(header))[: len(header)]
        rec = {c: cells[i].strip() for c, i in idx.items()}
        rec.setdefault("basis", UNKNOWN_BASIS)
        rec.setdefault("quote", "")
        rec["quote"] = " ".join(rec["quote"].split())
        oid, cid = rec["option_id"], rec["criterion_id"]
        bad_ids = [(col, v, b) for col, v in (("option_id", oid), ("criterion_id", cid)) if (b := invisible_problem(v))]
        for col, value, bad in bad_ids:
            problems.append(Problem(name, f"the {col} {value!r} {bad}", line, col))
        if bad_ids:
            continue
        if oid not in option_ids:
            if option_looks is None:  # built at the first orphan only: skeleton -> option id
                option_looks = {skeleton(o): o for o in options["id"]}
            like = option_looks.get(skeleton(oid)) if not oid.isascii() or option_looks_foreign else None
            note = f" (it looks like the option '{like}' but is other text: {lookalike_note(oid, like)})" if like else ""
            problems.append(Problem(name, f"orphan reason: option '{oid}' is not in the options file{note}", line, "option_id"))
            continue
        if cid not in crit_ids:
            like = lookalike_of(cid, criteria.ids)
            note = f" (it looks like the criterion '{like}' but is other text: {lookalike_note(cid, like)})" if like else ""
            problems.append(Problem(name, f"orphan reason: criterion '{cid}' is not in the criteria file{note}", line, "criterion_id"))
            continue
        if (oid, cid) in seen:
            problems.append(Problem(name, f"second reason for '{oid}' x '{cid}' (first at line {seen[(oid, cid)]})", line, "option_id"))
            continue
        seen[(oid, cid)] = line
        for col in ("rationale", "locator"):
            if not rec[col]:
                problems.append(Problem(name, f"expected a non-empty {col} for '{oid}' x '{cid}'", line, col))
        if has_basis:
            problems.extend(check_provenance(rec, bool(ranged[cid][row_of[oid]]), line, name))
        rec["line"] = line
        records.append(rec)
    lines = options.attrs.get("lines", [None] * len(options))
    for line, oid in zip(lines, options["id"]):
        for cid in criteria.ids:
            if (oid, cid) not in seen:
                problems.append(Problem(name, f"missing reason for the score of '{oid}' on '{cid}' (options file line {line})", None, "option_id"))
    if problems:
        return None, problems
    return pd.DataFrame(records, columns=[*EVIDENCE_COLUMNS, *EVIDENCE_PROVENANCE, "line"]), problems


# ---------------------------------------------------------------- the whole dataset

def check_dataset(options_data: bytes, criteria_data: bytes, evidence_data: bytes | None = None, *,
                  options_name: str = "options.csv", criteria_name: str = "criteria.yaml",
                  evidence_name: str = EVIDENCE_NAME) -> tuple[Dataset | None, list[Problem]]:
    """Validate in-memory files (as uploaded or read) and build a Dataset when there is no problem."""
    criteria, problems = parse_criteria(criteria_data, criteria_name)
    if criteria is None:
        return None, problems
    options, problems = parse_options(options_data, criteria, options_name)
    if options is None:
        return None, problems
    evidence = pd.DataFrame(columns=[*EVIDENCE_COLUMNS, *EVIDENCE_PROVENANCE, "line"])
    problems = check_rubric_kinds(criteria, options, criteria_name)
    if problems:
        return None, problems
    if evidence_data is not None:
        ev, problems = parse_evidence(evidence_data, options, criteria, evidence_name)
        if ev is None:
            return None, problems
        evidence = ev
    options.attrs.pop("lines", None)  # pandas deep-copies attrs on every operation: keep the Dataset's frame lean
    return Dataset(
        options=options, criteria=criteria, evidence=evidence, source=options_name, sha256=sha256(options_data),
        evidence_source=evidence_name if evidence_data is not None else "",
        evidence_sha256=sha256(evidence_data) if evidence_data is not None else "",
    ), []


def default_evidence_path(options_path: Path) -> Path | None:
    candidate = options_path.parent / EVIDENCE_NAME
    return candidate if candidate.exists() else None


def validate_files(options: str | Path | None = None, criteria: str | Path | None = None,
                   evidence: str | Path | None = None) -> tuple[Dataset | None, list[Problem]]:
    """Check files on disk; the evidence file next to the options file is checked when present."""
    opath = Path(options) if options is not None else DEFAULT_OPTIONS
    cpath = Path(criteria) if criteria is not None else DEFAULT_CRITERIA
    epath = Path(evidence) if evidence is not None else default_evidence_path(opath)
    problems: list[Problem] = []
    blobs: dict[str, bytes] = {}
    for key, path, what in (("o", opath, "options"), ("c", cpath, "criteria"), ("e", epath, "evidence")):
        if path is None:
            continue
        try:
            blobs[key] = read_bytes(path, what)
        except ScoringError as exc:
            problems.extend(exc.problems)
    if problems:
        return None, problems
    return check_dataset(blobs["o"], blobs["c"], blobs.get("e"), options_name=str(opath),
                         criteria_name=str(cpath), evidence_name=str(epath) if epath else EVIDENCE_NAME)


def load_dataset(options: str | Path | None = None, criteria: str | Path | None = None,
                 evidence: str | Path | None = None) -> Dataset:
    """Load the shipped files (or the given ones); raise ScoringError listing every problem."""
    dataset, problems = validate_files(options, criteria, evidence)
    if dataset is None:
        raise ScoringError(problems)
    return dataset
