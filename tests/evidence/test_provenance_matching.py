"""Quote matching (scoring/provenance.py): normalization, whole words, locator headings, chapter scope."""
from __future__ import annotations

import pytest

from scoring.provenance import (MAX_QUOTE_WORDS, _build_key, SourceText, find_source_file, locator_pieces, quote_key, quote_parts,
                                quote_words, read_source, register_reader)

BRIEF = """\
 Introduction
The alliance has committed to a versatile set of roles that requires flexibility and capa-
city to address various issues. Economic secu-
rity is now a key element of national security.

The Quad as a Coordination
Hub for the Region1

Background
The U.S.-
Japan alliance is “not mutually exclusive” with other arrangements – so say the authors.

Policy Recommendations
1. Tokyo should create a Special Representative for Economic Security.

Final Thoughts
Policy Recommendations
The electro-magnetic spectrum matters; new threats to liberal international norms have arisen.
"""


@pytest.fixture
def brief() -> SourceText:
    return SourceText("brief.txt", BRIEF)


CHAPTERS = ("Introduction", "The Quad as a Coordination Hub for the Region", "Final Thoughts")


def test_key_joins_line_break_hyphenation_and_maps_curly_quotes_and_dashes():
    assert quote_key("capa-\ncity  to\taddress") == "capacity to address"
    assert quote_key("“not mutually exclusive” – so") == '"not mutually exclusive" so'
    assert quote_key("the alliance’s role") == "the alliance's role"
    assert quote_key("U.S.-\nJapan") == quote_key("U.S.-Japan") == "U.S.Japan"
    assert quote_key("soft\u00adhyphen") == "softhyphen"


@pytest.mark.parametrize("text", [BRIEF, "  a - b ", "a -\nb", "a--\nb", "x…y ﬁne", " \n", "", "-", "word-  word",
                                  "a\u00a0b", "l’alliance – “x”"])
def test_the_fast_quote_key_equals_the_offset_tracking_key(text):
    key, pos = _build_key(text)
    assert quote_key(text) == key and len(pos) == len(key)
    assert all(text[p] in (k, " ") or not text[p].isascii() or k == " " for p, k in zip(pos, key))


def test_an_expanding_character_keeps_its_source_offset():
    key, pos = _build_key("x…y")
    assert key == "x...y" and pos.tolist() == [0, 1, 1, 1, 2]


def test_a_quote_split_by_line_break_hyphenation_is_found_on_its_line(brief):
    [m] = brief.find("Economic security is now a key element")
    assert m.line == 3  # "Economic secu-" is line 3 of the brief
    assert brief.text[m.start:m.end].startswith("Economic secu-\nrity is now")


def test_curly_quotes_and_en_dash_in_the_source_match_straight_ones_in_the_quote(brief):
    assert brief.find('is "not mutually exclusive" with other arrangements - so say')
    assert brief.find("is 'not mutually exclusive'") == []  # single and double quotes stay different


def test_a_hyphenated_compound_across_a_line_break_matches_with_or_without_the_hyphen(brief):
    assert brief.find("The U.S.-Japan alliance")[0].line == 10
    assert brief.find("The electromagnetic spectrum")
    assert brief.find("The electro-magnetic spectrum")


def test_case_and_whole_words_must_match(brief):
    assert brief.find("economic security is now") == []
    assert brief.find("conomic security is now") == []  # starts inside a word
    assert brief.find("new threats to liberal internationa") == []  # ends inside a word


def test_a_footnote_number_glued_to_the_last_word_may_be_left_out():
    text = SourceText("t", "is revitalizing National Strategic Special Zones54 for companies making 5G parts")
    assert text.find("revitalizing National Strategic Special Zones")
    assert text.find("Special Zones54 for")
    assert text.find("Zones5") == [] and text.find("G parts") == []  # 5G is one word


def test_quote_parts_and_word_count():
    assert quote_parts("first span ... second span") == ["first span", "second span"]
    assert quote_parts("first span … second span") == ["first span", "second span"]
    assert quote_words("one two ... three") == 3
    assert quote_words(" ".join(["w"] * (MAX_QUOTE_WORDS + 1))) == MAX_QUOTE_WORDS + 1


def test_locator_pieces_keep_headings_and_drop_numbers_paragraphs_and_parentheses():
    assert locator_pieces("Policy Recommendations, 4: Incentivizing the Private Sector (final paragraph)") == (
        "policy recommendations", "incentivizing the private sector")
    assert locator_pieces("Keeping Global Markets Intact and Robust, para 15") == ("keeping global markets intact and robust",)
    assert locator_pieces("Challenges: Case Study No. 2; Figure 3.1") == ("challenges", "case study no 2", "figure 3 1")


def test_a_chapter_starts_at_its_first_line_start_title_even_with_a_glued_footnote(brief):
    quad = brief.chapter_scopes(CHAPTERS[1], CHAPTERS)
    assert [(brief.line_of(a), brief.line_of(b)) for a, b in quad] == [(6, 16)]  # wraps over lines 6-7; "Region1"
    assert [brief.line_of(a) for a, _ in brief.chapter_scopes("Introduction", CHAPTERS)] == [1]


def test_a_quote_under_the_named_heading_in_its_chapter_passes(brief):
    r = brief.check("create a Special Representative for Economic Security", "Policy Recommendations, 1", CHAPTERS[1], CHAPTERS)
    assert r.ok and r.match.line == 14


def test_the_first_heading_of_the_chapter_is_the_anchor_not_one_in_another_chapter(brief):
    r = brief.check("new threats to liberal international norms", "Policy Recommendations", CHAPTERS[1], CHAPTERS)
    assert not r.ok and "outside chapter 'The Quad as a Coordination Hub for the Region' (which starts at line 6)" in r.message
    assert brief.check("new threats to liberal international norms", "Policy Recommendations", "Final Thoughts", CHAPTERS).ok


def test_a_quote_before_its_heading_is_not_near_it(brief):
    r = brief.check("with other arrangements", "Policy Recommendations, 1", CHAPTERS[1], CHAPTERS)
    assert not r.ok and "not near its locator" in r.message and "line 13" in r.message


def test_a_locator_naming_no_heading_and_a_missing_quote_are_explained(brief):
    r = brief.check("create a Special Representative", "Conclusions, para 2", CHAPTERS[1], CHAPTERS)
    assert not r.ok and "locator names no heading" in r.message and "'conclusions'" in r.message
    r = brief.check("a sentence the author never wrote", "Policy Recommendations", CHAPTERS[1], CHAPTERS)
    assert not r.ok and r.message.startswith("quote not found in brief.txt")
    r = brief.check("anything", "Background", "No Such Chapter", CHAPTERS)
    assert not r.ok and "chapter 'No Such Chapter' not found" in r.message


def test_two_spans_joined_by_an_ellipsis_must_both_follow_in_order(brief):
    assert brief.check("The U.S.-Japan alliance ... so say the authors", "Background", CHAPTERS[1], CHAPTERS).ok
    r = brief.check("so say the authors ... The U.S.-Japan alliance", "Background", CHAPTERS[1], CHAPTERS)
    assert not r.ok and "does not follow" in r.message


def test_read_source_handles_txt_md_and_registered_readers(tmp_path):
    (tmp_path / "a.md").write_text("# Heading\ntext")
    (tmp_path / "b.xyz").write_text("ignored")
    assert find_source_file(tmp_path, "a") == tmp_path / "a.md"
    assert find_source_file(tmp_path, "b") is None
    with pytest.raises(KeyError):
        read_source(tmp_path / "b.xyz")
    register_reader(".xyz", lambda p: p.read_text().upper())
    try:
        assert read_source(find_source_file(tmp_path, "b")) == "IGNORED"
    finally:
        from scoring.provenance import READERS
        READERS.pop(".xyz")
