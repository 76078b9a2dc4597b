"""Checks of K1, K2 and K4: the KL-regularised and KL-constrained problems against solvers and mpmath."""

from __future__ import annotations

import math

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.kl_dro import claims as C
from . import numerics as N
from .strategies import losses_from, seeds, taus, tied_losses_from

EPS = float(np.finfo(float).eps)

# The max-shifted log-sum-exp loses at most a few ε of max|ℓ| + τ log n (the shift, the log of a sum of
# at most n terms in [0, 1] with one equal to 1); 64 ε of that scale leaves ≥ 10× headroom. The mutants
# are off by τ log n, a factor 1/τ², or an O(spread) change of regulariser.
LSE_ULPS = 64
# L-BFGS on the softmax parametrisation stops at a projected gradient ≤ 1e-13; the objective is then
# within ~1e-12 of the maximum for the sizes drawn (n ≤ 12, spread/τ ≤ 12). 1e-8 relative to the scale
# max|ℓ| + τ log n leaves 1e4× headroom; the mutants are off by O(τ log n) or more.
SOLVER_TOL = 1e-8
# The solver's argmax is accurate to ~1e-7 (the objective is flat to second order); 1e-5 leaves headroom,
# and the mutants' weights differ by O(1/n).
ARGMAX_TOL = 1e-5


#: spread/τ of the solver checks, log-uniform in [0.05, 12]: the range the solver tolerances cover
RATIOS = st.floats(math.log(0.05), math.log(12.0)).map(math.exp)


def _solver_case(seed, n, scale, ratio):
    """Losses from the seed, and τ = spread/ratio (τ = 1 when the losses are all equal)."""
    ell = losses_from(seed, n, scale)
    spread = float(np.ptp(ell))
    return ell, (spread / ratio if spread > 0 else 1.0)


def _scale(ell, tau):
    return float(np.max(np.abs(ell))) + tau * math.log(ell.size)


@C.LSE_VALUE.check(given={"seed": seeds, "n": st.integers(2, 50), "scale": st.floats(0.01, 50.0), "tau": taus},
                   examples=10, precision="mpmath 30 digits", confirm="exact",
                   tolerance=f"{LSE_ULPS} ε · (max|ℓ| + τ log n): rounding of the max-shifted log-sum-exp")
def matches_primal_in_mpmath(subject, ev, seed, n, scale, tau):
    """The library's value equals the primal objective $\\sum_j p_j\\ell_j - \\tau\\,\\mathrm{KL}(p\\|u)$ at the
    Gibbs weights, evaluated term by term with mpmath at 30 digits, for $n \\le 50$, losses up to 50 and
    $\\tau \\in [10^{-3}, 10^2]$."""
    ell = losses_from(seed, n, scale)
    ev.show("losses", ell)
    truth = float(N.mp_lse_primal(ell, tau))
    ev.close(subject(ell, tau), truth, atol=LSE_ULPS * EPS * _scale(ell, tau), what="KL-regularised optimum",
             labels=("kl_dro_value", "primal objective at the Gibbs weights (mpmath)"))


@C.LSE_VALUE.check(given={"seed": seeds, "n": st.integers(2, 12), "scale": st.floats(0.1, 5.0),
                          "ratio": RATIOS},
                   examples=5, precision="float64 L-BFGS on the primal", confirm="exact",
                   tolerance=f"{SOLVER_TOL:g} relative to max|ℓ| + τ log n: the solver's convergence")
def matches_primal_solver(subject, ev, seed, n, scale, ratio):
    """The library's value equals the maximum of the primal found by L-BFGS over the simplex (softmax
    parametrisation), and no point the solver visits exceeds it."""
    ell, tau = _solver_case(seed, n, scale, ratio)
    ev.show("losses", ell)
    ev.show("τ", tau)
    value, _ = N.primal_forward(ell, tau)
    ev.close(subject(ell, tau), value, atol=SOLVER_TOL * _scale(ell, tau), what="KL-regularised optimum",
             labels=("kl_dro_value", "primal maximum by L-BFGS"))


@C.GIBBS_WEIGHTS.check(given={"seed": seeds, "n": st.integers(2, 50), "scale": st.floats(0.01, 50.0), "tau": taus},
                       examples=8, precision="mpmath 30 digits", confirm="exact",
                       tolerance=f"{LSE_ULPS} ε · (max|ℓ| + τ): the float64 weights' relative rounding, times τ")
def stationary_in_mpmath(subject, ev, seed, n, scale, tau):
    """The library's weights sum to 1 and satisfy the stationarity condition of the Lagrangian:
    $\\ell_j - \\tau\\log(n p_j)$ is the same for every $j$ (evaluated with mpmath)."""
    ell = losses_from(seed, n, scale)
    ev.assume(float(np.ptp(ell)) / tau <= 600.0)  # every weight a normal float64
    p = np.asarray(subject(ell, tau), dtype=float)
    ev.show("losses", ell)
    ev.show("weights", p)
    ev.close(float(np.sum(p)), 1.0, atol=n * 4 * EPS, what="Σ p")
    with mpmath.workdps(30):
        g = [mpmath.mpf(float(v)) - mpmath.mpf(tau) * mpmath.log(n * mpmath.mpf(float(w))) for v, w in zip(ell, p)]
        spread = float(max(g) - min(g))
    ev.le(spread, LSE_ULPS * EPS * (float(np.max(np.abs(ell))) + tau),
          what="spread of ℓ_j − τ log(n p_j) over j", labels=("spread of the stationarity values", "tolerance"))


@C.GIBBS_WEIGHTS.check(given={"seed": seeds, "n": st.integers(2, 12), "scale": st.floats(0.1, 5.0),
                              "ratio": RATIOS},
                       examples=4, precision="float64 L-BFGS on the primal", confirm="exact",
                       tolerance=f"{ARGMAX_TOL:g} absolute per weight: the solver's argmax")
def matches_solver_argmax(subject, ev, seed, n, scale, ratio):
    """The library's weights equal the maximiser found by L-BFGS over the simplex."""
    ell, tau = _solver_case(seed, n, scale, ratio)
    ev.show("losses", ell)
    ev.show("τ", tau)
    _, p = N.primal_forward(ell, tau)
    ev.close(np.asarray(subject(ell, tau), dtype=float), p, atol=ARGMAX_TOL, what="maximiser",
             labels=("kl_dro_weights", "argmax by L-BFGS"))


# -- K2 -------------------------------------------------------------------------------------------------

# The primal maximum from its KKT conditions at 30 digits is exact at float64 scale (SLSQP, used before,
# stopped short on ~1% of the drawn cases, by up to 1e-2 of the spread). So the error is the library's:
# its τ̂ enters the dual value only at second order (the dual is stationary at τ*), and evaluating
# max ℓ + τ̂ log mean e^{(ℓ − max ℓ)/τ̂} + τ̂ρ rounds by a few ε of max|ℓ| plus a few ε of τ̂(log n + ρ)
# ≤ 10 spread (τ* ≤ 2.5 spread for ρ ≥ 0.02, n ≤ 8): 4ε max|ℓ| + 1e-12 of the spread (≥ 4000 ε)
# leaves ≥ 50× headroom (seen: ≤ 5e-15 of the spread over 2000 draws). The mutants change the value
# by τ*ρ or by the effect of halving ρ, O(1e-2) of the spread or more for ρ ≥ 0.05.
PRIMAL_TOL = 1e-12
# Brent's method on the smooth dual in s = log(τ/spread): the value is flat at the minimum, so its error
# is ~ε of the spread times the curvature; 1e-9 of the spread leaves headroom.
DUAL_TOL = 1e-9
# KL of the returned weights: bisection stops at 1e-15 in log τ, and dKL/dlog τ ≤ Var(ℓ/τ) ≤ 1e3 on the
# drawn cases; 1e-9 leaves headroom. The mutants miss ρ by ρ/2 or by the change of KL when τ doubles.
KL_TOL = 1e-9


def _rho_cases():
    return {"seed": seeds, "n": st.integers(2, 8), "rho": st.floats(0.02, 1.5)}


@C.STRONG_DUALITY.check(given=_rho_cases(), examples=10,
                        precision="mpmath 30 digits (primal KKT point); float64 bounded Brent search (dual)",
                        confirm="exact",
                        tolerance=f"{PRIMAL_TOL:g} (primal) and {DUAL_TOL:g} (dual) of the loss spread, "
                                  f"plus 4 ε max|ℓ|")
def primal_equals_dual(subject, ev, seed, n, rho):
    """The library's value equals the constrained primal maximum (its KKT point, with mpmath at 30 digits)
    and the dual infimum (bounded search over $\\log\\tau$)."""
    ell = losses_from(seed, n, 1.0)
    spread = float(np.ptp(ell))
    ev.assume(spread > 1e-3)
    ev.show("losses", ell)
    got = subject(ell, rho).value
    primal = float(N.mp_primal_constrained(ell, rho))
    dual, _ = N.dual_minimum(ell, rho)
    rounding = 4 * EPS * float(np.max(np.abs(ell)))
    ev.close(got, primal, atol=PRIMAL_TOL * spread + rounding, what="constrained optimum",
             labels=("kl_constrained_dro value", "primal maximum at its KKT point (mpmath)"))
    ev.close(got, dual, atol=DUAL_TOL * spread + rounding, what="dual infimum",
             labels=("kl_constrained_dro value", "dual minimum by Brent search"))


@C.ACTIVE_CONSTRAINT.check(given=_rho_cases(), examples=6, precision="mpmath 30 digits", confirm="exact",
                           tolerance=f"{KL_TOL:g} absolute on KL; τ* within 1e-5 relative of Brent's minimiser")
def kl_equals_rho(subject, ev, seed, n, rho):
    """When $\\rho < \\log(n/m)$ the returned $\\tau^* > 0$, $\\mathrm{KL}(p_{\\tau^*}\\|u) = \\rho$ with the Gibbs
    weights computed in mpmath, and $\\tau^*$ is the dual minimiser found by bounded search."""
    ell = losses_from(seed, n, 1.0)
    m = int(np.count_nonzero(ell == ell.max()))
    ev.assume(rho < math.log(n / m) - 1e-3 and float(np.ptp(ell)) > 1e-3)
    ev.show("losses", ell)
    res = subject(ell, rho)
    ev.that(res.tau > 0, "the constraint is active but τ* = 0", claimed=res.tau)
    kl = float(N.mp_kl_gibbs(ell, res.tau))
    ev.close(kl, rho, atol=KL_TOL, what="KL(p_τ*‖u)", labels=("KL at the returned τ*", "ρ"))
    _, tau_dual = N.dual_minimum(ell, rho)
    ev.close(res.tau, tau_dual, rtol=1e-5, what="τ*", labels=("kl_constrained_dro τ*", "Brent's minimiser"))


@C.INACTIVE_CONSTRAINT.check(given={"seed": seeds, "n": st.integers(3, 10), "ties": st.integers(1, 9),
                                    "extra": st.floats(1e-3, 1.0)},
                             examples=8, precision="exact comparisons; mpmath 30 digits for the dual slope",
                             confirm="exact", tolerance="exact (value, τ, weights); slope > 0 on a grid")
def value_is_max_and_tau_zero(subject, ev, seed, n, ties, extra):
    """With $\\rho = \\log(n/m) + $ extra, the value is $\\max\\ell$, $\\tau^* = 0$, the weights are uniform on
    the $m$ largest losses, and the dual's slope $\\rho - \\mathrm{KL}(p_\\tau\\|u)$ (mpmath) is positive on
    a grid of $\\tau$ from $10^{-3}$ to $10^2$ times the spread."""
    ev.assume(ties < n)
    ell = tied_losses_from(seed, n, ties)
    rho = math.log(n / ties) + extra
    ev.show("losses", ell)
    res = subject(ell, rho)
    ev.close(res.value, float(ell.max()), atol=0.0, what="value", labels=("kl_constrained_dro value", "max ℓ"))
    ev.close(res.tau, 0.0, atol=0.0, what="τ*", labels=("kl_constrained_dro τ*", "0"))
    ev.close(np.asarray(res.weights), (ell == ell.max()) / ties, atol=0.0, what="weights",
             labels=("kl_constrained_dro weights", "uniform on the largest losses"))
    spread = float(np.ptp(ell))
    slopes = [rho - float(N.mp_kl_gibbs(ell, spread * 10.0**e)) for e in np.linspace(-3, 2, 11)]
    ev.lt(0.0, min(slopes), what="dual slope ρ − KL(p_τ‖u)", labels=("0", "smallest slope on the grid"))


# -- K4 -------------------------------------------------------------------------------------------------

REVERSE_TOL = 1e-8  # as SOLVER_TOL: L-BFGS on the reverse-KL primal, n ≤ 10, spread/τ ≤ 12


def _reverse_cases():
    return {"seed": seeds, "n": st.integers(2, 10), "scale": st.floats(0.1, 5.0), "ratio": RATIOS}


@C.REVERSE_KL_FORM.check(given=_reverse_cases(), examples=5, precision="float64 L-BFGS on the primal",
                         confirm="exact", tolerance=f"{REVERSE_TOL:g} relative (value), {ARGMAX_TOL:g} (weights)")
def matches_reverse_solver(subject, ev, seed, n, scale, ratio):
    """The library's value and weights equal the maximum and maximiser of $\\sum_j p_j\\ell_j - \\tau\\,
    \\mathrm{KL}(u\\|p)$ found by L-BFGS over the simplex."""
    ell, tau = _solver_case(seed, n, scale, ratio)
    ev.show("losses", ell)
    ev.show("τ", tau)
    value, p = N.primal_reverse(ell, tau)
    res = subject(ell, tau)
    ev.close(res.value, value, atol=REVERSE_TOL * _scale(ell, tau), what="reverse-KL optimum",
             labels=("reverse_kl_dro value", "primal maximum by L-BFGS"))
    ev.close(np.asarray(res.weights), p, atol=ARGMAX_TOL, what="maximiser",
             labels=("reverse_kl_dro weights", "argmax by L-BFGS"))


def _confirm_reverse(subject, seed, n, scale, ratio):
    """Re-verify with mpmath: the multiplier μ by findroot at 30 digits, the optimum from it."""
    ell, tau = _solver_case(seed, n, scale, ratio)
    with mpmath.workdps(30):
        ls = [mpmath.mpf(float(v)) for v in ell]
        t = mpmath.mpf(tau)
        top = max(ls)
        mu = mpmath.findroot(lambda m: mpmath.fsum(t / (n * (m - v)) for v in ls) - 1, top + t / 2)
        p = [t / (n * (mu - v)) for v in ls]
        opt = mpmath.fsum(a * b for a, b in zip(p, ls)) + t * mpmath.log(n) + t / n * mpmath.fsum(
            mpmath.log(a) for a in p)
        claimed = mpmath.mpf(subject(ell, tau))
        gap = abs(claimed - opt)
        return bool(gap > 1e-6 * (abs(opt) + 1)), (f"at 30 digits the reverse-KL optimum is {mpmath.nstr(opt, 15)}, "
                                                    f"the log-sum-exp {mpmath.nstr(claimed, 15)}")


@C.REVERSE_KL_LSE.check(given=_reverse_cases(), examples=5, precision="float64 L-BFGS on the primal",
                        confirm=_confirm_reverse, tolerance=f"{REVERSE_TOL:g} relative to max|ℓ| + τ log n",
                        regressions=[{"seed": 0, "n": 2, "scale": 1.0, "ratio": 1.0}])
def lse_matches_reverse_solver(subject, ev, seed, n, scale, ratio):
    """The log-sum-exp $\\tau\\log(\\frac1n\\sum_j e^{\\ell_j/\\tau})$ against the maximum of $\\sum_j p_j\\ell_j -
    \\tau\\,\\mathrm{KL}(u\\|p)$ found by L-BFGS."""
    ell, tau = _solver_case(seed, n, scale, ratio)
    ev.show("losses", ell)
    ev.show("τ", tau)
    value, _ = N.primal_reverse(ell, tau)
    ev.close(subject(ell, tau), value, atol=REVERSE_TOL * _scale(ell, tau), what="reverse-KL optimum",
             labels=("τ log mean exp(ℓ/τ)", "reverse-KL maximum by L-BFGS"))


@C.LSE_VALUE.check(given={"seed": seeds, "n": st.integers(2, 50), "scale": st.floats(0.01, 50.0),
                          "exponent": st.floats(3.0, 300.0)},
                   examples=10, precision="float64 and exact bounds (fsum)", confirm="exact",
                   tolerance=f"{LSE_ULPS} ε · max|ℓ| beside the bounds")
def large_temperature_between_mean_and_hoeffding(subject, ev, seed, n, scale, exponent):
    """At $\\tau = 10^e$, $3 \\le e \\le 300$, the value lies between the mean loss (Jensen) and the mean plus
    $r^2/(8\\tau)$ (Hoeffding's lemma, $r$ the range of the losses)."""
    ell = losses_from(seed, n, scale)
    tau = 10.0**exponent
    ev.show("losses", ell)
    mean = math.fsum(ell) / n
    slack = LSE_ULPS * EPS * float(np.max(np.abs(ell)))
    got = subject(ell, tau)
    ev.le(mean - slack, got, what="mean ≤ value", labels=("mean loss", "kl_dro_value"))
    ev.le(got, mean + float(np.ptp(ell)) ** 2 / (8 * tau) + slack, what="value ≤ mean + r²/(8τ)",
          labels=("kl_dro_value", "mean + r²/(8τ)"))
