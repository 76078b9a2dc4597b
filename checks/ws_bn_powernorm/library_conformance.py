"""Checks that the library does what it says: standardize_weight and its backward, batch_norm_vjp and power_norm_vjp
against complex-step Jacobians of the layers (formulas.ws_forward, bn_forward, pn_forward, written separately) at a
moderate scale, with the inputs then scaled by 2^k·10^p up to 10^±300 (the answers scale exactly); jacobian_norms
against numpy's singular values."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from ...theorems.ws_bn_powernorm import claims_library as C
from ...theorems.ws_bn_powernorm import formulas as F
from .strategies import seeds

# Complex-step truth good to ~1e-14 relative; the library rescales by powers of two and takes two-pass moments:
# a few ulps per entry. LIB_TOL leaves headroom; the mutants are off by O(1/I) or overflow. The bound is per channel
# (feature), as the claims state: a channel of small σ has a gradient, and rounding errors, larger by 1/σ than the
# others'. The complex step is exact to rounding only where no cancellation follows the step: WS and BN are taken
# at the recentred input (they are shift-invariant, so Ŵ, x̂ and their Jacobians are the same there), since at W
# itself the rounding of the mean, ≤ u|μ|, shifts W − μ off zero mean and the Jacobian by u|μ|/σ relative (4e-11
# at |μ|/σ = 729, fan-in 2, where the exact gradient is 0); γ multiplies outside the step, since γ·h·∂f with
# h = 1e-30 underflows to 0 for |γ| below ~1e-293 (γ = 2^-1023: the truth was 0, the exact gradient 4.77e-309).
LIB_TOL = 1e-12
powers = st.integers(-300, 300)
EXTREME = {"seed": 0, "channels": 2, "fan_in": 5, "power": 300, "ddof": 1, "relative_eps": 1e-5}
#: fan-in 2 with |μ|/σ = 729 in channel 2: the exact gradient is 0 (Ŵ = ±(1, −1) whatever W)
FAN_IN_TWO = {"seed": 7272882, "channels": 3, "fan_in": 2, "power": 0, "ddof": 0, "relative_eps": 0.0}
#: γ = 2^-1023: the gradient is subnormal, 4.77e-309 at unit scale and 4.77e-321 at 10^12 x
SUBNORMAL_GAMMA = {"seed": 0, "batch": 2, "features": 1, "power": 12, "gamma": 2.0**-1023, "relative_eps": 0.0}


def _recentred(a: np.ndarray, axis: int) -> np.ndarray:
    """``a`` minus its mean along ``axis``, twice (the second pass removes the first mean's rounding)."""
    centred = a - a.mean(axis=axis, keepdims=True)
    return centred - centred.mean(axis=axis, keepdims=True)


@C.LIBRARY_WS.check(given={"seed": seeds, "channels": st.integers(1, 4), "fan_in": st.integers(2, 32),
                           "power": powers, "ddof": st.sampled_from([0, 1]),
                           "relative_eps": st.sampled_from([0.0, 1e-5])},
                    examples=12, regressions=[EXTREME, FAN_IN_TWO], precision="complex step at unit scale, then scaled",
                    tolerance=f"absolute {LIB_TOL:g}·‖g_c‖/(σ_c + ε) per channel")
def matches_complex_step_at_every_scale(subject, ev, seed, channels, fan_in, power, ddof, relative_eps):
    r"""$\hat W$ and $\partial L/\partial W$ of $c\,W$ against the complex-step values at $W$ (divided by $c$ for the
    gradient), $c = 10^{p}$, $\varepsilon$ scaled with $c$."""
    rng = np.random.default_rng(seed)
    w = rng.normal(size=(channels, fan_in)) + rng.normal()
    g = rng.normal(size=(channels, fan_in))
    s = np.sqrt(np.sum((w - w.mean(axis=1, keepdims=True)) ** 2, axis=1) / (fan_in - ddof))
    eps = relative_eps * float(np.min(s))
    c = 10.0**power
    centred = _recentred(w, axis=1)
    truth_w = np.stack([F.ws_forward(centred[k], ddof, eps) for k in range(channels)])
    truth_g = np.stack([F.complex_step_jacobian(lambda r: F.ws_forward(r, ddof, eps), centred[k]) @ g[k]
                        for k in range(channels)])
    got_w = subject.standardize_weight(c * w, ddof=ddof, eps=c * eps)
    got_g = subject.standardize_weight_vjp(c * w, g, ddof=ddof, eps=c * eps)
    size = np.linalg.norm(g, axis=1) / (s + eps)
    ev.show("W (before scaling)", w)
    ev.show("scale", c)
    ev.close(got_w, truth_w, atol=LIB_TOL * np.sqrt(fan_in), what="Ŵ", labels=("library", "complex-step route"))
    for k in range(channels):
        ev.close(got_g[k] * c, truth_g[k], atol=LIB_TOL * float(size[k]), what="c·∂L/∂W", context=f"channel {k}",
                 labels=("library × c", "complex step"))


@C.LIBRARY_NORMS.check(given={"seed": seeds, "batch": st.integers(2, 32), "features": st.integers(1, 3),
                              "power": powers, "gamma": st.floats(-5.0, 5.0), "relative_eps": st.floats(0.0, 1.0)},
                       examples=12, regressions=[{"seed": 0, "batch": 3, "features": 2, "power": -120, "gamma": 2.0,
                                                  "relative_eps": 0.5}, SUBNORMAL_GAMMA],
                       precision="complex step at unit scale, then scaled",
                       tolerance=f"absolute {LIB_TOL:g}·|γ|‖g‖/√(second moment + ε) per feature, + 2^-1075 per "
                                 "rounding into the subnormal range")
def match_complex_step_at_every_scale(subject, ev, seed, batch, features, power, gamma, relative_eps):
    r"""batch_norm_vjp and power_norm_vjp at $c\,x$ (with $\varepsilon c^2$) times $c$ against the complex-step
    gradients at $x$; $c = 10^{p}$, with $|p| \le 120$ when $\varepsilon > 0$ (so that $\varepsilon c^2$ is a float)."""
    if relative_eps > 0:  # ε c² must stay a float64 number: the scale of ε is c², not c
        power = max(-120, min(120, power))
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(batch, features)) + rng.normal()
    g = rng.normal(size=(batch, features))
    c = 10.0**power
    for name, layer, second, at in (("batch_norm_vjp", F.bn_forward, np.var(x, axis=0), _recentred(x, axis=0)),
                                    ("power_norm_vjp", F.pn_forward, np.mean(x * x, axis=0), x)):
        eps = relative_eps * float(np.min(second))
        truth = gamma * np.stack([F.complex_step_jacobian(lambda r, f=layer, e=eps: f(r, e), at[:, k]) @ g[:, k]
                                  for k in range(features)], axis=1)
        got = getattr(subject, name)(c * x, g, gamma=gamma, eps=eps * c * c)
        size = abs(gamma) * np.linalg.norm(g, axis=0) / np.sqrt(second + eps)
        # Below 2^-1022 floats are spaced 2^-1074, so for a tiny γ the answer at c·x, |γ|‖g‖/(cσ), can be subnormal
        # and no float64 holds it to LIB_TOL relative. The library rounds γ·proj, then /root (root = √(second + ε)
        # of the batch rescaled by 2^-e), then ldexp(·, −e), each time to within 2^-1075 there; times c these are
        # 2^-1075 times 1/√(second + ε) (c·2^-e/root), 1/max|x| (c·2^-e < 1/max|x|) and c here; γ·(Jᵀg) adds one.
        underflow = np.ldexp(1 / np.sqrt(second + eps) + 1 / np.max(np.abs(x), axis=0) + c + 1, -1075)
        ev.show("x (before scaling)", x)
        for k in range(features):
            ev.close(got[:, k] * c, truth[:, k], atol=LIB_TOL * float(size[k]) + float(underflow[k]), what=name,
                     context=f"feature {k}", labels=("library × c", "complex step"))


@C.LIBRARY_JACOBIAN_NORMS.check(given={"seed": seeds, "batch": st.integers(2, 24), "power": powers,
                                       "gamma": st.floats(-5.0, 5.0).filter(lambda v: abs(v) > 0.01)},
                                examples=12, regressions=[{"seed": 0, "batch": 2, "power": 0, "gamma": 1.0}],
                                precision="numpy SVD of complex-step Jacobians at unit scale",
                                tolerance="relative 1e-10 (and 1e-12 of the PN norm for BN's zero at B = 2)")
def match_singular_values(subject, ev, seed, batch, power, gamma):
    r"""jacobian_norms at $c\,x$ times $c$ against the largest singular values of the complex-step Jacobians at
    $x$."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=batch) + rng.normal()
    c = 10.0**power
    truth = [float(np.linalg.norm(F.complex_step_jacobian(lambda r, f=f: gamma * f(r), x), 2))
             for f in (F.bn_forward, F.pn_forward)]
    got = subject.jacobian_norms(c * x, gamma=gamma)
    ev.show("x (before scaling)", x)
    ev.show("(BN, PN) norms", [got[0] * c, got[1] * c])
    ev.close(got[1] * c, truth[1], rtol=1e-10, what="‖J_PN‖₂", labels=("library × c", "singular value"))
    ev.close(got[0] * c, truth[0], rtol=1e-10, atol=1e-12 * truth[1], what="‖J_BN‖₂",
             labels=("library × c", "singular value"))
