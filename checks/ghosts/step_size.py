"""Checks of the step-size statements: Def 4.7 (batch radius), Def 5.1 (normalized step), §5.1 (Cauchy
estimate), Prop 5.2 (the controller) and §6.4 (temperature law).

Ground truth: 40-digit polynomial roots, the exact Taylor recursion of log F, the analytic branch of
the loss sampled on a circle, and the argument principle.
"""

from __future__ import annotations

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.ghosts import claims as C
from ...theorems.ghosts import formulas as F
from .ground_truth import (
    DECAYED,
    GROWN,
    INSIDE,
    OUTSIDE,
    PI,
    ROOT_RTOL,
    TAYLOR_N,
    WIND_GAP,
    _centred,
    _nearest,
    _wind,
)
from .numerics import log_taylor_coefficients, max_scaled_term
from .strategies import attained_instances, integer_instances

# -- Def 4.7 -----------------------------------------------------------------------------------------


@C.BATCH.check(given={"seed": st.integers(0, 2**32 - 1), "m": st.integers(2, 3)}, examples=6,
               precision="mpmath: 40-digit polyroots per sample, 30-digit Taylor recursion of the mean loss",
               tolerance="bound ≤ min ρ(x) to 1e-25; mean-loss terms ≤ 0.05 at 0.9ρ_B and ≥ 10 at 1.1ρ_B")
def batch_bound_and_averaged_loss_radius(subject, ev, seed, m):
    r"""Linear softmax model, integer direction: $\pi/\max_S \Delta_a \le \rho_B$, and the averaged loss over $B$ has
    radius $\rho_B$."""
    bound_fn, batch_rule = subject
    rng = np.random.default_rng(seed)
    n_cls, d_in, n_S = 3, 2, 5
    W = rng.normal(0, 1.5, (n_cls, d_in))
    V = rng.integers(-2, 3, (n_cls, d_in))
    X = rng.integers(-2, 3, (n_S, d_in))
    Z = X @ W.T
    A = X @ V.T  # integer slopes
    A[:, 0] += np.arange(n_S)  # vary the steepness across samples
    spreads_ok = [int(a.max() - a.min()) > 0 for a in A]
    ev.assume(all(spreads_ok))
    B = sorted(rng.choice(n_S, size=m, replace=False).tolist())
    radii = []
    for i in B:
        rho, _ = _nearest(ev, [mpmath.exp(mpmath.mpf(float(z))) for z in Z[i]], A[i].tolist())
        radii.append(float(rho))
    bound = bound_fn([A[i].tolist() for i in range(n_S)])
    ev.show("W (logit weights)", W)
    ev.show("V (direction)", V)
    ev.show("X (inputs of S)", X)
    ev.show("slopes A = X Vᵀ + shifts", A)
    ev.show("B", B)
    ev.show("ρ(x) for x in B (nearest zeros)", radii)
    ev.show("ρ_a(S)", bound)
    ctx = f"seed={seed}, B={B}"
    ev.le(bound, min(radii) * (1 + ROOT_RTOL), what="ρ_a(S) ≤ min_(x∈B) ρ(x)", context=ctx,
          labels=("ρ_a(S)", "min over B of ρ(x)"))
    rho_B = batch_rule(radii)
    ev.show("ρ_B (the rule)", rho_B)
    ev.assume(rho_B > 0)
    series = [log_taylor_coefficients(Z[i].tolist(), _centred(A[i].tolist()), TAYLOR_N, scale=rho_B) for i in B]
    with mpmath.workdps(30):
        mean = [mpmath.fsum(s[n] for s in series) / len(series) for n in range(TAYLOR_N + 1)]
    window = (TAYLOR_N // 2, TAYLOR_N + 1)
    inside, outside = max_scaled_term(mean, INSIDE, window), max_scaled_term(mean, OUTSIDE, window)
    ev.show("largest mean-loss term at 0.9ρ_B, 1.1ρ_B", [inside, outside])
    ev.le(inside, DECAYED, what="mean-loss terms at 0.9ρ_B", context=ctx,
          labels=("largest term at 0.9ρ_B", "decay threshold"))
    ev.le(GROWN, outside, what="mean-loss terms at 1.1ρ_B", context=ctx,
          labels=("growth threshold", "largest term at 1.1ρ_B"))


# -- Def 5.1 -----------------------------------------------------------------------------------------


@C.NORMALIZED_STEP.check(given={"inst": attained_instances(("balanced",)), "frac": st.floats(0.05, 3.0)}, examples=20,
                         precision="mpmath 40-digit polyroots",
                         tolerance="relative 1e-12: float64 formula vs 40-digit ρ*")
def r_is_step_over_true_radius_when_attained(subject, ev, inst, frac):
    r"""Where $\rho^* = \pi/\Delta_a$ (two-level balanced slopes) $r$ equals $\tau/\rho^*$, $\rho^*$ the nearest
    polynomial zero."""
    weights, slopes = inst
    ev.assume(len(set(slopes)) == 2 and F.bound_attained(weights, slopes))
    rho, _ = _nearest(ev, weights, slopes)
    tau = frac * float(rho)
    r = subject(tau, F.slope_spread(slopes))
    ev.show("ρ* (nearest zero of F)", float(rho))
    ev.show("τ", tau)
    ev.show("r", r)
    ev.close(r, tau / float(rho), rtol=1e-12, what="r", context=f"w={weights}, a={slopes}, τ={tau:.6g}",
             labels=("r", "τ/ρ*"))


@C.NORMALIZED_STEP.check(given={"inst": integer_instances(2, 6, 5), "frac": st.floats(0.01, 1.0)}, examples=20,
                         min_valid=5, precision="mpmath 40-digit polyroots", tolerance="relative 1e-25 (ROOT_RTOL)")
def r_below_one_stays_inside_radius(subject, ev, inst, frac):
    r"""Every step $\tau \in (0, 3\pi/\Delta_a)$ with $r < 1$ lies inside the true radius $\rho^*$ (nearest
    polynomial zero)."""
    logits, slopes = inst
    D = F.slope_spread(slopes)
    tau = frac * 3 * PI / D
    r = subject(tau, D)
    ev.show("τ", tau)
    ev.show("r", r)
    ev.assume(r < 1)
    rho, _ = _nearest(ev, [mpmath.exp(mpmath.mpf(z)) for z in logits], slopes)
    ev.show("ρ* (nearest zero of F)", float(rho))
    ev.le(tau, float(rho) * (1 + ROOT_RTOL), what="τ ≤ ρ* whenever r < 1", context=f"z={logits}, a={slopes}",
          labels=("τ", "ρ* (nearest zero of F)"))


# -- §5.1 Cauchy estimate ----------------------------------------------------------------------------


def _loss_on_circle(logits, slopes, y: int, radius: float, n: int = 4096) -> tuple[float, np.ndarray]:
    """max |ℓ(t)| on |t| = radius with the analytic branch of log F (arg unwrapped from t = radius)."""
    z = np.asarray(logits, float)
    a = np.asarray(slopes, float)
    th = np.linspace(0, 2 * PI, n, endpoint=False)
    t = radius * np.exp(1j * th)
    expo = z[None, :] + a[None, :] * t[:, None]
    c = expo.real.max(axis=1)
    S = np.exp(expo - c[:, None]).sum(axis=1)
    logF = c + np.log(np.abs(S)) + 1j * np.unwrap(np.angle(S))
    ell = -z[y] - a[y] * t + logF
    return float(np.max(np.abs(ell))), ell


@C.CAUCHY.check(given={"inst": integer_instances(2, 5, 4)}, examples=12,
                precision="30-digit Taylor recursion; M from 4096 samples of the analytic branch",
                tolerance="sampled M ≤ true M, so |c_n|ρ^n ≤ M_sampled is the stricter test; 1e-9 relative slack "
                          "for the float64 circle evaluation")
def coefficients_and_truncation_obey_cauchy(subject, ev, inst):
    r"""$|c_n| \le$ bound$(M, \rho_a, n)$ for $n \le 60$, and the truncation error at $\tau = \rho_a/2$ is
    $\le \sum_{k>n}$ bound $\cdot\,\tau^k$."""
    logits, slopes = inst
    rho_a = PI / F.slope_spread(slopes)
    rho, _ = _nearest(ev, [mpmath.exp(mpmath.mpf(z)) for z in logits], slopes)
    ev.assume(float(rho) > rho_a * (1 + 1e-6))  # at ρ* = ρ_a, M = ∞ and the estimate is vacuous
    ev.assume(_wind(ev, logits, slopes, rho_a) == 0)
    M, _ = _loss_on_circle(logits, slopes, 0, rho_a)
    ev.show("ρ_a", rho_a)
    ev.show("ρ* (nearest zero of F)", float(rho))
    ev.show("M (max |ℓ| on |t| = ρ_a)", M)
    N = 60
    coeffs = log_taylor_coefficients(logits, slopes, N)
    with mpmath.workdps(30):
        c = list(coeffs)
        c[0] = c[0] - mpmath.mpf(logits[0])
        c[1] = c[1] - mpmath.mpf(slopes[0])
        ctx = f"z={np.round(logits, 3).tolist()}, a={slopes}, M={M:.4g}"
        # one comparison per example (the worst n), so the margin is recorded once per label
        ratios = [float(abs(c[n])) / subject(M, rho_a, n) for n in range(N + 1)]
        worst = int(np.argmax(ratios))
        ev.show("worst n", worst)
        ev.le(float(abs(c[worst])), subject(M, rho_a, worst) * (1 + 1e-9), what="|c_n| ≤ M/ρ_a^n (worst n)",
              context=f"n={worst}, {ctx}", labels=("|c_n|", "bound(M, ρ_a, n)"))
        tau = mpmath.mpf(rho_a) / 2
        exact = -mpmath.mpf(logits[0]) - mpmath.mpf(slopes[0]) * tau + mpmath.log(
            mpmath.fsum(mpmath.exp(mpmath.mpf(z) + mpmath.mpf(a) * tau) for z, a in zip(logits, slopes)))
        for n in (5, 10, 20):
            err = abs(exact - mpmath.fsum(c[k] * tau**k for k in range(n + 1)))
            tail = sum(subject(M, rho_a, k) * float(tau) ** k for k in range(n + 1, N + 200))
            ev.le(float(err), tail * (1 + 1e-9), what=f"truncation error after order {n}", context=ctx,
                  labels=("truncation error at ρ_a/2", "Σ_(k>n) bound·τ^k"))


# -- Prop 5.2 ----------------------------------------------------------------------------------------


@C.CONTROLLER.check(given={"dim": st.integers(1, 20), "lr": st.floats(1e-3, 1e3), "rho": st.floats(1e-3, 1e2),
                           "seed": st.integers(0, 2**32 - 1)}, examples=50,
                    tolerance="relative 1e-12: a few float64 roundings")
def step_length_is_min_of_step_and_radius(subject, ev, dim, lr, rho, seed):
    r"""$\lVert\tilde p\rVert = \min(\lVert p\rVert, \rho_a)$, $\tilde p$ points along $p = -\eta g$, and
    $\lVert\tilde p\rVert/\rho_a \le 1$."""
    g = np.random.default_rng(seed).normal(size=dim) * 10 ** np.random.default_rng(seed + 1).uniform(-3, 3)
    p = -lr * g
    pt = subject(g, lr, rho)
    npn, npt = float(np.linalg.norm(p)), float(np.linalg.norm(pt))
    ev.show("g", g)
    ev.show("p = −ηg", p)
    ev.show("p̃", pt)
    ctx = f"‖p‖={npn:.4g}, ρ_a={rho:.4g}"
    ev.close(npt, min(npn, rho), rtol=1e-12, what="‖p̃‖", context=ctx, labels=("‖p̃‖", "min(‖p‖, ρ_a)"))
    ev.close(float(pt @ p) / (npt * npn), 1.0, atol=1e-12, what="cos(p̃, p)", context=ctx,
             labels=("cos(p̃, p)", "1 (same direction)"))
    ev.le(npt / rho, 1 + 1e-12, what="r(p̃) ≤ 1", context=ctx, labels=("‖p̃‖/ρ_a", "1"))


# -- §6.4 --------------------------------------------------------------------------------------------


@C.TEMPERATURE.check(given={"inst": attained_instances(), "temp": st.floats(0.05, 20.0)}, examples=20,
                     precision="float64 argument principle on F with logits z/T, slopes a/T",
                     tolerance=f"circles at (1 ∓ {WIND_GAP})·ρ_a(T)")
def tempered_zeros_sit_on_bound(subject, ev, inst, temp):
    r"""With logits $z/T$: no zero inside $(1 - 10^{-3})\rho_a(T)$; for balanced two-level slopes a zero inside
    $(1 + 10^{-3})\rho_a(T)$."""
    weights, slopes = inst
    logits = [float(mpmath.log(mpmath.mpf(w.numerator) / w.denominator)) for w in weights]
    b = subject(temp, F.slope_spread(slopes))
    zt = [z / temp for z in logits]
    at = [a / temp for a in slopes]
    ctx = f"w={weights}, a={slopes}, T={temp:.4g}"
    ev.show("ρ_a(T)", b)
    inner = _wind(ev, zt, at, (1 - WIND_GAP) * b)
    ev.show("zeros inside (1 − ε)ρ_a(T)", inner)
    ev.close(0, inner, what="zeros inside (1−ε)ρ_a(T)", context=ctx,
             labels=("zeros the claim puts inside", "winding number"))
    # tempering raises the weights to the power 1/T, which keeps the balance only for one class per level
    if len(slopes) == 2 and weights[0] == weights[1]:
        outer = _wind(ev, zt, at, (1 + WIND_GAP) * b)
        ev.show("zeros inside (1 + ε)ρ_a(T)", outer)
        ev.le(1, outer, what="zeros inside (1+ε)ρ_a(T)", context=ctx, labels=("1", "winding number"))
