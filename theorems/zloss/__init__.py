"""The Z-loss: a shift- and scale-invariant classification loss of the spherical family.

A. de Brébisson, P. Vincent, "The Z-loss: a shift and scale invariant classification loss belonging to the
Spherical Family", arXiv 1604.08859 (2016); the spherical family from P. Vincent, A. de Brébisson, X. Bouthillier,
"Efficient Exact Gradient Update for training Deep Networks with Very Large Sparse Targets" (NeurIPS 2015). No code
was released. The paper body was not read: the definition L_Z(o, c) = (1/a) log(1 + exp(a(b − z_c))), z_c =
(o_c − μ)/σ with the population σ, is the specification's reconstruction (consistent with secondary summaries),
and each claim says where its wording comes from.

Statements covered (Z1–Z10 of the specification):

* Z1: shift and scale invariance for α > 0 (``zloss.shift_scale_invariance``);
* Z2: for every nonzero α, a secondary summary's wording (``zloss.nonzero_scale_invariance``), and the correction,
  a negative α reflects z (``zloss.negative_scale_reflection``);
* Z3: the log-softmax is shift-invariant (``zloss.log_softmax_shift_invariance``) and not scale-invariant
  (``zloss.log_softmax_scale_invariance``, a statement the paper denies);
* Z4: the spherical computation of L_Z and ∂L_Z/∂h from (Q, w̄, W_c), exact (``zloss.spherical_computation``),
  what float64 makes of it under a common offset of the logits (``zloss.spherical_float64_any_offset``) and with a
  bounded offset (``zloss.spherical_float64_small_offset``);
* Z5: z_c² ≤ D − 1 and where it is attained (``zloss.score_bound``), the least value of L_Z, positive
  (``zloss.least_value``);
* Z6: the gradient is orthogonal to 1 and to o (``zloss.gradient_orthogonality``);
* Z7: "bounded gradients" (``zloss.gradient_norm_bounded``), the exact gradient norm that replaces it
  (``zloss.gradient_norm``), and the two-class case, where the gradient vanishes (``zloss.binary_gradient_vanishes``);
* Z8: σ = 0 and D = 1: no limit (``zloss.degenerate_no_limit``) and the library's error
  (``zloss.library_degenerate_inputs``);
* Z9: the per-example cost, independent of D (``zloss.cost_independent_of_classes``);
* Z10: top-1 and top-3 error against cross-entropy on scikit-learn's digits (``zloss.digits_top1_ordering``,
  ``zloss.digits_top3_ordering``);
* the library's conformance (``zloss.library_z_loss``, ``zloss.library_z_loss_grad``, ``zloss.library_spherical``).

Stance and origin: the paper asserts Z1, Z3's shift invariance, Z4 and Z9 and denies Z3's scale invariance (as
read here); Z2 and Z7's "bounded gradients" are a secondary summary's wording, tested as extensions; Z5, Z6, Z8, Z10,
the corrections and the library claims are the suite's (``origin="suite"``).

Modules:

* ``paper``: the paper record;
* ``library``: what a practitioner calls (:func:`~.library.z_scores`, :func:`~.library.z_loss`,
  :func:`~.library.z_loss_grad`, :class:`~.library.SphericalZLoss`), validated and scale-free;
* ``library_variants``: plausible bugs in the library, the mutants of its conformance claims;
* ``formulas``: the definitions under test (evaluated in float64, complex, mpmath or exact rationals), their
  mutants, the spherical and direct computations with their multiply-add counts, and the closed forms;
* ``claims_invariance``, ``claims_spherical``, ``claims_range``, ``claims_gradient``, ``claims_digits``,
  ``claims_library``: the claims by topic;
* ``derivations``: the sympy derivations.

Ground truth in ``checks/zloss/`` never comes from the formula under test: mpmath at 30–90 digits, exact rationals
(Fractions, with z_c kept as its sign and square), complex-step and central-difference gradients, mpmath's numerical
derivatives, numpy's long double, a numerical maximiser (scipy), instrumented operation counts, and linear models
trained on the bundled digits.
"""
