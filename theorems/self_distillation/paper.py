"""The paper of the self-distillation family: K. Borup and L. N. Andersen, arXiv 2102.13088 (NeurIPS 2021)."""

from __future__ import annotations

from claimkit import Paper

PAPER = Paper(
    title="Even your Teacher Needs Guidance: Ground-Truth Targets Dampen Regularization Imposed by "
          "Self-Distillation",
    authors=("Kenneth Borup", "Lars N. Andersen"),
    year=2021,
    arxiv="2102.13088",
    code="https://github.com/Kennethborup/self_distillation",
)
