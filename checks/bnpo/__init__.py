"""Numerical checks of the BNPO statements V1–V9 (theorems/bnpo/).

Ground truth never comes from the formula under test: quadrature of the raw integrands (scipy and
mpmath at 20 digits), numerical minimisation (Nelder–Mead, and Newton's method for the formula claim
of V2), the Gamma-function form of V1 at 30 digits (its formula claim), exact enumeration over the
reward, finite differences, exact rational arithmetic (Fractions) for the method of moments, and
vectorized Monte Carlo with 10⁶ samples (2·10⁵ for V7's bounded p̂ and V3's refutation). Monte Carlo
checks use a z-test at 5 standard errors: a false-alarm rate of 5.7·10⁻⁷ per comparison under the
normal approximation (the draws are restricted to parameters where the estimator's fourth moment is
finite, so the central limit theorem applies).

Modules:

* ``second_moment``: V1, the closed form against quadrature, divergence and Monte Carlo;
* ``optimum``: V2, the optimum against numerical minimisation and quadrature;
* ``variance``: V3, variance comparisons (Bernoulli-logit and independent score);
* ``members``: V4 and V5, REINFORCE and GRPO as members;
* ``objective``: V6, the objective BNPO ascends (enumeration against finite differences);
* ``moments``: V7, the method of moments fed p̂ from G rollouts (exact rationals, Monte Carlo);
* ``released``: steps 1–5 of the released computation and V8 (the decomposition) against an exact
  reference;
* ``degenerate``: V9, degenerate batches in the release and in the suite's implementation;
* ``library_blocks``: the library's density, weight, method of moments, parameters, GRPO advantage
  and corrected fit against mpmath and exact rationals;
* ``figures``: the second-moment profile (V2) and the training comparison (V3);
* ``strategies``: hypothesis strategies and the regression batch shared by several modules;
* ``numerics``: the Monte Carlo constants and the quadrature helpers shared by several modules;
* ``reference``: the exact-rational reference of the released computation (steps 1–5).
"""
