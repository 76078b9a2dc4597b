"""Numerical checks of LayerNorm with ε > 0 (arXiv 1607.06450, §3 applied to Table 1's weight-matrix
re-scaling): the factor κ and the error bound (ε/2σ²)|1 − δ⁻²|.

Ground truth: LN_ε(a) and LN_ε(δa) computed by the library's ``normalize`` in float64 (itself pinned to
exact arithmetic by ``layernorm.library_layers``).
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from ...fixtures.normalization import normalize
from ...theorems.layernorm import claims as C
from .instances import conditioned, instance
from .strategies import factors, seeds


def _layernorm_before_after(ev, seed: int, eps: float, delta: float):
    """Per-case variances of a = XWᵀ, LN_ε(a) and LN_ε(δa), for a well-conditioned instance (all shown)."""
    X, W = instance(seed)
    a = X @ W.T
    ev.show("a = XWᵀ", a)
    ev.assume(conditioned("layer", X, W))
    var, y, y2 = a.var(axis=1), normalize(a, axis=1, eps=eps), normalize(delta * a, axis=1, eps=eps)
    ev.show("σ² per case", var)
    ev.show("LN_ε(a)", y)
    ev.show("LN_ε(δa)", y2)
    return var, y, y2


@C.EPS_FACTOR.check(given={"seed": seeds, "eps": st.floats(1e-6, 1.0), "delta": factors}, examples=25,
                    tolerance="1e-12 relative: float64 roundoff of two standardizations")
def rescaled_features_are_kappa_times(subject, ev, seed, eps, delta):
    r"""$\mathrm{LN}_\epsilon(\delta a)$ (the library's `normalize`) equals $\kappa \cdot \mathrm{LN}_\epsilon(a)$
    per case, $\kappa$ from the formula."""
    var, y, y2 = _layernorm_before_after(ev, seed, eps, delta)
    kappa = subject(var, eps, delta)
    ev.show("κ per case (formula)", kappa)
    ev.close(kappa[:, None] * y, y2, rtol=1e-12, atol=1e-14, what="LN_ε(δa)",
             context=f"ε={eps:.3g}, δ={delta:.4g}", labels=("κ·LN_ε(a) (formula)", "LN_ε(δa) (measured)"))


@C.EPS_BOUND.check(given={"seed": seeds, "eps": st.floats(1e-6, 1.0), "delta": factors}, examples=25,
                   tolerance="1e-12 relative slack: float64 roundoff of the measured error")
def measured_error_within_bound(subject, ev, seed, eps, delta):
    r"""$\max_i \lvert \mathrm{LN}_\epsilon(\delta a)_i - \mathrm{LN}_\epsilon(a)_i \rvert / \max_i \lvert
    \mathrm{LN}_\epsilon(a)_i \rvert$ per case is at most the bound (margin targeted)."""
    var, y, y2 = _layernorm_before_after(ev, seed, eps, delta)
    err = np.max(np.abs(y2 - y), axis=1) / np.max(np.abs(y), axis=1)
    bound = subject(var, eps, delta)
    ev.show("relative error per case (measured)", err)
    ev.show("bound per case (formula)", bound)
    for n in range(len(var)):
        ev.le(float(err[n]), float(bound[n]) * (1 + 1e-12) + 1e-15, what="error ≤ bound",
              context=f"case {n}, ε={eps:.3g}, δ={delta:.4g}, σ²={var[n]:.3g}",
              labels=("measured relative error", "the bound"))
