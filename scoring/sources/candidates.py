"""Which passages read as recommendations, how sure the rule is, and who is asked to act.

The rule is a transparent score, not a model: each cue found in a passage adds evidence, combined as
a noisy-OR (confidence = 1 - prod(1 - w_i) over the cues present; Pearl 1988, *Probabilistic
Reasoning in Intelligent Systems*, section 4.3.2), then damped for places that summarize or
cite rather than recommend (key takeaways, introductions, endnotes). Cues and weights:

- under a heading that announces recommendations ("Policy Recommendations", "Recommendations",
  "The Way Forward", "What ... Should Do", "Next Steps", "Two Images of the Future"): 0.45
- a numbered point under such a heading: 0.25
- directive language in a sentence: "should", "must", "we recommend", "calls for", "it is essential",
  "need(s) to", "ought to", "urge", "propose", "could usefully", "would be (wise|useful)",
  "it is (necessary|vital|indispensable|important|imperative|critical)", "I would like to see",
  "a good first step": 0.35 for the strongest, 0.15 for each further directive sentence (max 2)
- an actor named before the modal ("the U.S. and Japan should"): 0.25
- a source with no heading announcing recommendations (an op-ed): its directives carry 0.25 more
- under a concluding heading ("Conclusion", "Final Thoughts") and no recommendations heading: 0.25

A figure or table caption ("Figure 1: ...") is never a candidate. A paragraph after a list of points
that follow one another directly belongs to no point (see `passages.build_passages`), so it carries
no "numbered point" cue.

A passage is a candidate when its confidence reaches `threshold` (default 0.5).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np

from .passages import Passage
from .readers import _CAPTION

REC_HEADING = re.compile(
    r"recommend|way forward|what .{1,40} should do|next steps|policy (options|proposals|prescriptions)|"
    r"proposals|images? of the future|the road ahead|actions? for", re.IGNORECASE)
CONCLUDING_HEADING = re.compile(r"^(conclusions?|concluding (remarks|thoughts)|final (thoughts|remarks|words)|"
                                r"looking ahead|the road ahead|outlook)$", re.IGNORECASE)
DAMPED_HEADING = re.compile(r"key take ?aways|executive summary|^summary$|introduction|preface|endnotes|notes$|"
                            r"references|bibliography|about the authors?|acknowledg", re.IGNORECASE)

# (pattern, weight): the strongest match in a sentence counts
DIRECTIVES: tuple[tuple[re.Pattern[str], float], ...] = tuple((re.compile(p, re.IGNORECASE), w) for p, w in (
    (r"\bwe (strongly )?(recommend|urge|propose|call on|call for)\b", 0.45),
    (r"\b(recommend|recommends|recommended that)\b", 0.3),
    (r"\b(calls?|calling|called( publicly)?) (on|for)\b", 0.35),
    (r"\bit is (also |still |equally |especially |particularly |therefore |thus |all the more )?(essential|necessary|vital|indispensable|imperative|critical|crucial|important|high time)\b", 0.35),
    (r"\bshould\b(?! have\b)", 0.35),
    (r"\bmust\b(?![- ]have\b)", 0.35),
    (r"\bought to\b", 0.35),
    (r"(?<!not )(?<!n’t )(?<!n't )\bneeds? to\b", 0.3),
    (r"\b(urges?|proposes?)\b", 0.25),
    (r"\bcould usefully\b|\bwould (be wise|be well advised|do well)\b", 0.35),
    (r"\bwould like to see\b|\ba good first step\b|\bthe (first|next) step (is|would be)\b", 0.35),
    (r"\b(is|are) (needed|required|necessary|essential|indispensable)\b", 0.25),
    (r"\bcan (also )?(consider|seek|expect|utilize|use|establish|create)\b", 0.15),
    (r"\bit (is|would be) (logical|sensible|wise|prudent|useful|advisable) (for|to)\b|\bit makes sense to\b", 0.35),
    (r"\b(we|our (two )?(nations|countries|governments)|the two (governments|countries|allies|nations|sides)) "
     r"(could|can|might) (also )?(usefully )?\w+", 0.3),
    (r"\bwill want to\b", 0.3),
    (r"\bcould (also )?(utilize|use|consider|establish|create|seek|take|appoint|set up|build|launch|promote|pursue|"
     r"expand|strengthen|encourage|allocate|allow|incorporate)\b|\bcan (also )?be (incorporated|included|used)\b", 0.2),
    (r"\bmake sure\b|\bensure that\b", 0.25),
    (r"\b(coordination|cooperation) could\b|\b(room|space) for improvement\b", 0.2),
))
W_HEADING, W_POINT, W_ACTOR, W_MORE, W_ESSAY, W_CONCLUDING = 0.45, 0.25, 0.25, 0.15, 0.25, 0.25
DAMPING = 0.5
DEFAULT_THRESHOLD = 0.5
_CITATION = re.compile(r"https?://|www\.|^\[\d{1,3}\]|^\d{1,3}\.\s+\S.*[“\"].*[”\"]")

_SENTENCES = re.compile(r"(?<![A-Z])(?<!\b[A-Z][a-z])([.!?][\"”’)]?\d{0,3})\s+(?=[A-Z“\"(])")
_MODAL = re.compile(r"(?<!not )(?<!n’t )\b(?:should|must|need to|needs to|ought to|could usefully|would do well to|has to|have to|"
                    r"will want to)\b")
_CLAUSE = re.compile(r",|;|:|\b(?:yet|but|that|while|thus|therefore|so|because|if|when|which|where|whether|what|how|"
                     r"as|since|although|though|unless|until|whereas)\b", re.I)
_GROUP_NOUNS = re.compile(r"\b(governments?|alliance|allies|countries|leaders|sides|nations|partners|members|"
                          r"ministr(y|ies)|agenc(y|ies)|parliaments?|congress|diet|firms|companies|industry)\b", re.I)
_PRONOUNS = {"it", "this", "that", "these", "those", "there", "they", "we", "he", "she", "such", "which", "you", "i"}
_DETERMINERS = {"the", "a", "an", "both", "each", "all", "any", "some", "our", "their", "its"}
_NOT_ACTORS = {"It", "This", "That", "These", "Those", "There", "They", "We", "He", "She", "Such", "Which", "Any",
               "All", "Each", "One", "Policy", "First", "Second", "Finally", "Lastly", "However", "Moreover"}


@dataclass(frozen=True)
class Candidate:
    """A passage that reads as a recommendation: its confidence in [0, 1], the cues found, the actor."""

    passage: Passage
    confidence: float
    cues: tuple[str, ...]
    actor: str | None
    sentence: str


def sentences(text: str) -> list[str]:
    """Split at ., ! or ? (a closing quote and a glued footnote number may follow) before a capital."""
    marked = _SENTENCES.sub(lambda m: m.group(1) + "\n", text)
    return [s.strip() for s in marked.split("\n") if s.strip()]


def find_actor(sentence: str) -> str | None:
    """Who a directive sentence addresses: the noun phrase before its modal, cut at the last clause break.

    Kept only when it names someone (a capitalized name such as "Japan", "the Quad", or a group noun
    such as "the two governments"), has at most 10 words and is not a pronoun.
    """
    for m in _MODAL.finditer(sentence):
        before = sentence[:m.start()]
        pieces = _CLAUSE.split(before)
        phrase = re.sub(r"\s+(also|further|therefore|thus|then|now|first|jointly|together|carefully|"
                        r"immediately|still)$", "", (pieces[-1] if pieces else "").strip(), flags=re.I)
        phrase = re.sub(r"^(and|or|then|first|second|finally|lastly|moreover|also)\s+", "", phrase, flags=re.I).strip(" ,")
        phrase = phrase.strip("“”\"‘’' ")
        words = phrase.split()
        if (not words or len(words) > 10 or words[0] in _NOT_ACTORS or words[0].lower() in _PRONOUNS
                or words[-1].lower() in _PRONOUNS or words[0].lower() in ("the", "a") and len(words) == 1):
            continue
        named = any(w[0].isupper() for w in words[1:]) or (words[0][0].isupper() and words[0].lower() not in _DETERMINERS)
        if named or _GROUP_NOUNS.search(phrase):
            return phrase
    return None


def _directive(sentence: str) -> tuple[float, str | None]:
    best, cue = 0.0, None
    for pat, w in DIRECTIVES:
        m = pat.search(sentence)
        if m and w > best:
            best, cue = w, m.group(0).lower()
    if sentence.rstrip().endswith("?"):
        best *= 0.3  # a question asks, it does not direct
    return best, cue


def score_passage(p: Passage, essay: bool = False) -> Candidate:
    """Score one passage against the rule (see the module docstring for cues and weights).

    `essay`: the source has no heading announcing recommendations (an op-ed or letter), so its
    directive sentences are its recommendations and carry W_ESSAY more.
    """
    if _CAPTION.match(p.text):  # "Figure 1: ..." names a figure; it recommends nothing
        return Candidate(p, 0.0, ("figure or table caption",), None, p.text)
    weights: list[float] = []
    cues: list[str] = []
    rec = next((h for h in p.headings if REC_HEADING.search(h)), None)
    concluding = next((h for h in p.headings if CONCLUDING_HEADING.search(h.strip())), None)
    if concluding and not rec:
        weights.append(W_CONCLUDING)
        cues.append(f"heading: {concluding}")
    if rec:
        weights.append(W_HEADING)
        cues.append(f"heading: {rec}")
        if p.point or re.match(r"^\d", p.headings[-1] if p.headings else ""):
            weights.append(W_POINT)
            cues.append("numbered point")
    scored = [(*_directive(s), s) for s in sentences(p.text)]
    scored.sort(key=lambda t: -t[0])
    directive = [t for t in scored if t[0] > 0]
    best_sentence = directive[0][2] if directive else (scored[0][2] if scored else p.text)
    if directive:
        if essay:
            weights.append(W_ESSAY)
            cues.append("no recommendations section: directives carry the argument")
        weights.append(directive[0][0])
        cues.append(f"'{directive[0][1]}'")
        for w, cue, _ in directive[1:3]:
            weights.append(min(W_MORE, w))
            cues.append(f"'{cue}'")
    actor = None
    for _, _, s in directive:
        actor = find_actor(s)
        if actor:
            weights.append(W_ACTOR)
            cues.append(f"actor: {actor}")
            best_sentence = s
            break
    conf = 1.0 - float(np.prod(1.0 - np.asarray(weights))) if weights else 0.0
    damp = next((h for h in p.headings if DAMPED_HEADING.search(h)), None)
    if damp or _CITATION.search(p.text) or len(p.text) < 40:
        conf *= DAMPING
        cues.append(f"damped: {damp or 'citation or fragment'}")
    return Candidate(p, round(conf, 3), tuple(cues), actor, best_sentence)


def find_candidates(passages: Iterable[Passage], threshold: float = DEFAULT_THRESHOLD) -> list[Candidate]:
    """Passages whose confidence reaches `threshold`, in reading order."""
    return [c for c in score_all(passages) if c.confidence >= threshold]


def score_all(passages: Iterable[Passage]) -> list[Candidate]:
    """Every passage scored, each source judged an essay or not by whether any heading announces recommendations."""
    items = list(passages)
    with_section = {p.source for p in items if any(REC_HEADING.search(h) for h in p.headings)}
    return [score_passage(p, essay=p.source not in with_section) for p in items]


# ---------------------------------------------------------------- measuring against a finished table

_ORDINALS = {"first": 1, "opening": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}
_ORDINAL = re.compile(r"\b(first|opening|second|third|fourth|fifth|final|closing|last) (point|paragraphs?)\b", re.I)
_PARA = re.compile(r"\bparas?\.?\s*(\d+)(?:\s*[-–]\s*(\d+))?", re.IGNORECASE)


def _words(s: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", s.lower().replace("’", "'"))


def _same(a: str, b: str) -> bool:
    """Headings match when one's words start the other's (chapters carry glued footnote numbers)."""
    wa, wb = _words(re.sub(r"\d+$", "", a)), _words(re.sub(r"\d+$", "", b))
    n = min(len(wa), len(wb))
    return n > 0 and wa[:n] == wb[:n] and n >= min(3, max(len(wa), len(wb)))


@dataclass(frozen=True)
class Located:
    """Where an option of a finished table points: the passages its locator names, and the best one."""

    option_id: str
    region: tuple[Passage, ...]
    best: Passage | None


def locate_option(option_id: str, title: str, summary: str, chapter: str | None, locator: str,
                  passages: Sequence[Passage]) -> Located:
    """The passages an option's `locator` names (section, numbered point, paragraphs), best = most words shared.

    Each `;`-part of the locator is resolved on its own: its first comma-part names a heading (in the
    option's chapter when given); a number after it names the point or numbered heading; "para N" or
    "paras N-M" the paragraphs. Among the named passages the best is the one sharing the most content
    words with the option's title and summary (the place the option was written from).
    """
    chap = [p for p in passages if not chapter or (p.chapter and _same(p.chapter, chapter))] or list(passages)
    region: list[Passage] = []
    for part in locator.split(";"):
        part = part.strip()
        if not part:
            continue
        plain = re.sub(r"\([^)]*\)", "", part)
        inside: list[Passage] = []
        rest = ""
        for piece in [x.strip() for x in plain.split(",")]:  # the most specific heading named wins
            if not piece or re.fullmatch(r"\d+(:.*)?|paras?\.? .*|.*\b(point|paragraphs?)\b.*", piece):
                continue
            key = re.sub(r"\s*[-–]\s*", " ", piece)
            hit = [p for p in chap if any(_same(re.sub(r"\s*[-–]\s*", " ", h), key)
                                          or _same(re.sub(r"\s*[-–]\s*", " ", h.split(":")[0]), key) for h in p.headings)]
            if hit:
                inside, rest = hit, part[part.find(piece) + len(piece):]
        if not inside:
            continue
        num = re.match(r"\s*,\s*(\d+)\b", rest)
        if num:
            n = num.group(1)
            narrowed = [p for p in inside if p.point == n
                        or any(re.match(rf"^{n}[.)]\s", h) for h in p.headings)]
            inside = narrowed or inside
        para = _PARA.search(rest)
        ordinal = _ORDINAL.search(rest)
        if para:
            lo = int(para.group(1))
            hi = int(para.group(2) or lo)
            inside = [p for p in inside if lo <= p.para <= hi] or inside
        elif ordinal:  # "second point", "first paragraph": the N-th paragraph; "final/closing": the last
            word = ordinal.group(1).lower()
            if word in ("final", "closing", "last"):  # the last paragraph of prose: a figure's caption is none
                prose = [p for p in inside if not _CAPTION.match(p.text)] or inside
                inside = [p for p in prose if p.para == max(q.para for q in prose)]
            else:
                n = _ORDINALS[word]
                inside = [p for p in inside if p.para == n] or inside
        region.extend(inside)
    seen: set[tuple[str, int]] = set()
    uniq = [p for p in region if not ((p.source, p.seq) in seen or seen.add((p.source, p.seq)))]
    if not uniq:
        return Located(option_id, (), None)
    target = set(_words(f"{title} {summary}")) - _STOP
    overlap = np.array([len(target & set(_words(p.text))) / (1 + 0.002 * len(p.text)) for p in uniq])
    return Located(option_id, tuple(uniq), uniq[int(np.argmax(overlap))])


_STOP = set("a an and are as at be by for from has have in into is it its of on or that the their this to was "
            "were will with would which who can could should must not but also than more such other".split())


@dataclass(frozen=True)
class Measurement:
    """Recall of a finished table's source passages among the candidates, and candidates outside any option's place."""

    options: int
    located: int
    found: int
    candidates: int
    outside: int
    missed: tuple[str, ...]
    unlocated: tuple[str, ...]
    outside_passages: tuple[Candidate, ...]

    @property
    def recall(self) -> float:
        return self.found / self.options if self.options else float("nan")


def measure(options: Sequence[dict], passages: Sequence[Passage], candidates: Sequence[Candidate]) -> Measurement:
    """For each option (dict with id, title, summary, chapter, locator, source), is its best passage a candidate?

    `outside` counts candidates lying in no option's named region: an upper bound on candidates that
    are not recommendations (some are recommendations the table did not take).
    """
    by_source: dict[str, list[Passage]] = {}
    for p in passages:
        by_source.setdefault(p.source, []).append(p)
    cand_keys = {(c.passage.source, c.passage.seq) for c in candidates}
    region_keys: set[tuple[str, int]] = set()
    found, located = 0, 0
    missed: list[str] = []
    unlocated: list[str] = []
    for o in options:
        pool = by_source.get(str(o.get("source") or ""), []) or list(passages)
        loc = locate_option(str(o["id"]), str(o.get("title") or ""), str(o.get("summary") or ""),
                            str(o.get("chapter") or "") or None, str(o.get("locator") or ""), pool)
        if loc.best is None:
            unlocated.append(str(o["id"]))
            missed.append(str(o["id"]))
            continue
        located += 1
        region_keys.update((p.source, p.seq) for p in loc.region)
        if (loc.best.source, loc.best.seq) in cand_keys:
            found += 1
        else:
            missed.append(str(o["id"]))
    outside = [c for c in candidates if (c.passage.source, c.passage.seq) not in region_keys]
    return Measurement(len(options), located, found, len(candidates), len(outside), tuple(missed),
                       tuple(unlocated), tuple(outside))
