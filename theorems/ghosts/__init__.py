"""Ghosts of Softmax: complex singularities of cross-entropy limit the safe step size.

P. Sao, "Ghosts of Softmax: Complex Singularities That Limit Safe Step Sizes in Cross-Entropy",
arXiv 2603.13552 (2026). Numbers follow the 26-page version of the paper in the author's repository.

Along a unit direction v with logit slopes a_k = ∇_θ z_k · v, the linearized loss is
ℓ(τ) = −z_y − a_y τ + log F(τ), F(τ) = Σ_k e^{z_k} e^{a_k τ}. Its Taylor radius at τ = 0 is the
distance to the nearest complex zero of F (a "ghost").

Statements covered: Prop 4.2 (branch points at the zeros of F), Thm 4.3 (binary radius), Lemma 4.5
(half-plane lemma), Thm 4.6 (multiclass bound π/Δ_a and its equality case), Eq. 13 (top-2 ghost and
the top-2 multiclass proxy), Def 4.7 eq. 14–15 (batch radius), Def 5.1 eq. 17–18 (normalized step),
§5.1 (Cauchy estimate), Prop 5.2 eq. 19 (the controller), §6.4 (temperature law), App. 2 (activation
singularities, per-neuron cap), App. 4 eq. 26 (KL identity), Lemma App 4.1 (third-moment lemma),
Thm App 4.2 eq. 29 (cubic KL bound), App. 5 eq. 35–48 (logistic identities), and the empirical
statements of the abstract, §6 and §6.4 (small-scale reproduction).

Modules:

- ``paper``: the paper (``PAPER``).
- ``library``: what a user calls: :func:`~.library.taylor_radius`, :func:`~.library.controller_step`
  and :class:`~.library.RadiusReport`.
- ``formulas``: the formulas the paper states (each a claim's ``subject``) and the named variants
  used as mutants; the closed forms of Thm 4.3, Def 5.1 and §6.4 are ``Formula`` objects, declared as
  formula claims (generated float64 check, derivation and mutants, plus the hand-written checks).
- ``claims``: the claims of the paper and their mutants (``origin="suite"`` for the corrections and
  refinements the suite adds).
- ``claims_library``: the library conformance claims (``ghosts.library_taylor_radius``,
  ``ghosts.library_controller_step``): the library functions are their subjects.
- ``library_variants``: plausible bugs in the library, the mutants of the conformance claims.
- ``derivations``: the sympy derivations.

Ground truth in ``checks/ghosts/`` never comes from these formulas: polynomial roots at 40 digits
(integer slopes), the argument principle, the exact Taylor-coefficient recursion of log F,
50-digit KL divergences, and a numpy MLP trained on scikit-learn's digits.
"""
