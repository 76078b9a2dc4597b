"""The library against independent routes: the loss by its definition at 30 digits (mpmath), the regret against
a numerical minimisation of the risk over score vectors (scipy), the zero-one regret in exact rationals."""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
from hypothesis import strategies as st
from scipy.optimize import minimize

from ...theorems.ce_h_consistency import claims as C
from .strategies import seeds

TAUS = st.sampled_from([0.0, 0.5, 1.0, 1.5, 1.8, 2.0])
#: the loss from log-softmax and expm1 in float64: a few ulps relative; 1e-12 leaves 1e3 headroom
LOSS_RTOL = 1e-12
#: BFGS to gradient 1e-10 on a smooth convex risk: the value is within 1e-14 of the infimum; float rounding of
#: risks of size ≤ 5 adds 1e-14; 1e-9 absolute is far below the mutant's error (> 1e-3 away from τ = 1)
REGRET_ATOL = 1e-9


@C.LIBRARY.check(given={"tau": TAUS, "n": st.integers(2, 6), "scale": st.sampled_from([0.01, 1.0, 30.0]),
                        "seed": seeds}, examples=10, precision="mpmath 30 digits", tolerance="relative 1e-12",
                 confirm="exact")
def loss_matches_definition(subject, ev, tau, n, scale, seed):
    r"""$\ell_\tau(h, x, y)$ against $\Phi_\tau(\sum_{y' \ne y} e^{h(y') - h(y)})$ evaluated at 30 digits."""
    rng = np.random.default_rng(seed)
    h = scale * rng.standard_normal(n)
    y = int(rng.integers(n))
    ev.show("h", h)
    ev.show("label", y)
    with mpmath.workdps(30):
        v = mpmath.fsum(mpmath.exp(mpmath.mpf(h[j]) - mpmath.mpf(h[y])) for j in range(n) if j != y)
        truth = mpmath.log1p(v) if tau == 1 else ((1 + v) ** (1 - mpmath.mpf(tau)) - 1) / (1 - mpmath.mpf(tau))
    ev.close(subject["loss"](h, y, tau), float(truth), rtol=LOSS_RTOL, atol=1e-300, what="loss",
             labels=("library", "definition"))


@C.LIBRARY.check(given={"tau": st.sampled_from([0.0, 0.5, 1.0, 1.5, 1.8]), "n": st.integers(2, 5), "seed": seeds},
                 examples=6, precision="float64, BFGS", tolerance="absolute 1e-9", confirm="exact")
def regret_matches_solver(subject, ev, tau, n, seed):
    r"""The regret against $\mathcal{C}(h) - \min_{h'} \mathcal{C}(h')$ with the minimum found by BFGS over scores."""
    rng = np.random.default_rng(seed)
    p = rng.dirichlet(np.ones(n)) * 0.9 + 0.1 / n  # entries ≥ 0.02: the infimum is attained at finite scores
    h = rng.standard_normal(n)
    ev.show("p", p)
    ev.show("h", h)

    def risk(z):
        logs = z - np.logaddexp.reduce(z)
        return float(np.dot(p, -logs if tau == 1 else np.expm1((tau - 1) * logs) / (1 - tau)))

    best = minimize(risk, np.log(p), method="BFGS", options={"gtol": 1e-10})
    ev.close(subject["regret"](h, p, tau), risk(h) - best.fun, atol=REGRET_ATOL, what="regret",
             labels=("library", "C(h) − BFGS minimum"))


@C.LIBRARY.check(given={"scores": st.lists(st.integers(-2, 2), min_size=2, max_size=5), "seed": seeds},
                 examples=12, precision="exact rationals", tolerance="none: exact", confirm="exact")
def zero_one_exact(subject, ev, scores, seed):
    r"""$\max p - p_{\operatorname{argmax} h}$ with the first maximal score, in exact rationals against the library."""
    rng = np.random.default_rng(seed)
    w = [Fraction(int(x)) for x in rng.integers(1, 20, len(scores))]
    p = [x / sum(w) for x in w]
    first = scores.index(max(scores))
    truth = max(p) - p[first]
    ev.show("p", [str(x) for x in p])
    ev.close(Fraction(subject["zero_one"](scores, [float(x) for x in p])).limit_denominator(10**6), truth,
             what="zero-one regret", labels=("library", "exact"))
