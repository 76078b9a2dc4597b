"""The library's gaussian_cs_divergence against 30 digits at every scale."""

from __future__ import annotations

import mpmath
from hypothesis import strategies as st

from ...theorems.cs_divergence import claims_library as C
from ...theorems.cs_divergence import formulas as F
from .strategies import dimensions, gaussian_pair, seeds

# The Cholesky solve and slogdet in float64 with condition numbers ≤ 100: ~1e-13 relative on each term; terms of
# size ≤ 1e3 cancel to values ≥ 1e-3 or to 0 (absolute 1e-12). The mutants overflow or are off by a factor 2 on
# the quadratic form.
RTOL, ATOL = 1e-9, 1e-12


@C.LIBRARY_GAUSSIAN.check(given={"seed": seeds, "d": dimensions, "scale": st.sampled_from([1e-150, 1.0, 1e150])},
                          examples=8, precision="mpmath 30 digits", tolerance=f"relative {RTOL:g}, absolute {ATOL:g}",
                          regressions=[{"seed": 3, "d": 4, "scale": 1e150}])
def matches_thirty_digits(subject, ev, seed, d, scale):
    r"""The library on $(c\mu_1, c^2\Sigma_1, c\mu_2, c^2\Sigma_2)$ against $D_{CS}$ of the unscaled pair at 30
    digits."""
    mu1, s1, mu2, s2 = gaussian_pair(seed, d)
    ev.show("μ₁, μ₂ (unscaled)", [mu1, mu2])
    ev.show("Σ₁", s1)
    ev.show("Σ₂", s2)
    with mpmath.workdps(30):
        truth = float(F.dcs_mp(*F.to_mp(mu1, s1, mu2, s2)))
    value = subject(scale * mu1, scale**2 * s1, scale * mu2, scale**2 * s2)
    ev.close(value, truth, rtol=RTOL, atol=ATOL, what="D_CS", labels=("the library", "30 digits (unscaled)"),
             context=f"c = {scale:g}")
