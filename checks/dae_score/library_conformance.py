"""The library against 30-digit values at the scales 1e−160, 1 and 1e160 (claim dae_score.library_scale_free)."""

from __future__ import annotations

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.dae_score.claims_library import LIBRARY_CONFORMANCE
from . import ground_truth as G

SCALES = (1e-160, 1.0, 1e160)  # σ² would leave float64 at both ends
# float64 against 30 digits: a few ulps per operation over sums of ≤ 20 terms and one exp per term whose
# argument is ≤ 50 in size (error 50 ε relative): 1e-11 relative plus 1e-11 absolute (in unit scale) covers it.
LIB_TOL = 1e-11


def _nw_mp(x, data, sigma):
    with mpmath.workdps(G.DPS):
        w = [mpmath.exp(-(mpmath.mpf(x) - mpmath.mpf(d)) ** 2 / (2 * mpmath.mpf(sigma) ** 2)) for d in data]
        return sum(wi * mpmath.mpf(d) for wi, d in zip(w, data)) / sum(w)


@LIBRARY_CONFORMANCE.check(given={"seed": st.integers(0, 2**32 - 1), "sigma": st.floats(0.05, 2.0),
                                  "x": st.floats(-8, 8)}, examples=10,
                           regressions=[{"seed": 0, "sigma": 0.15, "x": 8.0}],
                           precision="mpmath 30 digits at unit scale; float64 library at three scales",
                           tolerance=f"{LIB_TOL:g} relative + absolute, in unit scale")
def matches_high_precision_at_every_scale(subject, ev, seed, sigma, x):
    r"""Each function at scale $c$, divided by $c$ (minimisers) or multiplied by $c$ (scores), equals the 30-digit
    value at unit scale: conjugate posterior mean, Nadaraya–Watson mean, mixture score by mp.diff, and
    $(r - x)/\sigma^2$."""
    rng = np.random.default_rng(seed)
    data = np.round(rng.normal(0, 2, 12), 3)
    ev.show("samples", data)
    ev.assume(float(np.min(np.abs(x - data))) / sigma < 60)  # the nearest sample within 60σ
    params = G.SPEC_MIXTURE
    r_mix = float(G.mixture_posterior_mean(x, sigma))
    r_nw = float(_nw_mp(x, data, sigma))
    score = float(G.MIXTURE.dlog(x, 1))
    est = float((mpmath.mpf(r_nw) - mpmath.mpf(x)) / mpmath.mpf(sigma) ** 2)
    for c in SCALES:
        means = tuple(c * m for m in params[0])
        sds = tuple(c * s for s in params[1])
        got_mix = float(subject["mixture_dae_minimiser"](c * x, c * sigma, means, sds, params[2])) / c
        got_nw = float(subject["empirical_dae_minimiser"](c * x, c * data, c * sigma)) / c
        got_score = float(subject["mixture_score"](c * x, means, sds, params[2])) * c
        got_est = float(subject["score_from_reconstruction"](c * r_nw, c * x, c * sigma)) * c
        ctx = f"c={c:g}, σ={sigma:.4g}, x={x:.4g}"
        ev.close(got_mix, r_mix, rtol=LIB_TOL, atol=LIB_TOL, what="mixture minimiser / c", context=ctx,
                 labels=("library", "30-digit value"))
        ev.close(got_nw, r_nw, rtol=LIB_TOL, atol=LIB_TOL, what="empirical minimiser / c", context=ctx,
                 labels=("library", "30-digit value"))
        ev.close(got_score, score, rtol=LIB_TOL, atol=LIB_TOL, what="mixture score × c", context=ctx,
                 labels=("library", "mp.diff of log p"))
        ev.close(got_est, est, rtol=1e-9, atol=1e-9, what="(r − x)/σ² × c", context=ctx,
                 labels=("library", "30-digit value"))
