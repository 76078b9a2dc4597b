r"""Generalisation dynamics of a linear student–teacher model: frozen subspace and overtraining peak.

M. S. Advani, A. M. Saxe, "High-dimensional dynamics of generalization error in neural networks", arXiv 1710.03667
(2017; Neural Networks, 2020). No code release is used. The paper body was not read: the model, the normalisations
and the formulas are those reconstructed from the abstract (inputs with i.i.d. N(0, 1/N) entries, a Gaussian
teacher with label noise, gradient flow on the squared loss from a Gaussian initialisation), and the suite decides
each statement in that setting.

Statements covered: V1 (the frozen subspace), V2 (mode-wise error dynamics, per mode and summed), V3 (overtraining
worst at α = 1), V4 (converged error: exact finite-size expectations, the Marchenko–Pastur limits on both sides,
divergence at α = 1), V5 (initial weights below and above α = 1), V6 (per-mode optimal stopping time; no single
time optimal for every mode), V7 (the error-versus-load reproduction).

Modules:

- ``paper``: the paper (``PAPER``).
- ``library``: what a user calls: :func:`~.library.gradient_descent`, :func:`~.library.generalization_error`,
  :func:`~.library.overtraining`, :func:`~.library.expected_converged_error`, :func:`~.library.converged_error_limit`,
  :func:`~.library.optimal_stopping_time`; each is the subject of a claim.
- ``formulas``: the closed forms as ``Formula`` objects (mode error, stopping time, the two limits) and the named
  wrong variants used as mutants.
- ``claims``: the claims and their mutants.
- ``derivations``: the sympy derivations.
"""
