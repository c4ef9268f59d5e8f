"""Showing text from the data literally: escape Markdown so names and titles never become links or bold.

Prefer sinks that never interpret text: st.text, st.code, st.dataframe (and chart data). Use `escape`
only where Streamlit offers Markdown alone: widget labels and help, st.metric, st.error/warning/info,
headers, expander and tab labels, st.markdown around a name.
"""
from __future__ import annotations

import re
import string

WORD_JOINER = "\u2060"  # invisible, zero width: breaks the patterns GFM turns into links by itself
_AUTOLINK = re.compile(r"(?i)(://|www\.|@)")
_ACTIVE = frozenset("\\`*_{}[]<>#+!|~$:&")  # inline Markdown, HTML, entities, :colour[], $maths$
_PUNCTUATION = frozenset(string.punctuation)  # CommonMark lets any ASCII punctuation be backslash-escaped
_LIST_NUMBER = re.compile(r"^(\d+)([.)])")


def escape(text: object) -> str:
    """`text` for a Markdown sink so it shows as typed: no link, image, bold, HTML, colour or maths.

    The characters that start inline Markdown, HTML or entities are backslash-escaped (CommonMark
    0.31, sec. 2.4), as is a first character that could open a block (list, heading, quote) and the
    dot of a leading "1."; plain hyphens, dots and commas stay as they are, so a widget's accessible
    name stays readable. Backslashes do not stop GFM's autolinks of bare `http://`, `www.` and e-mail
    addresses, so a word joiner (U+2060, invisible) is put inside `://`, before the dot of `www.` and
    before `@`: the visible text is unchanged.
    """
    defused = _AUTOLINK.sub(lambda m: m.group(0)[:-1] + WORD_JOINER + m.group(0)[-1], str(text))
    out = "".join("\\" + ch if ch in _ACTIVE else ch for ch in defused)
    out = _LIST_NUMBER.sub(lambda m: m.group(1) + "\\" + m.group(2), out)
    if out[:1] in _PUNCTUATION and out[:1] != "\\":
        out = "\\" + out
    return out


def shown(text: str) -> str:
    """What a reader sees of `escape(text)` once rendered (for tests): the word joiners removed."""
    return text.replace(WORD_JOINER, "")


def with_titles(sentence: str, names: dict[str, str]) -> str:
    """Replace option ids in an engine sentence by their titles (longest id first, so no id eats another)."""
    for oid in sorted(names, key=len, reverse=True):
        if oid in sentence:
            sentence = sentence.replace(oid, names[oid])
    return sentence


def percent_or_never(value: object) -> str:
    """A flip weight as a share of the total weight, written as the sentences write it (`scoring.numbers.share`):
    0.0546 or '0.0546' -> '5.5%'; several flips ('0.0546; 0.8') -> '5.5%; 80%'; NaN and 'never' -> 'never'."""
    from scoring.numbers import share

    parts = []
    for part in str(value).split(";") if isinstance(value, str) else [value]:
        try:
            f = float(part)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return str(value)
        parts.append("never" if f != f else share(f))
    return "; ".join(parts)


def flip_weights(points: object) -> str:
    """Every flip weight of a criterion (a tuple of shares, full precision) as the sentences write them; 'never'."""
    from scoring.numbers import share

    points = tuple(points) if isinstance(points, (tuple, list)) else ()
    return "; ".join(share(p) for p in points) if points else "never"


def pair_names(a: str, b: str) -> dict[str, str]:
    """The short names the sentences about a chosen pair use: the pickers' 'Option A' and 'Option B'."""
    return {a: "A", b: "B"}


def pair_key(title_a: str, title_b: str) -> str:
    """The line (Markdown, titles escaped) that says once which option is A and which is B."""
    return f"Below, **A** is *{escape(title_a)}* and **B** is *{escape(title_b)}*."


_INTERNAL_SOURCE = re.compile(r"--[a-z][a-z-]*|[a-z_][a-z0-9_-]*")  # a CLI flag or an engine name, not a file
_USE_NORMALIZATION = re.compile(r"use --normalization ([\w-]+(?: or [\w-]+)?)")
_FLAG = re.compile(r"(?<![\w`-])--([a-z][a-z-]*)")


def for_page(problems: object) -> list[str]:
    """A ScoringError's problems (or one message) in the dashboard's words: the file, line and column kept;
    a CLI flag or an engine function named as the source dropped; 'use --normalization minmax' said as the
    sidebar control to change. Escape the result before a Markdown sink."""
    from scoring.errors import Problem, ScoringError

    items = problems.problems if isinstance(problems, ScoringError) else (
        (problems,) if isinstance(problems, (Problem, str)) else tuple(problems))  # type: ignore[arg-type]
    out = []
    for p in items:
        if isinstance(p, Problem):
            internal = bool(_INTERNAL_SOURCE.fullmatch(p.file or ""))
            text = str(Problem("", p.message) if internal else p)
        else:
            text = str(p)
        parts = text.split("`")  # a command quoted in backticks (`scoring rank --options ...`) stays as written
        for i in range(0, len(parts), 2):
            parts[i] = _USE_NORMALIZATION.sub(r"choose \1 under Normalization in the sidebar", parts[i])
            parts[i] = _FLAG.sub(lambda m: f"the {m.group(1).replace('-', ' ')} setting", parts[i])
        out.append("`".join(parts))
    return out


COST_NOTE = "(a cost: lower-scoring options do better)"


def weight_label(label: str, is_cost: bool) -> str:
    """A weight widget's label: the criterion's label (escaped), and for a cost criterion a note on which way its
    *scores* count. try4: "(less is better)" on a weight slider read as "set this weight low"; the note names the
    options' scores, never the weight. Benefit criteria (the usual direction) carry no note."""
    return f"{escape(label)} {COST_NOTE}" if is_cost else escape(label)


def weight_help(description: str, is_cost: bool) -> str:
    """A weight widget's help: which way the criterion's scores count, that the weight is how much it counts,
    then the criterion's description (escaped)."""
    way = ("A cost: options that score lower on it do better." if is_cost
           else "A benefit: options that score higher on it do better.")
    text = f"{way} The weight says how much this criterion counts."
    return f"{text}\n\n{escape(description)}" if description else text


def plural(n: int, word: str, words: str | None = None) -> str:
    """A count with its noun: '1 crossing point', '8 crossing points', '1 criterion', '9 criteria' (`words`)."""
    return f"{n} {word if n == 1 else (words or word + 's')}"


def method_in_words(method: str, norm: str | None, v: float | None = None) -> str:
    """A method as a reader names it: 'TOPSIS, minmax normalization', 'VIKOR, v = 0.5', 'PROMETHEE II'."""
    from scoring.methods import METHODS

    return (METHODS[method].label + (f", {norm} normalization" if norm else "")
            + (f", v = {v:g}" if v is not None else ""))
