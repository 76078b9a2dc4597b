"""Checks of PowerNorm's Lipschitz claims: W4 (operator norms), W5 (per instance, and how often it fails) and W6
(the running statistic).

Routes: numpy's largest singular value of complex-step Jacobians; gradient norms ‖Jᵀg‖ from the same Jacobians;
a counterexample re-verified with mpmath's singular values (or products) of 50-digit complex-step Jacobians. The
violation rate is measured with the closed forms (W3, proved) on many draws and cross-checked draw by draw against
complex-step Jacobians on a subsample.
"""

from __future__ import annotations

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.ws_bn_powernorm import claims_lipschitz as C
from ...theorems.ws_bn_powernorm import formulas as F
from .strategies import gammas, instance, offsets, scales, seeds, sizes, sizes_from_three

# Singular values of complex-step Jacobians: a few ulps per entry plus the rounding of x − μ (ε·|offset|/spread
# ≤ 7e-14), so both norms are good to ~1e-13 relative; NORM_RTOL leaves headroom. The mutants move a norm by
# 1 − √((B − 1)/B) ≥ 8e-3 or more.
NORM_RTOL = 1e-10


def _norm(f, x) -> float:
    return float(np.linalg.norm(F.complex_step_jacobian(f, x), 2))


def _mp_norm(f, x, digits: int = 30) -> mpmath.mpf:
    jt = F.mp_jacobian(f, list(x), digits)
    with mpmath.workdps(digits):
        return max(mpmath.svd_r(jt, compute_uv=False))


ORDER_CASES = {"seed": seeds, "n": sizes, "offset": offsets, "scale": scales, "gamma": gammas}
PAIR = {"seed": 0, "n": 2, "offset": 0.0, "scale": 1.0, "gamma": 1.0}


def _confirm_order(subject, seed, n, offset, scale, gamma):
    x, _ = instance(seed, n, offset, scale)
    bn = _mp_norm(lambda r: gamma * subject.bn(r), x)
    pn = _mp_norm(lambda r: gamma * subject.pn(r), x)
    return bool(pn > bn * (1 + mpmath.mpf(10) ** -9)), (f"at 30 digits ‖J_PN‖ = {mpmath.nstr(pn, 15)}, "
                                                        f"‖J_BN‖ = {mpmath.nstr(bn, 15)}")


@C.JACOBIAN_ORDER.check(given=ORDER_CASES, examples=12, regressions=[PAIR], confirm=_confirm_order,
                        precision="numpy SVD of complex-step Jacobians; re-verified at 30 digits",
                        tolerance=f"relative {NORM_RTOL:g} (NORM_RTOL)")
def operator_norms_ordered(subject, ev, seed, n, offset, scale, gamma):
    r"""$\|J_{PN}\|_2 \le \|J_{BN}\|_2$ for the drawn batch, both norms from complex-step Jacobians."""
    x, _ = instance(seed, n, offset, scale)
    bn = _norm(lambda r: gamma * subject.bn(r), x)
    pn = _norm(lambda r: gamma * subject.pn(r), x)
    ev.show("x", x)
    ev.show("(‖J_PN‖, ‖J_BN‖)", [pn, bn])
    ev.le(pn, bn * (1 + NORM_RTOL), what="‖J_PN‖₂ ≤ ‖J_BN‖₂", labels=("‖J_PN‖₂", "‖J_BN‖₂"))


@C.JACOBIAN_ORDER_B3.check(given={**ORDER_CASES, "n": sizes_from_three, "centred": st.booleans()}, examples=8,
                           regressions=[{**PAIR, "n": 3, "centred": True}],
                           precision="numpy SVD of complex-step Jacobians", tolerance=f"relative {NORM_RTOL:g}")
def ordered_with_equality_when_centred(subject, ev, seed, n, offset, scale, gamma, centred):
    r"""For $B \ge 3$: $\|J_{PN}\|_2 \le \|J_{BN}\|_2$, and equality for a centred batch ($\mu_B = 0$)."""
    x, _ = instance(seed, n, offset, scale)
    if centred:
        x = x - x.mean()
    bn = _norm(lambda r: gamma * subject.bn(r), x)
    pn = _norm(lambda r: gamma * subject.pn(r), x)
    ev.show("x", x)
    ev.show("(‖J_PN‖, ‖J_BN‖)", [pn, bn])
    ev.le(pn, bn * (1 + NORM_RTOL), what="‖J_PN‖₂ ≤ ‖J_BN‖₂", labels=("‖J_PN‖₂", "‖J_BN‖₂"))
    if centred:
        ev.close(pn, bn, rtol=NORM_RTOL, what="equality at μ_B = 0", labels=("‖J_PN‖₂", "‖J_BN‖₂"))


# -- W5 ----------------------------------------------------------------------------------------------------


def _grad_norms(subject, x, g, gamma) -> tuple[float, float]:
    bn = F.complex_step_jacobian(lambda r: gamma * subject.bn(r), x) @ g
    pn = F.complex_step_jacobian(lambda r: gamma * subject.pn(r), x) @ g
    return float(np.linalg.norm(pn)), float(np.linalg.norm(bn))


def _confirm_instance(subject, seed, n, offset, scale, gamma):
    x, g = instance(seed, n, offset, scale)
    bn = F.mp_vjp_norm_sq(lambda r: gamma * subject.bn(r), list(x), list(g), 30)
    pn = F.mp_vjp_norm_sq(lambda r: gamma * subject.pn(r), list(x), list(g), 30)
    return bool(pn > bn * (1 + mpmath.mpf(10) ** -9) + mpmath.mpf(10) ** -20), (
        f"at 30 digits ‖∂L/∂x‖²: PN {mpmath.nstr(pn, 15)}, BN {mpmath.nstr(bn, 15)}")


@C.PER_INSTANCE.check(given=ORDER_CASES, examples=12, regressions=[PAIR], confirm=_confirm_instance,
                      precision="complex-step Jacobians; re-verified at 30 digits",
                      tolerance=f"relative {NORM_RTOL:g}")
def gradient_norms_ordered(subject, ev, seed, n, offset, scale, gamma):
    r"""$\|J_{PN}^\top g\| \le \|J_{BN}^\top g\|$ for the drawn batch and upstream gradient."""
    x, g = instance(seed, n, offset, scale)
    pn, bn = _grad_norms(subject, x, g, gamma)
    ev.show("x", x)
    ev.show("g", g)
    ev.show("(‖∂L/∂x‖ PN, BN)", [pn, bn])
    ev.le(pn, bn * (1 + NORM_RTOL), what="‖∂L/∂x‖_PN ≤ ‖∂L/∂x‖_BN", labels=("PN", "BN"))


MEANS = (0.0, 0.1, 1.0, 3.0)
BATCH = 16
CROSS_CHECKED = 40  # draws per mean decided again by complex-step Jacobians
TIE = 1e-9  # draws whose two squared norms agree to this relative gap are not compared across routes


def _draws(count: int, seed: int = 20260):
    rng = np.random.default_rng(seed)
    s = rng.uniform(0.1, 5.0, count)[:, None]
    z = rng.standard_normal((count, BATCH))
    g = rng.standard_normal((count, BATCH))
    return s, z, g


@C.VIOLATIONS.check(given=None, precision="float64 closed forms on all draws; complex-step Jacobians on 40 per mean",
                    tolerance="the fractions against the statement's thresholds; the two routes agree on every "
                              f"draw not within {TIE:g} of a tie")
def fractions_by_mean(subject, ev):
    r"""The fraction of draws with $\|\partial L/\partial x\|_{PN} > \|\partial L/\partial x\|_{BN}$ for each $m$
    (common random numbers), and the same decision by complex-step Jacobians on the first 40 draws."""
    count = 200_000 if ev.profile == "thorough" else 20_000
    s, z, g = _draws(count)
    fractions = []
    for m in MEANS:
        x = m + s * z
        bn, pn = subject.bn(x, g), subject.pn(x, g)
        fractions.append(float(np.mean(pn > bn)))
        for i in range(CROSS_CHECKED):
            jb = F.complex_step_jacobian(F.bn_forward, x[i]) @ g[i]
            jp = F.complex_step_jacobian(F.pn_forward, x[i]) @ g[i]
            tb, tp = float(jb @ jb), float(jp @ jp)
            if abs(tp - tb) > TIE * max(tp, tb):
                ev.that(bool(pn[i] > bn[i]) == bool(tp > tb), f"draw {i} at m = {m}: the routes disagree",
                        claimed=[float(pn[i]), float(bn[i])], observed=[tp, tb],
                        labels=("closed forms (PN, BN)", "complex step (PN, BN)"))
    ev.metric("fractions", [round(f, 4) for f in fractions])
    ev.metric("draws", count)
    ev.table("violation_rate", [{"m": m, "fraction": round(f, 4)} for m, f in zip(MEANS, fractions)])
    ev.show("fractions for m = 0, 0.1, 1, 3", fractions)
    ev.le(0.4, fractions[0], what="above 40% at m = 0", labels=("0.4", "fraction at m = 0"))
    for a, b in zip(fractions, fractions[1:]):
        ev.lt(b, a, what="falls with m", labels=("fraction at the larger m", "fraction at the smaller m"))
    ev.le(fractions[-1], 0.05, what="below 5% at m = 3", labels=("fraction at m = 3", "0.05"))


# -- W6 ----------------------------------------------------------------------------------------------------

RUN_CASES = {"seed": seeds, "n": sizes_from_three, "offset": offsets, "scale": scales, "gamma": gammas,
             "log_ratio": st.floats(-2.0, 2.0)}
SPREAD = {"seed": 0, "n": 3, "offset": 0.0, "scale": 1.0, "gamma": 1.0, "log_ratio": -0.6}


def _run_norms(bn_layer, x, gamma, log_ratio):
    var = float(np.var(x))
    psi_run = var * 10.0**log_ratio
    run = _norm(lambda r: gamma * r / np.sqrt(psi_run), x)
    return run, _norm(lambda r: gamma * bn_layer(r), x), psi_run


def _confirm_running(subject, seed, n, offset, scale, gamma, log_ratio):
    x, _ = instance(seed, n, offset, scale)
    psi_run = float(np.var(x)) * 10.0**log_ratio
    with mpmath.workdps(30):
        run = mpmath.mpf(gamma) / mpmath.sqrt(mpmath.mpf(psi_run))  # J_run = (γ/√ψ_run) I exactly
    bn = _mp_norm(lambda r: gamma * subject.bn(r), x)
    return bool(run > bn * (1 + mpmath.mpf(10) ** -9)), (f"at 30 digits ‖J_run‖ = {mpmath.nstr(run, 15)}, "
                                                         f"‖J_BN‖ = {mpmath.nstr(bn, 15)}")


@C.RUNNING_ORDER.check(given=RUN_CASES, examples=12, regressions=[SPREAD], confirm=_confirm_running,
                       precision="numpy SVD of complex-step Jacobians; re-verified at 30 digits",
                       tolerance=f"relative {NORM_RTOL:g}")
def running_norm_ordered(subject, ev, seed, n, offset, scale, gamma, log_ratio):
    r"""$\gamma/\sqrt{\psi_{run}}$-scaled identity against BN's Jacobian, with $\psi_{run} = 10^{\ell}\sigma_B^2$."""
    x, _ = instance(seed, n, offset, scale)
    run, bn, psi_run = _run_norms(subject.bn, x, gamma, log_ratio)
    ev.show("x", x)
    ev.show("ψ_run", psi_run)
    ev.show("(‖J_run‖, ‖J_BN‖)", [run, bn])
    ev.le(run, bn * (1 + NORM_RTOL), what="‖J_run‖₂ ≤ ‖J_BN‖₂", labels=("‖J_run‖₂", "‖J_BN‖₂"))


@C.RUNNING_CONDITION.check(given=RUN_CASES, examples=12, regressions=[SPREAD],
                           precision="numpy SVD of complex-step Jacobians",
                           tolerance=r"exact agreement of two booleans; $|\log_{10}(\psi_{run}/\sigma_B^2)| < 10^{-6}$ "
                                     r"is a tie and rejected")
def condition_decides_the_order(subject, ev, seed, n, offset, scale, gamma, log_ratio):
    r"""The condition holds exactly when the numerically computed $\|J_{run}\|_2 \le \|J_{BN}\|_2$."""
    ev.assume(abs(log_ratio) > 1e-6)
    x, _ = instance(seed, n, offset, scale)
    run, bn, psi_run = _run_norms(F.bn_forward, x, gamma, log_ratio)
    ev.show("x", x)
    ev.show("ψ_run", psi_run)
    ev.show("(‖J_run‖, ‖J_BN‖)", [run, bn])
    predicted = subject(psi_run, x)
    ev.that(predicted == (run <= bn), "the condition and the norms disagree", claimed=predicted,
            observed=bool(run <= bn), labels=("the condition", "‖J_run‖ ≤ ‖J_BN‖"))
