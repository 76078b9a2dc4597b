"""The paper of the Gradient-Normalized Smoothness family: A. Semenov, M. Jaggi, N. Doikov, "Gradient-Normalized
Smoothness for Optimization with Approximate Hessians", arXiv 2506.13710 (ICLR 2026), with the authors' release
github.com/epfml/grad-norm-smooth (commit 9f4ca00: ``src/methods.py``, ``src/oracles.py``,
``src/approximations.py``, ``notebooks/examples.ipynb``)."""

from __future__ import annotations

from claimkit import Paper

PAPER = Paper(
    title="Gradient-Normalized Smoothness for Optimization with Approximate Hessians",
    authors=("Andrei Semenov", "Martin Jaggi", "Nikita Doikov"),
    year=2025,
    arxiv="2506.13710",
    code="https://github.com/epfml/grad-norm-smooth",
)
