"""The library against independent routes: mpmath.diff for the weighting, Gauss–Hermite quadrature of the library's
per-sample terms against dD_f/dθ (1-D) and closed-form KL gradients (2-D), scale invariance of the normalisation, and a
table of bad inputs."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st

from ...theorems.f_distill.claims_library import LIB_GRADIENT, LIB_NORMALISE, LIB_VALIDATES, LIB_WEIGHT
from .gradient import total_derivative
from .strategies import divergences, log_ratios, seeds
from .weights import RTOL, numeric_h

NODES, WEIGHTS = np.polynomial.hermite_e.hermegauss(60)  # ∫ φ(z) g(z) dz = Σ w g(z) / √(2π)
WEIGHTS = WEIGHTS / math.sqrt(2 * math.pi)


@LIB_WEIGHT.check(given={"name": divergences, "log_r": log_ratios}, examples=10, precision="mpmath 30 digits",
                  tolerance=f"{RTOL:g} relative", confirm="exact")
def matches_second_derivative(subject, ev, name, log_r):
    """f_weighting at $r$ (as a scalar and inside an array) equals $f''(r)\\,r^2$ by mpmath.diff."""
    rr = math.exp(log_r)
    want = float(numeric_h(name, log_r))
    ev.close(subject(rr, name), want, rtol=RTOL, labels=("f_weighting", "f″(r) r² by mpmath.diff"))
    ev.close(subject(np.array([rr, 1.0]), name)[0], want, rtol=RTOL, labels=("f_weighting on an array", "f″ r²"))


# Gauss–Hermite with 60 nodes integrates these smooth Gaussian-ratio integrands to ~1e-12 (σ_q/σ_p within
# [0.9, 1.1]); the 1-D truth (D_f differentiated under the integral) is good to 1e-12. TOL = 1e-6 relative + absolute.
GH_TOL = 1e-6


@LIB_GRADIENT.check(given={"name": divergences, "offset": st.floats(0.3, 1.5), "rho": st.floats(0.9, 1.1)},
                    examples=6, precision="60-node Gauss–Hermite over the library's per-sample terms",
                    tolerance=f"{GH_TOL:g} relative + absolute", confirm="exact")
def one_dimensional(subject, ev, name, offset, rho):
    """Teacher $N(0, 1)$, student $N(-\\delta, \\rho^2)$: the Gauss–Hermite average of the library's per-sample
    gradient equals $dD_f/d\\theta$ from differences of the quadrature of $D_f$."""
    theta, sigma_q = -offset, rho
    x = theta + sigma_q * NODES
    lq = -0.5 * NODES**2 - math.log(sigma_q)
    ratio = np.exp(-0.5 * x**2 - lq)
    # the library averages over the batch: each node's jacobian carries B · (its quadrature weight)
    got = subject(ratio, -x, -(x - theta) / sigma_q**2, NODES.size * WEIGHTS, name)
    want = total_derivative(name, 0.0, 1.0, theta, sigma_q, "mean")
    ev.close(got, want, rtol=GH_TOL, atol=GH_TOL, labels=("library gradient", "dD/dθ by differences"))


@LIB_GRADIENT.check(given={"seed": seeds, "forward": st.booleans()}, examples=4,
                    precision="tensor Gauss–Hermite (60²) over the library's per-sample terms",
                    tolerance=f"{GH_TOL:g} relative + absolute", confirm="exact")
def two_dimensional_kl(subject, ev, seed, forward):
    """2-D Gaussians, $\\theta$ the student's mean: the library's gradient for reverse KL equals
    $\\Sigma_p^{-1}(m - \\mu_p)$ and for forward KL $\\Sigma_q^{-1}(m - \\mu_p)$ (the closed forms)."""
    rng = np.random.default_rng(seed)
    mu_p, m = rng.uniform(-1, 1, 2), rng.uniform(-1, 1, 2)
    a = np.eye(2) + 0.2 * rng.uniform(-1, 1, (2, 2))
    sig_p = a @ a.T
    chol_q = np.linalg.cholesky(sig_p * rng.uniform(0.9, 1.1))
    sig_q = chol_q @ chol_q.T
    ev.show("teacher mean, student mean, Σp, Σq", [mu_p, m, sig_p, sig_q])
    z = np.stack(np.meshgrid(NODES, NODES, indexing="ij"), -1).reshape(-1, 2)
    w = np.outer(WEIGHTS, WEIGHTS).reshape(-1)
    x = m + z @ chol_q.T
    ip, iq = np.linalg.inv(sig_p), np.linalg.inv(sig_q)
    dp, dq = x - mu_p, x - m
    lp = -0.5 * np.einsum("bi,ij,bj->b", dp, ip, dp) - 0.5 * np.log(np.linalg.det(sig_p))
    lq = -0.5 * np.einsum("bi,ij,bj->b", dq, iq, dq) - 0.5 * np.log(np.linalg.det(sig_q))
    jac = np.broadcast_to(np.eye(2), (x.shape[0], 2, 2)) * (w * x.shape[0])[:, None, None]
    name = "forward_kl" if forward else "reverse_kl"
    got = subject(np.exp(lp - lq), -dp @ ip, -dq @ iq, jac, name)
    want = (iq if forward else ip) @ (m - mu_p)
    ev.close(got, want, rtol=GH_TOL, atol=GH_TOL, labels=("library gradient", "closed-form KL gradient"),
             context=name)


@LIB_NORMALISE.check(given={"seed": seeds, "log_c": st.floats(-300.0, 306.5), "size": st.integers(1, 6)},
                     examples=10, precision="float64", tolerance="1e-12 relative", confirm="exact",
                     regressions=[{"seed": 0, "log_c": 306.5, "size": 6}])
def mean_one_and_scale_free(subject, ev, seed, log_c, size):
    """normalise_weights has mean 1, and at $c\\,w$ ($c = 10^{k}$, $-300 \\le k \\le 306.5$, weights in $[1, 50]$,
    so sums can overflow) returns the same
    weights as at $w$."""
    w = np.random.default_rng(seed).uniform(1.0, 50.0, size)
    ev.show("weights", w)
    base = subject(w)
    ev.close(float(np.mean(base)), 1.0, rtol=1e-12, labels=("mean of the normalised weights", "1"))
    with np.errstate(over="ignore"):
        scaled = subject(w * 10.0**log_c)
    ev.finite(scaled, "normalised scaled weights")
    ev.close(scaled, base, rtol=1e-12, labels=("normalised c·w", "normalised w"), context=f"c = 1e{log_c}")


BAD = [
    ("ratio", {"ratio": float("nan")}), ("ratio", {"ratio": [1.0, float("inf")]}), ("ratio", {"ratio": []}),
    ("ratio", {"ratio": -1.0}), ("ratio", {"ratio": True}), ("ratio", {"ratio": "1"}),
    ("divergence", {"divergence": "kl"}), ("divergence", {"divergence": 3}),
    ("logits", {"logits": [[float("nan")]]}), ("logits", {"logits": []}), ("logits", {"logits": np.ones((2, 2, 2))}),
    ("logits", {"logits": [True, False]}), ("ratio_lower", {"ratio_lower": 0.0}),
    ("ratio_upper", {"ratio_upper": float("inf")}), ("ratio_lower", {"ratio_lower": 10.0, "ratio_upper": 1.0}),
    ("ratio_lower", {"ratio_lower": True}),
    ("weights", {"weights": [1.0, -1.0]}), ("weights", {"weights": [float("nan")]}), ("weights", {"weights": []}),
    ("weights", {"weights": [[1.0]]}), ("weights", {"weights": [True]}),
    ("score_teacher", {"score_teacher": [1.0]}), ("score_student", {"score_student": [[1.0, 2.0]]}),
    ("jacobian", {"jacobian": [1.0]}), ("score_teacher", {"score_teacher": [float("nan"), 1.0]}),
]
GOOD = {"ratio": [0.5, 2.0], "divergence": "js", "logits": [[0.1, 0.2], [0.3, -1.0]], "ratio_lower": 1e-4,
        "ratio_upper": 1e4, "weights": [1.0, 2.0], "score_teacher": [0.1, 0.2], "score_student": [0.3, 0.1],
        "jacobian": [1.0, 1.0]}
ARGS = {"f_weighting": ("ratio", "divergence"), "ratio_from_logits": ("logits", "ratio_lower", "ratio_upper"),
        "normalise_weights": ("weights",),
        "f_distill_gradient": ("ratio", "score_teacher", "score_student", "jacobian", "divergence")}


@LIB_VALIDATES.check(precision="exact", tolerance="exact: an exception or not")
def rejects_bad_inputs(subject, ev):
    """Each public function raises a ValueError or TypeError naming the argument for each bad input of the table that
    concerns one of its arguments; on the good inputs it returns finite values."""
    rows = []
    for fn in subject:
        names = ARGS[fn.__name__.replace("normalise_no_validation", "normalise_weights")]
        ev.finite(np.asarray(fn(**{k: GOOD[k] for k in names}), dtype=float), f"{fn.__name__} on good inputs")
        for arg, change in BAD:
            if not set(change) <= set(names):
                continue
            raised = None
            try:
                with np.errstate(all="ignore"):
                    fn(**{**{k: GOOD[k] for k in names}, **change})
            except (ValueError, TypeError) as exc:
                raised = str(exc)
            rows.append({"function": fn.__name__, "input": repr(change), "error": raised or "none"})
            ev.that(raised is not None and arg in raised, f"{fn.__name__}({change}) did not raise an error naming "
                    f"{arg}", claimed=raised, observed=f"an error naming {arg}")
    ev.table("rejections", rows)
