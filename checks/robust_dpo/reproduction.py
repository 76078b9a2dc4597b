"""R7: the synthetic reproduction (claims robust_dpo.rate_root_n, robust_dpo.rate_eps_factor, robust_dpo.dpo_plateau).

The subject is the name of the fitted method ("rdpo", "dpo", "cdpo"); the fits are cached, so the mutant runs reuse
them. Deterministic: fixed seeds, so no false-alarm rate is declared; the bands were set from the asymptotic slope
−1/2 with room for the seed-to-seed spread of a 12-seed median (about ±0.15 in the slope).
"""

from __future__ import annotations

import numpy as np

from ...theorems.robust_dpo import reproduction as R
from ...theorems.robust_dpo.claims_reproduction import EPS_FACTOR, PLATEAU, RATE

SLOPE_BAND = (-0.8, -0.25)
PLATEAU_SLOPE = -0.15
PLATEAU_ERROR = 0.5


def _protocol(ev):
    if ev.profile == "thorough":
        return (0.3, 0.1, 0.0), (500, 2000, 8000, 32000), tuple(range(40))
    return (0.3, 0.0), (500, 2000, 8000), tuple(range(12))


@RATE.check(precision="float64 Newton fits", tolerance=f"slope band {SLOPE_BAND}")
def rates(subject, ev):
    """The log-log slope of the median error against n, at each flip rate, lies in the band around −1/2."""
    eps_values, sizes, seeds = _protocol(ev)
    slopes, rows = {}, []
    for eps in eps_values:  # the largest ε first: a wrong method fails there before the others are fitted
        errs = R.errors(subject, eps, sizes, seeds)
        slopes[f"eps={eps}"] = round(R.slope(sizes, errs), 3)
        rows.append({"epsilon": eps, **{f"n={n}": round(e, 4) for n, e in zip(sizes, errs)}})
        ev.metric("slopes", slopes)
        ev.le(SLOPE_BAND[0], slopes[f"eps={eps}"], what=f"slope above {SLOPE_BAND[0]} (ε = {eps})")
        ev.le(slopes[f"eps={eps}"], SLOPE_BAND[1], what=f"slope below {SLOPE_BAND[1]} (ε = {eps})")
    ev.table("median_error", rows)
    if ev.wants_figures and ev.profile == "thorough":
        from claimkit.figures import pyplot

        plt = pyplot()
        fig, ax = plt.subplots(figsize=(5.2, 3.3))
        for eps in eps_values:
            ax.loglog(sizes, R.errors(subject, eps, sizes, seeds), marker="o", label=f"rDPO, ε = {eps}")
            if eps > 0:
                ax.loglog(sizes, R.errors("dpo", eps, sizes, seeds), ls="--", marker="x", label=f"DPO, ε = {eps}")
        ax.loglog(sizes, [0.3 * (sizes[0] / n) ** 0.5 for n in sizes], color="grey", lw=0.8, label="n^(-1/2)")
        ax.set_xlabel("n")
        ax.set_ylabel("median error")
        ax.legend(fontsize=6)
        ev.figure("rates", fig, "Median estimation error against n: rDPO and DPO on flipped labels.")


def _ratios(subject, eps_values, sizes, seeds):
    clean = R.errors(subject, 0.0, sizes, seeds)[-1]
    return {eps: R.errors(subject, eps, sizes, seeds)[-1] / clean for eps in eps_values if eps > 0}


def _confirm_ratio(subject):
    """A fresh replication: 24 other seeds at n = 8000."""
    ratios = _ratios(subject, (0.0, 0.3), (8000,), tuple(range(1000, 1024)))
    bad = {eps: r for eps, r in ratios.items() if r > 1 / (1 - 2 * eps)}
    return bool(bad), f"24 fresh seeds at n = 8000: ratios {ratios} against 1/(1 − 2ε)"


@EPS_FACTOR.check(precision="float64 Newton fits", tolerance="none: an inequality between medians",
                  confirm=_confirm_ratio)
def ratio_against_factor(subject, ev):
    """err(ε)/err(0) at the largest n against 1/(1 − 2ε)."""
    eps_values, sizes, seeds = _protocol(ev)
    ratios = _ratios(subject, eps_values, sizes, seeds)
    ev.metric("ratios", {f"eps={e}": round(r, 3) for e, r in ratios.items()})
    ev.metric("factors", {f"eps={e}": round(1 / (1 - 2 * e), 3) for e in ratios})
    for eps, ratio in ratios.items():
        ev.le(ratio, 1 / (1 - 2 * eps), what=f"error ratio at ε = {eps}", labels=("err(ε)/err(0)", "1/(1 − 2ε)"))


@PLATEAU.check(precision="float64 Newton fits", tolerance=f"slope above {PLATEAU_SLOPE}, error above {PLATEAU_ERROR}")
def plateau(subject, ev):
    """At ε = 0.3 the method's error does not decrease with n and stays far from θ*."""
    _, sizes, seeds = _protocol(ev)
    errs = R.errors(subject, 0.3, sizes, seeds)
    s = R.slope(sizes, errs)
    ev.metric("slope", round(s, 3))
    ev.metric("error_at_largest_n", round(errs[-1], 3))
    ev.le(PLATEAU_SLOPE, s, what="slope of the error")
    ev.le(PLATEAU_ERROR, errs[-1], what="error at the largest n")
    ev.that(bool(np.all(np.isfinite(errs))), "finite errors")
