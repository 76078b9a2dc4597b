"""Numerical checks of LayerNorm with ε > 0 (arXiv 1607.06450, §3 applied to Table 1's weight-matrix
re-scaling): the factor κ and the error bound (ε/2σ²)|1 − δ⁻²|.

Ground truth: LN_ε(a) and LN_ε(δa) computed by the fixtures' ``normalize`` in float64.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from ...fixtures.normalization import normalize
from ...theorems.layernorm import claims as C
from .instances import conditioned, instance
from .strategies import factors, seeds


def _layernorm_before_after(ev, seed: int, eps: float, delta: float):
    """Per-case variances of a = XWᵀ, LN_ε(a) and LN_ε(δa), for a well-conditioned instance."""
    X, W = instance(seed)
    a = X @ W.T
    ev.assume(conditioned("layer", X, W))
    return a.var(axis=1), normalize(a, axis=1, eps=eps), normalize(delta * a, axis=1, eps=eps)


@C.EPS_FACTOR.check(given={"seed": seeds, "eps": st.floats(1e-6, 1.0), "delta": factors}, examples=25,
                    tolerance="1e-12 relative: float64 roundoff of two standardizations")
def rescaled_features_are_kappa_times(subject, ev, seed, eps, delta):
    """LN_ε(δa) (fixtures' normalize) equals κ·LN_ε(a) per case, κ from the formula."""
    var, y, y2 = _layernorm_before_after(ev, seed, eps, delta)
    ev.close(subject(var, eps, delta)[:, None] * y, y2, rtol=1e-12, atol=1e-14, what="LN_ε(δa)",
             context=f"ε={eps:.3g}, δ={delta:.4g}")


@C.EPS_BOUND.check(given={"seed": seeds, "eps": st.floats(1e-6, 1.0), "delta": factors}, examples=25,
                   tolerance="1e-12 relative slack: float64 roundoff of the measured error")
def measured_error_within_bound(subject, ev, seed, eps, delta):
    """max_i |LN_ε(δa) − LN_ε(a)| / max_i |LN_ε(a)| per case is at most the bound (margin targeted)."""
    var, y, y2 = _layernorm_before_after(ev, seed, eps, delta)
    err = np.max(np.abs(y2 - y), axis=1) / np.max(np.abs(y), axis=1)
    bound = subject(var, eps, delta)
    for n in range(len(var)):
        ev.le(float(err[n]), float(bound[n]) * (1 + 1e-12) + 1e-15, what="error ≤ bound",
              context=f"case {n}, ε={eps:.3g}, δ={delta:.4g}, σ²={var[n]:.3g}")
