"""Review rev1 R1-12: a small SMAA --concentration keeps the weights; a float flag that underflows is refused."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from scoring.smaa import sample_weights

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("concentration", [1e-3, 1e-10, 1e-320])
def test_untrusted_small_concentration_keeps_the_weights_as_the_mean(concentration: float) -> None:
    # Dirichlet(c * w) has mean w for every c > 0; as c -> 0 it puts all weight on criterion i with
    # probability w_i. Flooring every alpha at 0.05 made it symmetric: criterion 0 led half the time.
    w = np.array([0.75, 0.25])
    draws = sample_weights(np.random.default_rng(7), 20_000, w, "dirichlet", concentration)
    assert draws.shape == (20_000, 2)
    assert np.allclose(draws.sum(axis=1), 1.0)
    lead = (draws[:, 0] > draws[:, 1]).mean()
    assert abs(lead - 0.75) < 0.02, lead  # binomial sd 0.003
    assert abs(draws[:, 0].mean() - 0.75) < 0.02


def test_untrusted_zero_weight_criterion_stays_small_at_small_concentration() -> None:
    draws = sample_weights(np.random.default_rng(1), 20_000, np.array([1.0, 0.0]), "dirichlet", 1e-3)
    assert (draws[:, 0] > draws[:, 1]).mean() > 0.95


def test_untrusted_default_concentration_unchanged_mean() -> None:
    w = np.array([0.5, 0.3, 0.2])
    draws = sample_weights(np.random.default_rng(2), 20_000, w, "dirichlet", 20.0)
    assert np.allclose(draws.mean(axis=0), w, atol=0.01)
    assert np.allclose(draws.var(axis=0), w * (1 - w) / 21, rtol=0.1)


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scoring", *args], cwd=ROOT, capture_output=True, text=True)


@pytest.mark.parametrize(("value", "reason"), [
    ("1e-400", "this non-zero number is too small to represent (it would become 0)"),
    ("1_0", "digit separators are not part of numbers here"),
])
def test_untrusted_vikor_v_read_by_the_one_number_parser(value: str, reason: str) -> None:
    r = _cli("rank", "--method", "vikor", "--v", value)
    assert r.returncode == 2
    assert f"error: --v: expected a number between 0 and 1, got '{value}'; {reason}" in r.stderr
    assert "Traceback" not in r.stderr


def test_untrusted_smaa_concentration_underflow_refused() -> None:
    r = _cli("smaa", "--weights-mode", "dirichlet", "--concentration", "1e-400")
    assert r.returncode == 2
    assert "--concentration: expected a number such as 20, got '1e-400'; this non-zero number is too small" in r.stderr
