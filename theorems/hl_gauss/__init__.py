"""HL-Gauss and two-hot categorical value targets ("Stop Regressing", arXiv 2403.03950).

J. Farebrother, J. Orbay, Q. Vuong, A. A. Taïga, Y. Chebotar, T. Xiao, A. Irpan, S. Levine, P. S. Castro, A. Faust,
A. Kumar, R. Agarwal, "Stop Regressing: Training Value Functions via Classification for Scalable Deep RL" (ICML
2024); HL-Gauss from Imani & White, arXiv 1806.04613. The paper body was not read: the statements are the
specification's reading, the released transform is the ``HLGaussLoss`` listing of the paper's Appendix A as copied
in repositories that cite it, and the recommended σ/ς = 0.75 is recalled, not confirmed.

Statements covered (G1–G8 of the specification):

* G1: two-hot decodes exactly (``hl_gauss.two_hot_mean``), and outside the atoms (``hl_gauss.two_hot_outside``);
* G2: exact interior decoding (``hl_gauss.interior_decoding_exact``), refined by the Fourier series of the bias
  (``hl_gauss.interior_bias_series``);
* G3: the sign near the edges (``hl_gauss.edge_bias_towards_interior``, refined by
  ``hl_gauss.edge_bias_towards_interior_wide``) and the size at v_max (``hl_gauss.edge_bias_at_vmax``);
* G4: negligible bias at σ/ς = 0.75 (``hl_gauss.bias_negligible_at_recommended_sigma``);
* G5: the cross-entropy minimiser is the mixture (``hl_gauss.ce_minimiser_is_mixture``) and what it decodes to
  (``hl_gauss.ce_minimiser_decodes_to_mean``, refined by ``hl_gauss.ce_minimiser_decodes_to_mean_interior``);
* G6: the listing's finiteness (``hl_gauss.release_finite_everywhere``, refined by
  ``hl_gauss.release_finite_near_support``);
* G7: the listing's centres and bin count (``hl_gauss.release_decodes_with_centres``);
* G8: the noisy-regression reproduction (``hl_gauss.noisy_regression_hl_beats_mse``) and its clipping ablation
  (``hl_gauss.noisy_regression_hl_beats_clipped_mse``);
* the library (``hl_gauss.library_target``).

Modules:

* ``paper``: the paper record;
* ``library``: what a practitioner calls (:func:`~.library.hl_gauss_target`, :func:`~.library.hl_gauss_decode`,
  :func:`~.library.hl_gauss_cross_entropy`, :func:`~.library.two_hot_target`, :func:`~.library.two_hot_decode`);
* ``formulas``: the listing's numpy port and its wrong variants, two-hot in rationals, the bias series and edge
  closed form, the high-precision ground truths, and the library's wrong variants;
* ``claims_decoding`` (G1–G4), ``claims_release`` (G5–G8 and the library): the claims;
* ``derivations``: the sympy derivations.
"""
