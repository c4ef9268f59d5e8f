"""bench/bench_browser.py --network: the emulated network's numbers are read as kbit/s, kbit/s, ms, or refused."""
from __future__ import annotations

import argparse
import sys

import pytest

from support import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import bench_browser  # noqa: E402


def test_network_reads_down_up_and_round_trip_as_bytes_per_second_and_ms():
    assert bench_browser.network("5000,2000,50") == {"downloadThroughput": 625_000.0, "uploadThroughput": 250_000.0,
                                                     "latency": 50.0}


@pytest.mark.parametrize("text, words", [("5000,2000", "expected DOWN,UP,RTT"), ("fast,2000,50", "expected DOWN,UP,RTT"),
                                         ("0,2000,50", "rates must be above 0"), ("5000,2000,-1", "round trip 0 or more")])
def test_network_refuses_what_is_not_three_usable_numbers(text, words):
    with pytest.raises(argparse.ArgumentTypeError, match=words):
        bench_browser.network(text)
