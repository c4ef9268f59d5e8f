"""Shared helpers for the workshop tests: one store per backend (SQLite always, PostgreSQL when given)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from support import require

CRITERIA = ["impact", "cost", "speed"]
POSTGRES_ENV = "SCORING_TEST_POSTGRES_URL"
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def postgres_url() -> str:
    """The test server's URL; a missing one skips locally and fails in CI (see .ci/run)."""
    url = os.environ.get(POSTGRES_ENV, "")
    require(bool(url), f"{POSTGRES_ENV} is not set, so there is no PostgreSQL server to test against")
    return url


def backend_url(backend: str, tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'workshop.db'}" if backend == "sqlite" else postgres_url()
