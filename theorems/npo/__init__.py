"""NPO: Negative Preference Optimization against gradient ascent, and how fast unlearning collapses.

R. Zhang, L. Lin, Y. Bai, S. Mei, "Negative Preference Optimization: From Catastrophic Collapse to Effective
Unlearning", arXiv 2404.05868 (2024), with the authors' release (github.com/licong-lin/
negative-preference-optimization, commit 1207bbe). The paper body was not read: the statements come from the
abstract and the specification's reconstruction, and the loss is pinned by the released code; each claim says
which.

Statements covered (P1–P8 of the specification):

* P1: the released loss ``-logsigmoid(β (nll_θ − nll_ref)).mean() · 2/β`` is the paper's
  (2/β) E log(1 + (π_θ/π_ref)^β) (``npo.released_loss_is_npo``);
* P2: the gradient weight W = 2π_θ^β/(π_θ^β + π_ref^β) and its range (``npo.gradient_weight``,
  ``npo.gradient_weight_range``);
* P3: the β → 0 limit, its exact remainder (2/β) log cosh(βu/2) and its first-order coefficient u²/4
  (``npo.small_beta_limit``, ``npo.small_beta_remainder``, ``npo.small_beta_coefficient``);
* P4: on π_θ = σ(θ), π_ref = ½, GA collapses linearly and NPO like −(1/β) log t, with the asymptote
  θ_t = −(1/β) log(β 2^{β+1} η t) + o(1) (``npo.collapse_laws``, ``npo.collapse_asymptote``,
  ``npo.collapse_rate_constant``);
* P5: steps to reach log π_θ ≤ −M, Θ(M) against e^{βM}, and where that holds (``npo.collapse_steps_exponential``,
  ``npo.collapse_steps_uniform_in_beta``, ``npo.collapse_steps_regimes``);
* P6: norm growth on softmax linear and random-feature models (``npo.norm_growth``);
* P7: the released synthetic experiment, over its 2000 steps and over 4000 (``npo.synthetic_reproduction``,
  ``npo.synthetic_longer_run``);
* P8: sequence lengths in the released ``npo_grad_diff`` (``npo.grad_diff_length_scaling``);
* the library's conformance (``npo.library_sequence_log_probs``, ``npo.library_npo_loss``,
  ``npo.library_npo_weights``).

Stance and origin: the paper asserts P1–P7 as read here (no statement it denies); the conformance claims, the
asymptote and its constant, the remainder, the regimes of P5, its uniform reading, the longer reproduction and
P8 are the suite's (``origin="suite"``).

Modules:

* ``paper``: the paper record;
* ``library``: what a practitioner calls (:func:`~.library.sequence_log_probs`, :func:`~.library.npo_loss`,
  :func:`~.library.npo_weights`), validated and overflow-free;
* ``library_variants``: plausible bugs in the library, the mutants of its conformance claims;
* ``formulas``: the numpy port of the released loss code, the paper's formulas (as functions and Formula
  objects) and the mutants of every claim;
* ``claims_loss``, ``claims_collapse``, ``claims_training``, ``claims_library``: the claims by topic;
* ``derivations``: the sympy derivations.

Ground truth in ``checks/npo/`` never comes from these formulas: products of token probabilities at 30 digits,
complex-step gradients, mpmath at 40–60 digits and its numerical differentiation, the float64 iteration, the
gradient flow by LSODA and by exact quadrature of its time, and numpy models trained on the released synthetic
distribution.
"""
