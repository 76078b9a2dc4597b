"""Checks of K5: individual temperatures τ*(k) in the stylised contrastive model."""

from __future__ import annotations

import functools
import math

import mpmath
import numpy as np

from claimkit.figures import pyplot

from ...theorems.kl_dro import claims as C
from . import numerics as N

# τ*(k) from the library's bisection (1e-15 in log τ) against mpmath's root at 30 digits: 1e-9 relative
# leaves headroom over the bisection and the float64 KL; the mutant's radius 1.25ρ moves τ* by ≥ 1e-2.
ROOT_RTOL = 1e-9


@functools.lru_cache(maxsize=4)
def mp_temperatures(n: int, a: float, rho: float) -> tuple[float | None, ...]:
    """τ*(k) for k = 1, …, n − 1 by mpmath root finding; None where ρ ≥ log(n/k) (inactive)."""
    out: list[float | None] = []
    guess = 0.3 * a
    for k in range(1, n):
        if rho >= math.log(n / k):
            out.append(None)
            continue
        root = N.mp_stylised_tau(n, k, a, rho, guess)
        guess = float(root)
        out.append(guess)
    return tuple(out)


def _confirm_drop(subject):
    """Re-verify at 30 digits that τ*(k + 1) < τ*(k) at the first k where the library's sequence falls."""
    p = C.STYLISED
    taus = subject(p["n"], p["a"], p["rho"])
    k = next(i + 1 for i in range(len(taus) - 1) if taus[i + 1] < taus[i])
    with mpmath.workdps(30):
        t1 = N.mp_stylised_tau(p["n"], k, p["a"], p["rho"], taus[k - 1])
        t2 = N.mp_stylised_tau(p["n"], k + 1, p["a"], p["rho"], taus[k])
        return bool(t2 < t1), f"at 30 digits τ*({k}) = {mpmath.nstr(t1, 15)} and τ*({k + 1}) = {mpmath.nstr(t2, 15)}"


@C.TEMPERATURE_MONOTONE.check(precision="float64 bisection; drop re-verified with mpmath at 30 digits",
                              confirm=_confirm_drop, tolerance="exact comparison of consecutive temperatures")
def monotone_in_k(subject, ev):
    """$\\tau^*(k) \\le \\tau^*(k+1)$ for every $k = 1, \\dots, 98$ at $n = 100$, $a = 0.8$, $\\rho = 0.5$."""
    p = C.STYLISED
    taus = subject(p["n"], p["a"], p["rho"])
    ev.metric("peak_k", int(np.argmax(taus)) + 1)
    ev.metric("first_inactive_k", next(k for k in range(1, p["n"]) if taus[k - 1] == 0.0))
    for k in range(1, p["n"] - 1):
        ev.le(taus[k - 1], taus[k], what=f"τ*({k}) ≤ τ*({k + 1})", labels=(f"τ*({k})", f"τ*({k + 1})"))


@C.TEMPERATURE_SHAPE.check(precision="mpmath 30 digits (findroot)", confirm="exact",
                           tolerance=f"{ROOT_RTOL:g} relative against the mpmath roots; the shape exactly")
def rises_then_falls(subject, ev):
    """Each $\\tau^*(k)$ equals the mpmath root of $\\mathrm{KL}(p_\\tau\\|u) = \\rho$ where $\\rho < \\log(n/k)$ and is
    0 elsewhere; the sequence rises to one peak, then falls to the threshold $n e^{-\\rho}$. The thorough
    profile repeats it at $n = 400$."""
    sizes = [C.STYLISED["n"]] + ([400] if ev.profile == "thorough" else [])
    a, rho = C.STYLISED["a"], C.STYLISED["rho"]
    for n in sizes:
        taus = subject(n, a, rho)
        truth = mp_temperatures(n, a, rho)
        for k, (t, want) in enumerate(zip(taus, truth), start=1):
            if want is None:
                ev.close(t, 0.0, atol=0.0, what=f"τ*({k}), inactive", labels=(f"τ*({k})", "0"))
            else:
                ev.close(t, want, rtol=ROOT_RTOL, what=f"τ*({k})", labels=(f"τ*({k})", "mpmath root"))
        active = [t for t in taus if t > 0]
        peak = int(np.argmax(active))
        ev.that(all(active[i] < active[i + 1] for i in range(peak)), "τ* not increasing before its peak")
        ev.that(all(active[i] > active[i + 1] for i in range(peak, len(active) - 1)), "τ* not falling after its peak")
        ev.that(len(active) == math.ceil(n * math.exp(-rho)) - 1, "the inactive threshold is not n·exp(−ρ)",
                claimed=len(active) + 1, observed=n * math.exp(-rho))
        if n == C.STYLISED["n"]:
            ev.metric("peak_k", peak + 1)
            ev.metric("first_inactive_k", len(active) + 1)
            ev.table("temperatures", [{"k": k, "τ*": taus[k - 1]} for k in (1, 5, 10, 20, 30, 40, 50, 60, 61, 80)])
            if ev.wants_figures:
                plt = pyplot()
                fig, ax = plt.subplots(figsize=(5.2, 3.2))
                ks = np.arange(1, n)
                ax.plot(ks, taus, marker=".", lw=1, label="τ*(k), library")
                ax.axvline(n * math.exp(-rho), color="C3", ls=":", label="n e^(−ρ): constraint inactive beyond")
                ax.set_xlabel("k, similar negatives out of n = 100")
                ax.set_ylabel("individual temperature τ*")
                ax.legend(fontsize=7)
                ev.figure("temperature_by_frequency", fig, "The dual temperature against the number of similar "
                          "negatives: it rises, peaks, then falls to 0 where the constraint stops binding.")
