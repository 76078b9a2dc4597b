"""O3: the entropy derivative (mpmath numerical differentiation and float64 complex step), monotonicity
of $H(F_T(p))$ in $T$, and when it is strict."""

from __future__ import annotations

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.softening_operators import claims as C
from ...theorems.softening_operators import formulas as F
from .axioms import entropy_non_decreasing
from .strategies import as_simplex, dirichlet_cases, dirichlet_p, weights

_BETA = st.floats(-1.3, 1.3).map(lambda e: 10.0**e)  # β ∈ [0.05, 20]
_CASES = {**{k: v for k, v in dirichlet_cases.items() if k != "V"}, "V": st.integers(2, 20), "beta": _BETA}

#: mpmath.diff at 40 digits (default step from the precision) is accurate to ~30 digits; values are O(1).
TOL_DIFF = 1e-20
#: Complex step h = 1e-30: no cancellation, truncation h²·|H'''| ≈ 1e-58; roundoff ≈ 64ε·(1 + β·max|log p|)
#: relative to the entropy's scale (≤ log V ≤ 3): 1e-11 absolute leaves headroom for β ≤ 20, |log p| ≤ 700.
H_STEP = 1e-30
TOL_CS = 1e-11


@C.ENTROPY_DERIVATIVE.check(given=_CASES, examples=12, precision="mpmath 40 digits, mpmath.diff",
                            tolerance=f"{TOL_DIFF:g} absolute: numerical differentiation at 40 digits")
def matches_mpmath_derivative(subject, ev, V, seed, log_alpha, ties, zeros, beta):
    r"""The formula equals $\frac{d}{d\beta} H(q_\beta)$ by mpmath numerical differentiation."""
    p = dirichlet_p(V, seed, log_alpha, ties, zeros)
    ev.show("p", p)
    with mpmath.workdps(40):
        truth = mpmath.diff(lambda b: F.entropy(F.power_op(list(p), 1 / b)), mpmath.mpf(beta))
        claimed = subject(list(p), beta)
    ev.show("dH/dβ (mpmath.diff)", float(truth))
    ev.close(float(claimed), float(truth), atol=TOL_DIFF, what="dH/dβ", labels=("−β Var(log p)", "mpmath.diff"))


def complex_step_entropy_derivative(p: np.ndarray, beta: float) -> float:
    """d/dβ H(q_β) by the complex step: Im H(β + ih)/h, q_β ∝ exp(β(log p − max log p)) in complex128."""
    on = p > 0
    lg = np.log(p[on])
    lg = lg - lg.max()
    b = complex(beta, H_STEP)
    w = np.exp(b * lg)
    Z = w.sum()
    q = w / Z
    # log q in log space, not np.log(q): q_i underflows to exactly 0 when β(log p_i − max log p) < −745
    # (p_i = 1e-300, β = 10), and 0·np.log(0) is nan; here 0·(finite log q_i) = 0, the float64 value of
    # both q_i log q_i and its β-derivative (1 + log q_i) q_i (log p_i − E_q log p), each below 1e-317.
    log_q = b * lg - np.log(Z)
    H = -np.sum(q * log_q)
    return float(H.imag / H_STEP)


@C.ENTROPY_DERIVATIVE.check(given=_CASES, examples=25, precision="float64 complex step, h = 1e-30",
                            tolerance=f"{TOL_CS:g} absolute: complex-step roundoff")
def matches_complex_step(subject, ev, V, seed, log_alpha, ties, zeros, beta):
    r"""The formula equals the complex-step derivative $\operatorname{Im} H(q_{\beta + ih})/h$ in float64."""
    p = dirichlet_p(V, seed, log_alpha, ties, zeros)
    ev.show("p", p)
    truth = complex_step_entropy_derivative(p, beta)
    with mpmath.workdps(30):
        claimed = float(subject(list(p), beta))
    ev.show("dH/dβ (complex step)", truth)
    ev.close(claimed, truth, atol=TOL_CS, what="dH/dβ", labels=("−β Var(log p)", "complex step"))


@C.ENTROPY_MONOTONE.check(given={**dirichlet_cases, "T": st.floats(-2.0, 2.0).map(lambda e: 10.0**e),
                                 "ratio": st.floats(1.01, 10.0)},
                          examples=20, precision="mpmath 40 digits", tolerance="1e-30: 40-digit entropies")
def entropy_non_decreasing_in_temperature(subject, ev, V, seed, log_alpha, ties, zeros, T, ratio):
    r"""$H(F_T(p)) \le H(F_{T'}(p))$ for $T < T'$, $p$ a Dirichlet draw with ties and zeros."""
    entropy_non_decreasing(subject, ev, V, seed, log_alpha, ties, zeros, T, ratio)


#: |H(F₂(p)) − H(F_{1/2}(p))| is either 0 (to 40 digits) or, for integer weights ≤ 4 on ≤ 6 classes, above 1e-3.
TOL_CONSTANT = 1e-30


@C.ENTROPY_STRICT.check(given={"w": weights}, examples=30, precision="mpmath 40 digits",
                        tolerance=f"entropy change above {TOL_CONSTANT:g} counts as strict",
                        regressions=[{"w": [1, 1, 0]}, {"w": [2, 2]}])
def strictness_matches_entropy_change(subject, ev, w):
    r"""The predicate (not uniform on the support) agrees with whether $H(F_2(p)) > H(F_{1/2}(p))$."""
    p = as_simplex(w)
    with mpmath.workdps(40):
        change = F.entropy(F.power_op(p, 2)) - F.entropy(F.power_op(p, mpmath.mpf(1) / 2))
    ev.show("p", [str(x) for x in p])
    ev.show("H(F₂(p)) − H(F_½(p))", float(change))
    observed = bool(change > TOL_CONSTANT)
    ev.that(subject(p) == observed, f"predicate says strict={subject(p)}, entropy change {float(change):.3g}",
            claimed=subject(p), observed=observed, labels=("predicted strictly increasing", "entropy increased"))
