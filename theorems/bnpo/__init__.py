"""BNPO: Beta normalization of binary rewards (statements V1–V9 of the claim family).

Xiao, Zhang, Cao, "BNPO: Beta Normalization Policy Optimization" (arXiv 2506.02864, 2025), with the
authors' release (``compute_bnpo_outcome_advantage`` in ``recipe/bnpo/src/bnpo_ray_trainer.py``).
The paper body was not available; the statements come from the abstract, the released code and
derivation, and each claim says which.

Setup. A question q has success probability p(q) = E R, R ∈ {0, 1}; across questions p ∼ Beta(a, b).
The BNPO advantage is A = (R − p) / f_N(p; α, β), f_N the Beta(α, β) density, and the gradient
estimate is g = ∇ log π(o | q) · A. In practice p is the group mean p̂ of G rollouts.

Statements covered:

* V1: the second moment E‖g‖² = σ_s² · B(α,β)² · B(a+3−2α, b+3−2β) / B(a, b);
* V2: its minimum at α = 1 + a/3, β = 1 + b/3 (released code step 4);
* V3: variance reduction against REINFORCE and GRPO (abstract), and under V1's assumptions;
* V4, V5: REINFORCE (α = β = 1) and GRPO (α = β = 3/2, up to the constant π/8) as members;
* V6: unbiasedness, for E_q p(q) as stated and for the transformed objective E_q G(p(q));
* V7: the method of moments fed p̂ from G rollouts, its limit and a corrected estimator;
* steps 1–5 of the released advantage computation, V8 (the advantage decomposition, step 6) and
  V9 (degenerate batches, in the release and in the suite's implementation);
* the library's conformance: each public function of ``library`` is the subject of a claim (the
  density, the weight, the method of moments, the parameters, GRPO's advantage, the corrected fit
  each have a ``bnpo.library_*`` claim of their own), so a bug planted in it turns a verdict red.

Stance and origin: the paper asserts V1–V9 (none is a statement it denies); the refinements, the
corrected estimator and the library claims are the suite's (``origin="suite"``).

Modules:

* ``paper``: the paper record;
* ``library``: the numpy implementation of the released advantage computation for users
  (:func:`bnpo_advantages`, :func:`bnpo_decomposed_advantages`, :func:`grpo_advantages`) and the
  closed forms of V1, V2, V6 and V7, each validating its input (V1's and V2's call their Formulas);
* ``formulas``: the Formulas of V1 and V2 (formula claims: one sympy expression is the library's
  function, the checked subject and the typeset formula), the release's IEEE arithmetic (V9), the
  paper's readings of V6 and V7, and the mutants of every claim;
* ``claims``: the claims and their mutant attachments;
* ``derivations``: the sympy derivations.
"""
