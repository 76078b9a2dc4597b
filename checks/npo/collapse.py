"""Checks of P4 (the laws of log π_θt under GA and NPO, the asymptote of θ_t) and P5 (step counts to reach
log π_θ ≤ −M) on the one-parameter model, by the routes of ``one_param``."""

from __future__ import annotations

import math

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.npo import claims_collapse as C
from . import one_param as P


def _steps(ev) -> int:
    """Iterations of the deterministic grid: 5000 in ci, 2·10⁵ in the thorough profile (the flow reaches 10⁶ in
    both)."""
    return 200_000 if ev.profile == "thorough" else 5000


# -- P4: the laws ------------------------------------------------------------------------------------

# GA: log π_t − log π_{t'} = −η(t − t') + Σ σ(θ_s)-terms of size e^{θ} ≤ e^{−600}: 1e-9 relative is roundoff.
GA_RTOL = 1e-9
# NPO on the iteration, window [T/10, T]: the residual r(t) = θ_t + (1/β) log(cηt) is at most
# (β2^β|θ| + K)/(βcηt) ≈ 1.5 at t = 500 for β = 0.1, η = 0.25 (the worst grid point): 6.5% of the window's
# change (1/β) log 10 = 23; 15% leaves 2× headroom. The mutants are off by a factor 1/β or more.
NPO_WINDOW_RTOL = 0.15
# NPO on the flow, window [10⁵, 10⁶]: the same residual is ≤ 0.012 at t = 10⁵ (0.05%); 1% leaves 20×.
FLOW_RTOL = 0.01


@C.COLLAPSE_LAWS.check(given=None, precision="float64 iteration, log-sigmoid forms",
                       tolerance=f"GA relative {GA_RTOL:g}; NPO relative {NPO_WINDOW_RTOL:g} on the change over "
                                 "[T/10, T] (residual of the asymptote ≤ 6.5% at the worst grid point)")
def iteration_follows_the_laws(subject, ev):
    r"""On the float64 iteration: $\log\pi_{\theta_T} - \log\pi_{\theta_{T/2}}$ under GA and
    $\log\pi_{\theta_T} - \log\pi_{\theta_{T/10}}$ under NPO equal the laws' changes over the same windows."""
    T = _steps(ev)
    ga, npo = P.grid_trajectories(T)
    rows = []
    for j, (beta, eta) in enumerate(P.GRID):
        ga_change = float(P.log_sigmoid(ga[T, j]) - P.log_sigmoid(ga[T // 2, j]))
        npo_change = float(P.log_sigmoid(npo[T, j]) - P.log_sigmoid(npo[T // 10, j]))
        ga_law = subject.ga(eta, T) - subject.ga(eta, T // 2)
        npo_law = subject.npo(beta, T) - subject.npo(beta, T // 10)
        rows.append({"β": beta, "η": eta, "GA change": ga_change, "GA law": ga_law,
                     "NPO change": npo_change, "NPO law": npo_law})
        ctx = f"β={beta}, η={eta}, T={T}"
        ev.close(ga_law, ga_change, rtol=GA_RTOL, what="GA change of log π over [T/2, T]", context=ctx,
                 labels=("the GA law", "the iteration"))
        ev.close(npo_law, npo_change, rtol=NPO_WINDOW_RTOL, what="NPO change of log π over [T/10, T]", context=ctx,
                 labels=("the NPO law", "the iteration"))
    ev.table("changes of log π over the last half (GA) and the last decade (NPO) of the run", rows)
    ev.metric("final_log_pi_npo_beta_0_1", float(P.log_sigmoid(npo[T, 0])))
    ev.metric("final_log_pi_ga_eta_0_25", float(P.log_sigmoid(ga[T, 0])))


@C.COLLAPSE_LAWS.check(given=None, precision="scipy LSODA (rtol 1e-10) for NPO; GA's closed form (Lambert W)",
                       tolerance=f"GA relative {GA_RTOL:g}; NPO relative {FLOW_RTOL:g} on the change over [1e5, 1e6]")
def flow_follows_the_laws(subject, ev):
    r"""On the gradient flow: the changes of $\log\pi_\theta$ over $t \in [10^5, 10^6]$ equal the laws' changes (NPO
    by LSODA, GA by the closed form $\theta + e^\theta = \theta_0 + e^{\theta_0} - \eta t$)."""
    rows = []
    for beta, eta in P.GRID:
        th = P.npo_flow(beta, (eta * 1e5, eta * 1e6))  # θ_η(t) = θ_1(ηt)
        npo_change = float(P.log_sigmoid(th[1]) - P.log_sigmoid(th[0]))
        g = P.ga_flow(np.array([1e5, 1e6]), eta)
        ga_change = float(P.log_sigmoid(g[1]) - P.log_sigmoid(g[0]))
        ga_law, npo_law = subject.ga(eta, 1e6) - subject.ga(eta, 1e5), subject.npo(beta, 1e6) - subject.npo(beta, 1e5)
        rows.append({"β": beta, "η": eta, "GA change": ga_change, "GA law": ga_law, "NPO change": npo_change,
                     "NPO law": npo_law})
        ctx = f"β={beta}, η={eta}"
        ev.close(ga_law, ga_change, rtol=GA_RTOL, what="GA change on the flow", context=ctx,
                 labels=("the GA law", "the flow"))
        ev.close(npo_law, npo_change, rtol=FLOW_RTOL, what="NPO change on the flow", context=ctx,
                 labels=("the NPO law", "the flow"))
    ev.table("changes of log π over t ∈ [1e5, 1e6] on the flow", rows)


# -- P4: the asymptote --------------------------------------------------------------------------------

# Slope of e^{−βθ_t} over [T/2, T] on the iteration: the relative corrections are ≤ 1/(2βηT) + 2/T
# (≤ 0.5% at β = 0.1, η = 0.25, T = 5000); 2% leaves 4× headroom; the mutants are off by 100% or more.
SLOPE_RTOL = 0.02


@C.ASYMPTOTE.check(given=None, precision="float64 iteration",
                   tolerance=f"relative {SLOPE_RTOL:g} on the slope of exp(−βθ_t) over [T/2, T] (corrections ≤ 0.5%)")
def iteration_grows_at_the_rate(subject, ev):
    r"""On the iteration, $e^{-\beta\theta_t}$ grows over $[T/2, T]$ at the rate the asymptote predicts,
    $(e^{-\beta a(T)} - e^{-\beta a(T/2)})/(T/2)$ with $a$ the claimed asymptote."""
    T = _steps(ev)
    _, npo = P.grid_trajectories(T)
    rows = []
    for j, (beta, eta) in enumerate(P.GRID):
        measured = (math.exp(-beta * npo[T, j]) - math.exp(-beta * npo[T // 2, j])) / (T / 2)
        predicted = (math.exp(-beta * subject(beta, eta, T)) - math.exp(-beta * subject(beta, eta, T // 2))) / (T / 2)
        rows.append({"β": beta, "η": eta, "measured slope": measured, "predicted slope": predicted,
                     "θ_T": float(npo[T, j]), "asymptote at T": subject(beta, eta, T)})
        ev.close(predicted, measured, rtol=SLOPE_RTOL, what="slope of exp(−βθ_t)", context=f"β={beta}, η={eta}",
                 labels=("from the asymptote", "the iteration"))
    ev.table("growth of exp(−βθ_t) over [T/2, T]", rows)


# The flow's time at the predicted position, t = 10¹²: T(a(t))/t − 1 is the relative error of e^{−βa} against
# e^{−βθ(t)}, ≤ (β2^β|θ| + K)/(βcηt) + t^{−1/β}-terms ≤ 5e-6 for β ≤ 2, η ≥ 0.1 (the t^{−1/β} term at β = 2). 1e-4
# leaves 20×.
FLOW_TIME_RTOL = 1e-4


@C.ASYMPTOTE.check(given={"beta": st.floats(-1.3, 0.3).map(lambda e: 10.0**e), "eta": st.floats(0.1, 1.0)},
                   examples=8, precision="float64 quadrature with the dominant term in closed form (~1e-11)",
                   tolerance=f"relative {FLOW_TIME_RTOL:g} on T(a(t))/t at t = 1e12 (the o(1) term ≤ 5e-6)")
def flow_reaches_the_asymptote_on_time(subject, ev, beta, eta):
    r"""The gradient flow needs time $t$ to reach the asymptote's $a(t)$ at $t = 10^{12}$: $T(a(t))/t = 1$."""
    t = 1e12
    a = subject(beta, eta, t)
    ev.assume(a < P.THETA0)
    ratio = P.flow_time_npo(a, beta, eta) / t
    ev.show("a(10¹²)", a)
    ev.show("T(a)/t", ratio)
    ev.close(ratio, 1.0, rtol=FLOW_TIME_RTOL, what="flow time to the asymptote / t",
             context=f"β={beta:.4g}, η={eta:.4g}", labels=("T(a(t))/t", "1"))


# -- P5: the step counts ------------------------------------------------------------------------------

# NPO: a least-squares fit of log N against M on 11 depths spanning the last 3/β of depth the run reaches
# (βM from about 5 to 11 at η = 4, T = 5000; deeper in the thorough profile). There the law's lower-order terms,
# of size (2M + θ₀ + e^{θ₀})·β 2^β e^{−βM}, lower the slope by ≤ 2% of β (1.7% at β = 0.1); 5% leaves room,
# and the mutants change the slope by a factor 1/β, 1/2 or more. GA: N is affine in M to within one step over
# M ∈ [30, 60]: 2%.
NPO_SLOPE_RTOL = 0.05
GA_SLOPE_RTOL = 0.02


def _fit(x, y):
    """Least-squares slope of y on x and its standard error."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    A = np.vstack([x, np.ones_like(x)]).T
    coef, res, *_ = np.linalg.lstsq(A, y, rcond=None)
    dof = len(x) - 2
    s2 = float(res[0]) / dof if res.size else 0.0
    se = math.sqrt(s2 / float(np.sum((x - x.mean()) ** 2)))
    return float(coef[0]), se


@C.STEPS.check(given=None, precision="float64 iteration (first passage below θ_M = −log(e^M − 1))",
               tolerance=f"NPO: slope of log N vs M within {NPO_SLOPE_RTOL:.0%} of the law's (lower-order terms ≤ 2%); "
                         f"GA: slope of N vs M within {GA_SLOPE_RTOL:.0%}")
def iteration_counts_fit_the_laws(subject, ev):
    r"""First-passage counts of the iteration: the fitted slope of $\log N_{\mathrm{NPO}}$ against $M$ (with its
    standard error) over the deepest $3/\beta$ of depth reached equals the law's, and the slope of
    $N_{\mathrm{GA}}$ against $M$ equals the law's."""
    T = _steps(ev)
    _, npo = P.grid_trajectories(T, P.STEP_GRID)
    ga, _ = P.grid_trajectories(T)
    rows = []
    for j, (beta, eta) in enumerate(P.STEP_GRID):
        deepest = -float(P.log_sigmoid(npo[int(0.9 * T), j]))
        depths = np.linspace(deepest - 3 / beta, deepest, 11)
        counts = [P.first_passage(npo[:, j], M) for M in depths]
        slope, se = _fit(depths, np.log(counts))
        law_slope, _ = _fit(depths, [math.log(subject.npo(M, beta, eta)) for M in depths])
        rows.append({"β": beta, "η": eta, "depths βM": f"{beta * depths[0]:.2f}–{beta * depths[-1]:.2f}",
                     "slope of log N": slope, "standard error": se, "law": law_slope})
        ev.close(law_slope, slope, rtol=NPO_SLOPE_RTOL, what="slope of log N_NPO against M",
                 context=f"β={beta}, η={eta}", labels=("the law's slope", "fitted slope"))
    for j, (_, eta) in enumerate(P.GRID[:2]):  # GA does not depend on β: the two step sizes
        ga_depths = np.linspace(30, 60, 7)
        ga_counts = [P.first_passage(ga[:, j], M) for M in ga_depths]
        ga_slope, ga_se = _fit(ga_depths, ga_counts)
        ga_law_slope, _ = _fit(ga_depths, [subject.ga(M, eta) for M in ga_depths])
        rows.append({"β": "GA", "η": eta, "depths βM": "M ∈ [30, 60]", "slope of log N": ga_slope,
                     "standard error": ga_se, "law": ga_law_slope})
        ev.close(ga_law_slope, ga_slope, rtol=GA_SLOPE_RTOL, what="slope of N_GA against M", context=f"η={eta}",
                 labels=("the law's slope", "fitted slope"))
    ev.table("fits of the first-passage counts (NPO: slope of log N; GA: slope of N)", rows)
    ev.metric("npo_slope_beta_0_1", rows[0]["slope of log N"])
    ev.metric("npo_slope_se_beta_0_1", rows[0]["standard error"])


# The flow's exact time at βM ∈ {20, 30}: log T(M₂) − log T(M₁) = β(M₂ − M₁) up to 2^β βM e^{−βM} ≤ 1e-7;
# GA's flow time is (θ₀ − θ_M + e^{θ₀} − e^{θ_M})/η, affine in M up to e^{−M}. 1e-6 relative on both.
FLOW_SLOPE_RTOL = 1e-6


@C.STEPS.check(given={"beta": st.floats(-2.0, 0.0).map(lambda e: 10.0**e), "eta": st.floats(0.1, 1.0)}, examples=10,
               precision="float64 quadrature of the flow's time (~1e-11)",
               tolerance=f"relative {FLOW_SLOPE_RTOL:g} on the slopes between βM = 20 and 30")
def flow_time_slopes(subject, ev, beta, eta):
    r"""The gradient flow's exact time to reach depth $M$: between $\beta M = 20$ and $30$ the slope of $\log T$
    against $M$ is the law's, and so is GA's slope of $T$ against $M$."""
    m1, m2 = 20 / beta, 30 / beta
    t1, t2 = P.flow_time_npo(P.level(m1), beta, eta), P.flow_time_npo(P.level(m2), beta, eta)
    slope = (math.log(t2) - math.log(t1)) / (m2 - m1)
    law = (math.log(subject.npo(m2, beta, eta)) - math.log(subject.npo(m1, beta, eta))) / (m2 - m1)
    ga = (P.flow_time_ga(P.level(m2), eta) - P.flow_time_ga(P.level(m1), eta)) / (m2 - m1)
    ga_law = (subject.ga(m2, eta) - subject.ga(m1, eta)) / (m2 - m1)
    ev.show("NPO flow times at βM = 20, 30", [t1, t2])
    ev.close(law, slope, rtol=FLOW_SLOPE_RTOL, what="slope of log T_NPO", labels=("the law", "the flow"))
    ev.close(ga_law, ga, rtol=FLOW_SLOPE_RTOL, what="slope of T_GA", labels=("the law", "the flow"))


# -- P5: the regimes ----------------------------------------------------------------------------------

_regime_cases = {"beta": st.floats(-4.0, -0.5).map(lambda e: 10.0**e), "M": st.integers(20, 60),
                 "eta": st.sampled_from([0.25, 0.5, 1.0])}
WITNESS = {"beta": 1e-3, "M": 20, "eta": 1.0}


def _law(M, beta, eta):
    return math.exp(beta * M) / (2 ** (beta + 1) * beta * eta)


def _regime_check(subject, ev, beta, M, eta):
    y = beta * M
    ev.assume(y <= 6.0)  # keeps the iteration below 10⁴ steps
    law_from, factor, ga_below, ga_tolerance = subject
    npo = P.npo_steps(float(M), beta, eta)
    ev.show("βM", y)
    ev.show("NPO steps (iteration)", npo)
    ev.show("exp(βM)/(2^(β+1)·β·η)", _law(M, beta, eta))
    if y >= law_from:
        ratio = _law(M, beta, eta) / npo
        ev.show("law / NPO steps", ratio)
        ev.le(max(ratio, 1 / ratio), factor, what="law within the factor", context=f"β={beta:.4g}, M={M}, η={eta}",
              labels=("max(law/N, N/law)", "the claimed factor"))
        return
    if y <= ga_below:
        ga = P.ga_steps(float(M), eta)
        gap = abs(npo / ga - 1)
        ev.show("GA steps (iteration)", ga)
        ev.le(gap, ga_tolerance, what="NPO counts as GA", context=f"β={beta:.4g}, M={M}, η={eta}",
              labels=("|N_NPO/N_GA − 1|", "the claimed tolerance"))
        return
    ev.reject()


def _confirm_regime(subject, beta, M, eta):
    """Recount NPO's steps with mpmath at 30 digits and recompare with the law."""
    law_from, factor, _, _ = subject
    with mpmath.workdps(30):
        b, target, theta = mpmath.mpf(beta), mpmath.mpf(P.level(float(M))), mpmath.mpf(P.THETA0)
        n = 0
        while theta > target:
            log_sig = -mpmath.log1p(mpmath.exp(-theta))
            w = 2 / (1 + mpmath.exp(-b * (log_sig - mpmath.log(mpmath.mpf(1) / 2))))
            theta -= mpmath.mpf(eta) * w / (1 + mpmath.exp(theta))
            n += 1
        law = mpmath.exp(b * M) / (2 ** (b + 1) * b * eta)
        ratio = max(law / n, n / law)
    return bool(ratio > factor), (f"at 30 digits NPO needs {n} steps and the law gives {mpmath.nstr(law, 8)}: "
                                  f"ratio {mpmath.nstr(ratio, 6)} > {factor}")


@C.UNIFORM.check(given=_regime_cases, examples=20, precision="float64 iteration; re-counted with mpmath at 30 digits",
                 tolerance="none: the claimed factor 2", confirm=_confirm_regime, regressions=[WITNESS])
def law_within_factor_two_everywhere(subject, ev, beta, M, eta):
    r"""For $\beta \in [10^{-4}, 0.3]$, $M \in [20, 60]$, $\eta \in \{\frac{1}{4}, \frac{1}{2}, 1\}$
    ($\beta M \le 6$): the
    NPO count is within a factor 2 of $e^{\beta M}/(2^{\beta+1}\beta\eta)$."""
    _regime_check(subject, ev, beta, M, eta)


@C.REGIMES.check(given=_regime_cases, examples=30, precision="float64 iteration",
                 tolerance="none: the claimed factor and tolerance", confirm=_confirm_regime, regressions=[WITNESS])
def law_and_ga_regimes(subject, ev, beta, M, eta):
    r"""Where $\beta M \ge 1$ the NPO count is within a factor 2 of the exponential law; where $\beta M \le 0.05$ it is
    within 10% of GA's count."""
    _regime_check(subject, ev, beta, M, eta)
