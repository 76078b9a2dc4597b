"""G5–G7: the cross-entropy minimiser (a solver against the mixture), its decoding (mpmath), and the released
listing's finiteness and decoding in float32 and float64 against the HL-Gauss definition at 25 digits."""

from __future__ import annotations

import math

import mpmath
import numpy as np
from hypothesis import strategies as st
from scipy.special import softmax

from ...theorems.hl_gauss import claims_release as C
from ...theorems.hl_gauss import formulas as F
from .strategies import lows, ratios, seeds, spans

# -- G5 ---------------------------------------------------------------------------------------------------------

#: L-BFGS on the logits to a gradient norm below 1e-12: the minimiser's entries to about 1e-9 (the Hessian's
#: smallest nonzero eigenvalue on the simplex is at least min_i p̄_i ≥ 1e-3 here); the mutant is off by 1e-2
SOLVER_TOL = 1e-6


@C.MINIMISER.check(given={"seed": seeds, "m": st.integers(5, 12), "r": st.floats(0.5, 1.5)}, examples=3,
                   precision="float64, Newton's method on the logits", tolerance="absolute 1e-6 per bin")
def solver_reaches_mixture(subject, ev, seed, m, r):
    r"""Minimise the expected cross-entropy over logits by Newton's method; compare with the claimed minimiser."""
    rng = np.random.default_rng(seed)
    atoms = rng.uniform(0.0, m, size=3)
    weights = rng.dirichlet(np.ones(3))
    ev.show("atoms", atoms)
    ev.show("weights", weights)
    # the expected cross-entropy, with the targets averaged by the solver's own route: each atom's histogram
    # from mpmath at 20 digits
    hist = np.array([[float(p) for p in F.mp_probabilities(y, 0, m, m, r, 20)[0]] for y in atoms])
    floor = np.min(weights @ hist)
    ev.assume(floor > 1e-3, "every bin needs some mass for a finite minimiser")

    target = weights @ hist
    z = np.zeros(m)
    for _ in range(60):  # gradient q − p̄, Hessian diag(q) − qqᵀ (singular along 1: least squares)
        q = softmax(z)
        grad = q - target
        if np.max(np.abs(grad)) < 1e-14:
            break
        step = np.linalg.lstsq(np.diag(q) - np.outer(q, q), grad, rcond=None)[0]
        z -= min(1.0, 1.0 / max(1e-12, float(np.max(np.abs(step))))) * step
    ev.close(subject.minimiser(atoms, weights, 0, m, m, r), softmax(z), atol=SOLVER_TOL, what="minimiser",
             labels=("claimed minimiser", "solver"))


def _bound(r: float) -> float:
    q = math.exp(-2 * math.pi**2 * r * r)
    return q / (math.pi * (1 - q))


M_MIX = 30


def _confirm_mean(subject) -> tuple[bool, str]:
    """The witness at 40 digits: P = δ at v_max, σ/ς = 0.75."""
    with mpmath.workdps(40):
        gap = abs(F.decoded_mixture([M_MIX], [1.0], 0, M_MIX, M_MIX, 0.75, 40) - M_MIX)
    return gap > _bound(0.75), f"|ŷ(p̄) − E y| = {mpmath.nstr(gap, 12)} bins at 40 digits"


@C.DECODES_TO_MEAN.check(precision="mpmath 30 digits", tolerance="the claim's bound", confirm=_confirm_mean)
def decodes_to_mean_anywhere(subject, ev):
    r"""$P = \delta_{v_{\max}}$ (inside the closed support), $\sigma/\varsigma = 0.75$, 40 bins: the decoded
    minimiser against $\mathbb{E}[y]$."""
    r = 0.75
    ev.show("atoms", [float(M_MIX)])
    ev.show("weights", [1.0])
    gap = abs(float(subject([M_MIX], [1.0], 0, M_MIX, M_MIX, r)) - M_MIX)
    ev.metric("gap_in_bins", f"{gap:.4g}")
    ev.metric("bound_in_bins", f"{_bound(r):.3g}")
    ev.le(gap, _bound(r), what="decoding gap within the interior bias", labels=("|ŷ(p̄) − E y|", "bound"))


@C.DECODES_INTERIOR.check(given={"seed": seeds, "r": st.floats(0.5, 1.0)}, examples=5,
                          precision="mpmath 30 digits", tolerance="the claim's bound plus 1e-12 of a bin")
def decodes_to_mean_interior(subject, ev, seed, r):
    r"""Three atoms drawn in $[12\sigma, v_{\max} - 12\sigma]$ with Dirichlet weights."""
    rng = np.random.default_rng(seed)
    atoms = rng.uniform(12 * r, M_MIX - 12 * r, size=3)
    weights = rng.dirichlet(np.ones(3))
    ev.show("atoms", atoms)
    ev.show("weights", weights)
    gap = abs(float(subject(list(atoms), list(weights), 0, M_MIX, M_MIX, r, 20)) - float(np.dot(atoms, weights)))
    ev.le(gap, _bound(r) + 1e-12, what="decoding gap within the interior bias", labels=("|ŷ(p̄) − E y|", "bound"))


# -- G6 ---------------------------------------------------------------------------------------------------------


def _first_failure(transform, dtype, width=0.2, ratio=0.75, m=100) -> float:
    """The least distance beyond v_max (in σ) where the listing's output is not finite: bisection on [0, 50]."""
    sigma = ratio * width
    v_max = m * width / 2

    def bad(d):
        p = transform(v_max + d * sigma, -v_max, v_max, m, sigma, dtype)
        return not np.all(np.isfinite(p))

    lo, hi = 0.0, 50.0
    if not bad(hi):
        return math.inf
    for _ in range(40):
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if bad(mid) else (mid, hi)
    return hi


def _confirm_nan(subject) -> tuple[bool, str]:
    """At the witness the true mass inside the support is positive (mpmath): the NaN is the float's."""
    y = 10.0 + 30 * 0.15
    with mpmath.workdps(60):
        z = mpmath.ncdf((10.0 - y) / 0.15) - mpmath.ncdf((-10.0 - y) / 0.15)
    p = subject.transform(y, -10.0, 10.0, 100, 0.15, np.float32)
    return (z > 0 and not bool(np.all(np.isfinite(p)))), f"true mass inside the support z = {mpmath.nstr(z, 6)}"


@C.FINITE_EVERYWHERE.check(precision="the listing in float32 and float64; mpmath for z",
                           tolerance="none: finiteness", confirm=_confirm_nan)
def first_failure(subject, ev):
    r"""The listing at $y = v_{\max} + 30\sigma$ (100 bins of width 0.2 on $[-10, 10]$, $\sigma = 0.75\varsigma$), in
    float32, and the least failing distance found by bisection in float32 and float64."""
    ev.metric("float32_threshold_in_sigma", f"{_first_failure(subject.transform, np.float32):.3f}")
    ev.metric("float64_threshold_in_sigma", f"{_first_failure(subject.transform, np.float64):.3f}")
    y = 10.0 + 30 * 0.15
    p = subject.transform(y, -10.0, 10.0, 100, 0.15, np.float32)
    ev.show("y", y)
    ev.show("probabilities (first 5)", np.asarray(p[:5], dtype=float))
    values = np.asarray(p, dtype=float)
    bad = int(np.sum(~np.isfinite(values)))
    ev.that(bad == 0, "the listing's probabilities are not finite", claimed="100 finite probabilities summing to 1",
            observed=f"{bad} of {values.size} entries not finite", labels=("the claim", "the listing in float32"))


@C.FINITE_NEAR.check(given={"low": lows, "span": spans, "m": st.integers(2, 601), "r": ratios,
                            "where": st.floats(-1.0, 1.0), "dtype_name": st.sampled_from(["float32", "float64"])},
                     examples=40, precision="the listing in float32 and float64",
                     tolerance=r"$|\sum p - 1| \le 4m\epsilon$ of the float type",
                     regressions=[{"low": -1.0, "span": 2.0, "m": 601, "r": 0.1, "where": 1.0, "dtype_name": "float32"},
                                  {"low": 0.0, "span": 1.0, "m": 2, "r": 3.0, "where": -1.0, "dtype_name": "float64"}])
def finite_near_support(subject, ev, low, span, m, r, where, dtype_name):
    r"""$y$ from $5\sigma$ (float32) or $8\sigma$ (float64) below the support to as far above it; half the draws
    inside."""
    dtype = np.dtype(dtype_name).type
    sigma = r * span / m
    reach = (5.0 if dtype is np.float32 else 8.0) * sigma
    centre, half = low + span / 2, span / 2
    y = centre + where * (half + reach)
    p = np.asarray(subject.transform(y, low, low + span, m, sigma, dtype), dtype=float)
    ev.show("y", y)
    ev.finite(p, "probabilities")
    eps = float(np.finfo(dtype).eps)
    ev.that(bool(np.all(p >= 0)), "non-negative", observed=float(p.min()))
    ev.close(float(np.sum(p)), 1.0, atol=4 * m * eps, what="sum of probabilities", labels=("Σ p", "1"))


# -- G7 ---------------------------------------------------------------------------------------------------------


@C.CENTRES.check(given={"low": lows, "span": spans, "m": st.integers(2, 40), "r": st.floats(0.25, 3.0),
                        "position": st.floats(0.0, 1.0)}, examples=15, precision="mpmath 20 digits",
                 tolerance="absolute 1e-11 of a bin plus 1e-13 of the largest |value| (float64 rounding of the "
                           "edges and of m products)")
def decodes_as_definition(subject, ev, low, span, m, r, position):
    r"""decode(transform($y$)) in float64 against $\sum_i p_i c_i$ of the definition at 20 digits, $y$ anywhere in
    the support; and $m$ outputs."""
    sigma = r * span / m
    y = low + position * span
    p = subject.transform(y, low, low + span, m, sigma, np.float64)
    ev.that(len(p) == m and subject.num_logits(m) == m, "m outputs for m + 1 edges",
            claimed=(len(p), subject.num_logits(m)), observed=m)
    decoded = float(subject.decode(p, low, low + span, np.float64))
    truth = float(F.mp_decoded(y, low, low + span, m, sigma, 20))
    scale = max(abs(low), abs(low + span))
    ev.show("y", y)
    ev.close(decoded, truth, atol=1e-11 * span / m + 1e-13 * scale, what="decoded value",
             labels=("listing", "definition"))
