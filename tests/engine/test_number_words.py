"""One piece of code writes a number as a person reads it (scoring.numbers.number_words): the address bar's
messages (ui.state) and the command line's flag messages used two twins (ui.state.number_words and
scoring.numbers._show) that disagreed on floats ('5,000,000.0') and -0.0 ('-0')."""
from __future__ import annotations

import argparse

import pytest

from scoring.numbers import FlagNumber, number_words


@pytest.mark.parametrize("value, words", [
    (1e12, "1,000,000,000,000"), (80645, "80,645"), (1000, "1,000"), (999, "999"), (0.05, "0.05"), (2.5, "2.5"),
    (5e6, "5,000,000"), (-0.0, "0"), (-1200, "-1,200"), (1e20, "1e+20"), (float("inf"), "inf")])
def test_number_words_writes_whole_numbers_grouped_and_others_short(value, words):
    assert number_words(value) == words


def test_flags_group_only_large_bounds_and_never_print_a_float_tail():
    assert number_words(65535, 100_000) == "65535" and number_words(10_001, 100_000) == "10001"
    with pytest.raises(argparse.ArgumentTypeError, match=r"^--samples: at most 5,000,000 samples, got '6e6'$"):
        FlagNumber("--samples", whole=False, high=5e6, unit=" samples")("6e6")  # was 'at most 5,000,000.0 samples'
    with pytest.raises(argparse.ArgumentTypeError, match=r"^--port: at most 65535, got '70000'$"):
        FlagNumber("--port", high=65535)("70000")


def test_the_address_messages_use_the_same_words():
    import ui.state

    assert ui.state.number_words is number_words  # one piece of code, not a twin
