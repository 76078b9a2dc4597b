"""P1 (reference-independent residuals) and P7 (the boundary n ≤ D − 1 of the residual definition)."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from ...theorems.compositional_pcor import claims as C
from . import ground_truth as G
from .routes import EXACT_TOL, KAPPA_EXACT, KAPPA_MAX, condition
from .strategies import SPEC_CASE, compositions_from_logs, datasets, integer_logs, logistic_normal, small_exact

# Least squares is backward stable: a residual carries an error of about κ ε ‖y‖ (κ ≤ KAPPA_MAX the condition
# number of the log-ratio covariance, ε = 2.2e-16), so two references differ by ≤ 2 κ ε ‖y‖∞ ≈ 4.4e-12 ‖y‖∞.
# RES_TOL = 1e-10 relative to max|l_i − l_r| leaves ×20 headroom; the mutants change residuals by O(1).
RES_TOL = 1e-10


@C.REFERENCE_INDEPENDENT.check(
    given={"data": datasets(), "pick": st.integers(0, 10**6), "pairwise": st.booleans(),
           "intercept": st.booleans()},
    examples=20, regressions=[{"data": SPEC_CASE, "pick": 0, "pairwise": True, "intercept": True},
                              {"data": SPEC_CASE, "pick": 7, "pairwise": False, "intercept": False}],
    precision="float64 least squares", tolerance=f"{RES_TOL:g} relative to max|l_i − l_r| (RES_TOL)")
def residual_same_for_every_reference(subject, ev, data, pick, pairwise, intercept):
    r"""$e_i^{(r)}$ for every admissible reference $r$ agrees with $e_i^{(r_0)}$ of the first one."""
    x = logistic_normal(*data)
    d = x.shape[1]
    logs = np.log(x)
    ev.assume(condition(logs) <= KAPPA_MAX)
    i = pick % d
    excl = ((i + 1 + pick // d % (d - 1)) % d,) if pairwise else ()
    refs = [r for r in range(d) if r != i and r not in excl]
    base = subject(x, i, reference=refs[0], exclude=excl, intercept=intercept)
    scale = float(np.max(np.abs(logs[:, i] - logs[:, refs[0]])))
    ev.show("parts", {"i": i, "excluded": list(excl), "references": refs})
    ev.show("residual for the first reference (first 5 samples)", base[:5])
    for r in refs[1:]:
        other = subject(x, i, reference=r, exclude=excl, intercept=intercept)
        ev.close(other, base, atol=RES_TOL * scale, what="residual", context=f"i={i}, r={r}, r0={refs[0]}",
                 labels=(f"residual with reference {r}", f"residual with reference {refs[0]}"))


@C.REFERENCE_INDEPENDENT.check(
    given={"shape": small_exact, "pick": st.integers(0, 10**6), "pairwise": st.booleans(),
           "intercept": st.booleans()},
    examples=15, precision="exact rationals (Fraction) for the ground truth",
    tolerance=f"{EXACT_TOL:g} absolute (EXACT_TOL); integer logs in [−3, 3], samples scaled by 10^±100",
    confirm="exact")
def residual_exact_projection(subject, ev, shape, pick, pairwise, intercept):
    r"""On integer logs, $e_i^{(r)}$ equals the exact projection of $l_i - l_r$ off the span of the intercept and
    the log-ratios of the remaining parts, for a drawn reference."""
    seed, n, d = shape
    logs = integer_logs(seed, n, d)
    ev.assume(condition(np.asarray(logs, dtype=float)) <= KAPPA_EXACT)  # full rank, as the claim assumes
    x = compositions_from_logs(logs, seed, spread=100.0)
    i = pick % d
    excl = ((i + 1) % d,) if pairwise and d > 3 else ()
    refs = [r for r in range(d) if r != i and r not in excl]
    r = refs[pick // d % len(refs)]
    adjust = [k for k in range(d) if k not in (i, r, *excl)]
    truth = [float(v) for v in G.log_ratio_residual(logs, i, r, adjust, intercept)]
    ev.show("integer logs", logs)
    ev.show("exact residual", truth)
    ev.close(subject(x, i, reference=r, exclude=excl, intercept=intercept), np.array(truth), atol=EXACT_TOL,
             what="residual", context=f"i={i}, r={r}, excluded={list(excl)}",
             labels=("log_ratio_residuals", "exact projection in rationals"))


# -- P7: n = D − 1 --------------------------------------------------------------------------------------------

_AT_D_MINUS_ONE = st.tuples(st.integers(0, 2**32 - 1), st.integers(4, 8))


def _degenerate_case(seed, d):
    logs = integer_logs(seed, d - 1, d)
    return logs, compositions_from_logs(logs, seed, spread=5.0)


@C.SMALL_SAMPLE_DEGENERATE.check(
    given={"case": _AT_D_MINUS_ONE, "pick": st.integers(0, 10**6)}, examples=12,
    precision="exact rationals for ρ²; float64 for the subject",
    tolerance="1e-8 absolute on |ρ| (least squares with κ ≤ 1e6 on integer logs)", confirm="exact")
def unit_magnitude_at_d_minus_one(subject, ev, case, pick):
    r"""With $n = D - 1$ integer-log samples, the exact $\rho_{ij}^2$ of the residual definition is 1 and the
    float residual route gives $|\rho_{ij}| = 1$; with the first $D - 2$ samples the exact residuals are 0."""
    seed, d = case
    logs, x = _degenerate_case(seed, d)
    i, j = pick % d, (pick % d + 1 + pick // d % (d - 1)) % d
    r = next(k for k in range(d) if k not in (i, j))
    adjust = G.pairwise_adjust(d, i, j, r)
    # general position (the claim's assumption): the D − 2 columns of the design independent on the first D − 2
    # samples (hence on all D − 1)
    ev.assume(G.design_rank(logs[: d - 2], r, adjust) == d - 2)
    rho_sq, sign = G.exact_partial_correlation(logs, i, j, r, adjust)
    ev.assume(sign != 0)  # a residual exactly zero: a non-generic draw
    ev.show("integer logs", logs)
    ev.that(rho_sq == 1, f"exact ρ² = {rho_sq}, not 1", claimed=1, observed=rho_sq,
            labels=("the claim", "exact ρ² of the residuals"))
    ev.close(abs(subject(x, i, j, r)), 1.0, atol=1e-8, what="|ρ|", context=f"D={d}, i={i}, j={j}, r={r}",
             labels=("|ρ| by the residual route in float64", "1"))
    # one sample fewer (n = D − 2): the exact residuals vanish, and the float route returns rounding noise
    fewer = logs[: d - 2]
    ev.that(all(v == 0 for v in G.log_ratio_residual(fewer, i, r, adjust)), "an exact residual at n = D − 2 is not 0")
    with np.errstate(all="ignore"):
        ev.metric("float residual-route value at n = D − 2 (rounding noise)",
                  subject(compositions_from_logs(fewer, seed, spread=5.0), i, j, r))


def _confirm_pinv_disagrees(subject, case, pick):
    """Re-verify in exact rationals: ρ by sympy's exact pinv of the clr covariance against ρ² = 1 of the
    residuals."""
    import sympy as sp

    seed, d = case
    logs, _ = _degenerate_case(seed, d)
    i, j = pick % d, (pick % d + 1 + pick // d % (d - 1)) % d
    r = next(k for k in range(d) if k not in (i, j))
    rho_sq, sign = G.exact_partial_correlation(logs, i, j, r, G.pairwise_adjust(d, i, j, r))
    L = sp.Matrix(np.asarray(logs).tolist())
    clr = L - L * sp.ones(d, d) / d
    centred = clr - sp.ones(d - 1, 1) * (sp.ones(1, d - 1) * clr) / (d - 1)
    omega = (centred.T * centred / (d - 2)).pinv()
    pinv_sq = omega[i, j] ** 2 / (omega[i, i] * omega[j, j])
    wrong = sp.nsimplify(pinv_sq) != rho_sq
    return bool(wrong), f"exact: pinv gives ρ² = {sp.nsimplify(pinv_sq)}, the residuals ρ² = {rho_sq}"


@C.SMALL_SAMPLE_PINV.check(
    given={"case": _AT_D_MINUS_ONE, "pick": st.integers(0, 10**6)}, examples=6,
    regressions=[{"case": (0, 4), "pick": 0}],
    precision="exact rationals for the residual route; float64 for the pinv formula; exact sympy pinv to confirm",
    tolerance="1e-8 absolute", confirm=_confirm_pinv_disagrees)
def pinv_matches_residuals_below_full_rank(subject, ev, case, pick):
    r"""With $n = D - 1$ samples, the pinv formula's $\rho_{ij}$ against the exact residual correlation ($\pm 1$)."""
    seed, d = case
    logs, x = _degenerate_case(seed, d)
    i, j = pick % d, (pick % d + 1 + pick // d % (d - 1)) % d
    r = next(k for k in range(d) if k not in (i, j))
    rho_sq, sign = G.exact_partial_correlation(logs, i, j, r, G.pairwise_adjust(d, i, j, r))
    ev.assume(sign != 0)
    ev.show("integer logs", logs)
    ev.show("pair", [i, j])
    ev.close(float(subject(x)[i, j]), G.as_float(rho_sq, sign), atol=1e-8, what="ρ",
             context=f"n={d - 1}, D={d}, i={i}, j={j}",
             labels=("pinv formula", "exact residual correlation"))
