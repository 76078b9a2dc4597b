"""The figures of the Z-loss family: the float64 error of the three ways of computing L_Z(Wh) as the common
offset of the logits grows (zloss.spherical_float64_any_offset)."""

from __future__ import annotations

import numpy as np

from claimkit.figures import pyplot

from ...theorems.zloss import claims_spherical as C
from ...theorems.zloss import formulas as F
from ...theorems.zloss.library import SphericalZLoss
from .spherical import _exact_long_double, _pack, layer

OFFSETS = tuple(10.0 ** e for e in range(0, 10))


@C.SPHERICAL_FLOAT.figure("error_against_offset", caption=(
    r"Relative error of $L_Z(Wh)$ in float64 against $|\mu|/\sigma$ of the logits ($D = 100$, $d = 8$, $a = 1$, "
    r"$b = 0$; exact value in long double): the spherical route of the paper ($\sigma^2 = h^\top Qh/D - \mu^2$) "
    r"loses $(\mu/\sigma)^2\varepsilon$ and returns NaN once the computed $\sigma^2$ is negative (drawn at 1); the "
    r"direct two-pass route loses $|\mu|/\sigma\,\varepsilon$; the library's centred route stays at rounding level."))
def _error_against_offset():
    ratios, errors = [], {"spherical route (Q = WᵀW, w̄ = Wᵀ1)": [], "direct route (o = Wh, two-pass)": [],
                          "library SphericalZLoss (centred W)": []}
    for offset in OFFSETS:
        W, h, c = layer(5, 100, 8, offset)
        exact, ratio = _exact_long_double(_pack(W, h, c, 1.0, 0.0))
        ratios.append(ratio)
        values = (F.SPHERICAL(F.spherical_statistics(W), h, c, 1.0, 0.0)[0], F.direct(W, h, c, 1.0, 0.0)[0],
                  SphericalZLoss(W, 1.0, 0.0).loss_and_grad(h, c)[0])
        for key, value in zip(errors, values):
            err = abs(value - exact) / exact if np.isfinite(value) else 1.0
            errors[key].append(min(max(err, 1e-17), 1.0))
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(5.6, 3.6))
    for (key, errs), marker in zip(errors.items(), ("o", "s", "^")):
        ax.loglog(ratios, errs, marker=marker, label=key)
    r = np.array(ratios)
    ax.loglog(r, np.clip(2.2e-16 * r**2, 1e-17, 1.0), "k:", linewidth=0.8, label=r"$\varepsilon(\mu/\sigma)^2$")
    ax.set_xlabel(r"$|\mu|/\sigma$ of the logits")
    ax.set_ylabel("relative error of $L_Z$")
    ax.legend(fontsize=7)
    fig.tight_layout()
    return fig
