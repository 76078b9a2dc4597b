"""The source of the perceptron claims: Tyurin, arXiv 2412.08424."""

from __future__ import annotations

from claimkit import Paper

PAPER = Paper(
    title="From Logistic Regression to the Perceptron Algorithm: Exploring Gradient Descent with "
          "Large Step Sizes",
    authors=("Alexander Tyurin",),
    year=2024,
    arxiv="2412.08424",
)
