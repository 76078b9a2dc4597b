"""Peri-LN: normalisation around each sublayer, at its input and its output.

J. Kim, B. Lee, C. Park, Y. Oh, B. Kim, T. Yoo, S. Shin, D. Han, J. Shin, K. M. Yoo, "Peri-LN: Revisiting
Normalization Layer in the Transformer Architecture", arXiv 2502.02732 (ICML 2025). No code was released. The paper
body was not read: the placements (its Eqs. 1–3), the variance recursion (its Eq. 4) and Proposition 3.1 (its
Eq. 8) are a secondary summary's wording (a "242: Peri-LN" notes file that attributes them to the paper), and each
claim says so; R8 tests a second summary (jaehun.me).

Statements covered (R1–R9 of the specification):

* R1: weight-rescaling invariance of Peri-LN (``peri_ln.weight_rescaling_invariance``), Pre-LN's increment scaling
  (``peri_ln.pre_ln_increment_scaling``), single-head attention with every weight scaled
  (``peri_ln.attention_rescaling_invariance``) and with the value/output weights scaled
  (``peri_ln.attention_value_rescaling_invariance``);
* R2: ‖x_L − x_0‖ ≤ L√D max|γ| (``peri_ln.growth_bound``);
* R3: Eq. 4 for any weights (``peri_ln.variance_linear_growth``), in expectation (``peri_ln.peri_mean_square_growth``),
  and Pre-LN's expectation (``peri_ln.pre_mean_square_growth``);
* R4: Pre-LN's additive bound (``peri_ln.pre_ln_additive_bound``) and geometric growth with geometric weights
  (``peri_ln.pre_ln_exponential_needs_growing_weights``);
* R5: Eq. 8 (``peri_ln.gradient_bound_as_summarised``), the least constant for RMSNorm
  (``peri_ln.gradient_bound_rmsnorm``), LayerNorm with ‖a‖ (``peri_ln.gradient_bound_layernorm_uncentred``) and with
  ‖a − ā1‖ (``peri_ln.gradient_bound_layernorm``), and the Jacobian behind them (``peri_ln.norm_jacobian``);
* R6: Pre-LN's ∂L/∂W2 (``peri_ln.pre_ln_weight_gradient``) and the scaling law (``peri_ln.weight_gradient_scaling``);
* R7: Post-LN's vanishing gradient (``peri_ln.post_ln_vanishing_gradient``) and what is measured at initialisation
  (``peri_ln.gradient_ratio_at_initialisation``);
* R8: the summary's architecture (``peri_ln.secondary_architecture``), its toy arithmetic
  (``peri_ln.secondary_toy_arithmetic``) and the correct value (``peri_ln.layernorm_of_symmetric_triple``);
* R9: the variance-per-layer reproduction (``peri_ln.variance_reproduction``) and the pattern at initialisation
  (``peri_ln.variance_pattern_at_initialisation``);
* the library's conformance (``peri_ln.library_norms``, ``peri_ln.library_gradients``).

Modules:

* ``paper``: the paper record;
* ``library``: what a practitioner calls (:func:`~.library.rms_norm`, :func:`~.library.layer_norm`,
  :func:`~.library.norm_vjp`, :func:`~.library.residual_block`, :func:`~.library.residual_stack`,
  :func:`~.library.stack_input_gradient`, :func:`~.library.output_weight_gradient`,
  :func:`~.library.gradient_bound`), validated and scale-free;
* ``formulas``: the blocks, Jacobians, gradients and bounds under test (float64, complex and mpmath), and their
  mutants;
* ``claims_forward``: R1–R4, R8, R9; ``claims_gradient``: R5–R7 and the library;
* ``derivations``: the sympy derivations.
"""
