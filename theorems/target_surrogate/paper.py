"""The paper of the target_surrogate family: Lavington et al., arXiv 2302.02607 (ICML 2023)."""

from __future__ import annotations

from claimkit import Paper

PAPER = Paper(
    title="Target-based Surrogates for Stochastic Optimization",
    authors=("Jonathan Wilder Lavington", "Sharan Vaswani", "Reza Babanezhad", "Mark Schmidt", "Nicolas Le Roux"),
    year=2023,
    arxiv="2302.02607",
    code="https://github.com/WilderLavington/Target-Based-Surrogates-For-Stochastic-Optimization",
)
