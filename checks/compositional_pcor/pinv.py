"""P2 (pinv formula = residual correlation), P3 (range and sign) and P4 (closure and permutation)."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from ...theorems.compositional_pcor import claims as C
from . import ground_truth as G
from .routes import EXACT_TOL, KAPPA_EXACT, KAPPA_MAX, PCOR_TOL, call, condition, schur_partial_correlation
from .strategies import SPEC_CASE, compositions_from_logs, datasets, integer_logs, logistic_normal, small_exact

# -- P2 --------------------------------------------------------------------------------------------------------


@C.PINV_EQUALS_RESIDUAL.check(
    given={"data": datasets(), "pick": st.integers(0, 10**6)}, examples=12,
    regressions=[{"data": SPEC_CASE, "pick": 0}],
    precision="float64; the Schur complement of the log-ratio covariance for each pair",
    tolerance=f"{PCOR_TOL:g} absolute (PCOR_TOL), cases with condition number above {KAPPA_MAX:g} rejected")
def pinv_matches_residual_route(subject, ev, data, pick):
    r"""Every $\rho_{ij}$ of the subject against the correlation of the regression residuals (Schur complement
    of the covariance of $l_k - l_r$), with the reference $r \notin \{i, j\}$ drawn per example."""
    x = logistic_normal(*data)
    d = x.shape[1]
    logs = np.log(x)
    ev.assume(condition(logs) <= KAPPA_MAX)
    rho = call(ev, subject, x)
    ev.show("ρ (subject)", np.round(rho, 6))
    truth = np.eye(d)
    for i in range(d):
        for j in range(i + 1, d):
            others = [k for k in range(d) if k not in (i, j)]
            r = others[(pick + i + j) % len(others)]
            truth[i, j] = truth[j, i] = schur_partial_correlation(logs, i, j, r)
    ev.close(rho, truth, atol=PCOR_TOL, what="ρ matrix", context=f"n={x.shape[0]}, D={d}",
             labels=("−Ω/√(diag Ω) with Ω = pinv(Cov(clr))", "correlation of the residuals"))


@C.PINV_EQUALS_RESIDUAL.check(
    given={"shape": small_exact, "pick": st.integers(0, 10**6)}, examples=8,
    precision="exact rationals (Fraction) for the residual correlations",
    tolerance=f"{EXACT_TOL:g} absolute (EXACT_TOL); samples scaled by 10^±100", confirm="exact")
def pinv_matches_exact_rationals(subject, ev, shape, pick):
    r"""On integer logs, $\rho_{ij}$ for two drawn pairs against $\pm\sqrt{\rho^2}$ of the residuals computed
    exactly with a drawn reference."""
    seed, n, d = shape
    logs = integer_logs(seed, n, d)
    ev.assume(condition(np.asarray(logs, dtype=float)) <= KAPPA_EXACT)
    x = compositions_from_logs(logs, seed, spread=100.0)
    ev.show("integer logs", logs)
    rho = call(ev, subject, x)
    pairs = [(a, b) for a in range(d) for b in range(a + 1, d)]
    for t in range(2):
        i, j = pairs[(pick + 7 * t) % len(pairs)]
        others = [k for k in range(d) if k not in (i, j)]
        r = others[(pick // 3 + t) % len(others)]
        adjust = G.pairwise_adjust(d, i, j, r)
        ei, ej = (G.log_ratio_residual(logs, p, r, adjust) for p in (i, j))
        ev.assume(any(v != 0 for v in ei) and any(v != 0 for v in ej))
        truth = G.as_float(*G.correlation_squared_and_sign(ei, ej))
        ev.close(float(rho[i, j]), truth, atol=EXACT_TOL, what="ρ", context=f"n={n}, D={d}, i={i}, j={j}, r={r}",
                 labels=("pinv formula", "exact residual correlation"))


# -- P3 --------------------------------------------------------------------------------------------------------


@C.RANGE_AND_SIGN.check(given={"data": datasets()}, examples=10, precision="float64",
                        tolerance="exact comparison with 1")
def within_unit_interval(subject, ev, data):
    r"""$\max_{i \ne j} |\rho_{ij}| \le 1$."""
    x = logistic_normal(*data)
    rho = call(ev, subject, x)
    off = np.abs(rho[~np.eye(x.shape[1], dtype=bool)])
    ev.show("ρ (subject)", np.round(rho, 6))
    ev.le(float(off.max()), 1.0, what="max |ρ|", labels=("largest |ρ_ij|", "1"))


# Integer logs (seed 4, n = 8, D = 4), drawn once: the exact residual correlation of parts 1 and 2 is negative.
NEGATIVE_CASE = (4, 8, 4)


@C.RANGE_AND_SIGN.check(precision="exact rationals for the ground truth", tolerance=f"{EXACT_TOL:g} absolute",
                        confirm="exact")
def negative_association_exhibited(subject, ev):
    r"""A data set where the exact residual correlation of two parts is negative, and the subject agrees."""
    seed, n, d = NEGATIVE_CASE
    logs = integer_logs(seed, n, d)
    rho_sq, sign = G.exact_partial_correlation(logs, 0, 1, 2, [3])
    ev.show("integer logs", logs)
    ev.metric("exact ρ² of parts 1 and 2", str(rho_sq))
    ev.that(sign < 0, "the exhibited exact correlation is not negative", claimed="negative", observed=sign)
    got = float(call(ev, subject, compositions_from_logs(logs))[0, 1])
    ev.metric("ρ of parts 1 and 2", got)
    ev.lt(got, 0.0, what="ρ₁₂ < 0", labels=("ρ₁₂ (subject)", "0"))
    ev.close(got, G.as_float(rho_sq, sign), atol=EXACT_TOL, what="ρ₁₂",
             labels=("pinv formula", "exact residual correlation"))


# -- P4 --------------------------------------------------------------------------------------------------------

# Both sides come from the same float routine on log-ratios that agree to a few ulps of max|l| (the rescaling
# by 10^u, |u| ≤ 100, adds at most 230 to a log, whose rounding, 230 ε ≈ 5e-14, cancels in every log-ratio
# up to that much). Propagated through the inverse (κ ≤ KAPPA_MAX): ≤ 1e4 · 5e-14 = 5e-10; INV_TOL leaves ×20.
INV_TOL = 1e-8


@C.INVARIANCE.check(given={"data": datasets(max_d=8, max_n=200), "seed": st.integers(0, 2**32 - 1)},
                    examples=6, precision="float64", tolerance=f"{INV_TOL:g} absolute (INV_TOL)")
def rescaling_invariance(subject, ev, data, seed):
    r"""$\rho(c \odot x) = \rho(x)$ for per-sample factors $c_s = 10^{u_s}$, $u_s$ uniform in $[-100, 100]$."""
    x = logistic_normal(*data)
    ev.assume(condition(np.log(x)) <= KAPPA_MAX)
    c = 10.0 ** np.random.default_rng(seed).uniform(-100, 100, size=(x.shape[0], 1))
    ev.show("per-sample factors (first 5)", c[:5, 0])
    ev.close(call(ev, subject, c * x), call(ev, subject, x), atol=INV_TOL, what="ρ matrix",
             labels=("ρ(c ⊙ x)", "ρ(x)"))


@C.INVARIANCE.check(given={"data": datasets(max_d=8, max_n=200), "seed": st.integers(0, 2**32 - 1)},
                    examples=6, precision="float64", tolerance=f"{INV_TOL:g} absolute (INV_TOL)")
def permutation_equivariance(subject, ev, data, seed):
    r"""$\rho(x P_\pi) = P_\pi^\top \rho(x) P_\pi$ for a random permutation $\pi$ of the parts."""
    x = logistic_normal(*data)
    ev.assume(condition(np.log(x)) <= KAPPA_MAX)
    perm = np.random.default_rng(seed).permutation(x.shape[1])
    ev.show("permutation", perm)
    base = call(ev, subject, x)
    ev.close(call(ev, subject, x[:, perm]), base[np.ix_(perm, perm)], atol=INV_TOL, what="ρ matrix",
             labels=("ρ(x P)", "ρ(x) permuted"))
