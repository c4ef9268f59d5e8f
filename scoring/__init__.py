"""Score and rank policy options on weighted criteria; every score traceable to its evidence."""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version as _version

from .errors import Problem, ScoringError
from .loading import load_criteria, load_dataset, validate_files
from .methods import METHODS
from .model import CriteriaSet, Criterion, Dataset, Preference, Profile
from .ranking import Ranking, evaluate, rank, rank_scores

try:
    __version__ = _version("policy-scoring")
except PackageNotFoundError:  # running from a source checkout
    __version__ = "0.1.0"

__all__ = [
    "METHODS", "CriteriaSet", "Criterion", "Dataset", "Preference", "Problem", "Profile", "Ranking",
    "ScoringError", "__version__", "evaluate", "load_criteria", "load_dataset", "rank", "rank_scores", "validate_files",
]
