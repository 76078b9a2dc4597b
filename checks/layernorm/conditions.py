"""Numerical checks of Table 1's conditions in Layer Normalization (arXiv 1607.06450): a bias before the
normalization (LayerNorm, BatchNorm) and BatchNorm in eval mode, each under W′ = δW.

Ground truth: the layers evaluated before and after the re-scaling (float64, and 50-digit mpmath for
re-verifying counterexamples).
"""

from __future__ import annotations

import mpmath
import numpy as np

from ...theorems.layernorm import claims as C
from .cells import SIDES
from .instances import conditioned, instance, to_mp
from .precision import INV_TOL, MP_DIGITS, MP_FLOOR
from .strategies import factors, seeds


def _bias(seed: int, m: int) -> np.ndarray:
    return np.random.default_rng(seed + 11).normal(size=m) * 2.0


def _confirm_bias(subject, seed, delta):
    X, W = instance(seed)
    b = _bias(seed, W.shape[0])
    with mpmath.workdps(MP_DIGITS):
        H, H2 = subject(to_mp(X), to_mp(W), to_mp(b)), subject(to_mp(X), to_mp(W) * mpmath.mpf(delta), to_mp(b))
        diff = max(abs(p - q) for p, q in zip(H.ravel(), H2.ravel()))
        return diff > MP_FLOOR, f"at {MP_DIGITS} digits max |h′ − h| = {mpmath.nstr(diff, 6)}"


def _bias_rescaling(subject, ev, seed, delta):
    r"""With a fixed bias $b$ before the normalization, the features of a random batch are the same before and
    after re-scaling $W$ by $\delta$."""
    X, W = instance(seed)
    b = _bias(seed, W.shape[0])
    for name, value in (("X", X), ("W", W), ("b", b), ("δW", delta * W)):
        ev.show(name, value)
    ev.assume(conditioned("batch", X, W) and conditioned("layer", X, W))
    H, H2 = subject(X, W, b), subject(X, delta * W, b)
    ev.show("h = Norm(XWᵀ + b)", H)
    ev.show("h′ = Norm(δXWᵀ + b)", H2)
    ev.close(H2, H, atol=INV_TOL * (1 + float(np.max(np.abs(H)))), what="features with a bias",
             context=f"δ={delta:.4g}", labels=SIDES)


for _c in (C.BIAS_LAYER, C.BIAS_BATCH):
    _c.check(given={"seed": seeds, "delta": factors}, examples=15, confirm=_confirm_bias, name="features_unchanged",
             tolerance=f"{INV_TOL:g} absolute on O(1) features: roundoff")(_bias_rescaling)


def _running_stats(X: np.ndarray, W: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    a = X @ W.T
    return a.mean(axis=0), a.var(axis=0)


def _confirm_eval(subject, seed, delta):
    X, W = instance(seed)
    mean, var = _running_stats(X, W)
    with mpmath.workdps(MP_DIGITS):
        args = (to_mp(mean), to_mp(var))
        H = subject(to_mp(X), to_mp(W), *args)
        H2 = subject(to_mp(X), to_mp(W) * mpmath.mpf(delta), *args)
        diff = max(abs(p - q) for p, q in zip(H.ravel(), H2.ravel()))
        return diff > MP_FLOOR, f"at {MP_DIGITS} digits max |h′ − h| = {mpmath.nstr(diff, 6)}"


@C.BN_EVAL.check(given={"seed": seeds, "delta": factors}, examples=15, confirm=_confirm_eval,
                 tolerance=f"{INV_TOL:g} absolute on O(1) features: roundoff")
def eval_features_unchanged(subject, ev, seed, delta):
    r"""Eval-mode BatchNorm (running statistics of the original batch) before and after $W' = \delta W$."""
    X, W = instance(seed)
    mean, var = _running_stats(X, W)
    for name, value in (("X", X), ("W", W), ("running mean", mean), ("running variance", var), ("δW", delta * W)):
        ev.show(name, value)
    H, H2 = subject(X, W, mean, var), subject(X, delta * W, mean, var)
    ev.show("h = BN_eval(XWᵀ)", H)
    ev.show("h′ = BN_eval(δXWᵀ)", H2)
    ev.close(H2, H, atol=INV_TOL * (1 + float(np.max(np.abs(H)))), what="eval-mode features",
             context=f"δ={delta:.4g}", labels=SIDES)
