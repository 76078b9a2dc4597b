"""Newton–Schulz (Newton–Raphson) pseudo-inverse in SOFT.

J. Lu, J. Zhang, X. Zhu, J. Feng, T. Xiang, L. Zhang, "Softmax-free Linear Transformers", arXiv 2207.03341
(IJCV 2024), the journal extension of SOFT (NeurIPS 2021, arXiv 2110.11945), with the release
github.com/fudan-zvg/SOFT (master d3febc3). The paper body was not read: its statements come from the
abstract and from the method it cites; each claim whose wording is reconstructed says so.

Statements covered (N1–N10 of the claim family): the squared residual (N1), the convergence condition
and its endpoints (N2), the paper's initial scale on kernel matrices and where it fails (N3), exact
arithmetic on rank-deficient matrices (N4), float64 with and without stopping rules (N5), iterations
needed and the 20-iteration default (N6), the released newton_inv (N7), the released backward (N8), the
kernel matrix's properties and the equality case of ‖A‖₂ ≤ ‖A‖₁ (N9), linear complexity and the
release's landmark count (N10), and the library.

Modules:

- ``paper``: the paper (``PAPER``).
- ``library``: what a practitioner calls: ``gaussian_kernel``, ``newton_schulz_pinv`` (with a stopping rule
  that works in float64), ``pinv_grad`` (the Golub–Pereyra gradient).
- ``formulas``: the iteration, the paper's and the release's initial scales, numpy ports of the released
  ``newton_inv``, backward, Norm-variant safeguard and kernel, the stopping rules, the multiply-add
  tracer, and the mutants.
- ``claims``: N1–N6; ``claims_release``: N7, N8 and the Norm variant; ``claims_kernel``: N9, N10;
  ``claims_library``: the library conformance claims.
- ``library_variants``: plausible bugs planted in the library (the mutants of its claims).
- ``derivations``: the sympy derivations.
"""
