"""Checks of the release ports (N7 and the Norm variant's safeguard): the initial scale against the
eigenvalues, the limit against (A + 0.01I)⁻¹ by LU and by the eigendecomposition, the pseudo-inverse
reading re-verified at 40 digits, and the error after the default 20 iterations at spreads 1, 0.3 and
0.1."""

from __future__ import annotations

import functools
import math

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.newton_schulz import claims_release as R
from ...theorems.newton_schulz import formulas as F
from ...theorems.newton_schulz.library import gaussian_kernel
from .strategies import landmarks, seeds

SHIFT = 0.01
#: 1.8 · 1.01², the bound of the claim; eigvalsh's λ_max is within m ε ‖A‖ ≤ 64 · 2.2e-16 · 64 ≈ 1e-12 of the
#: truth, so the float64 comparison gets a relative allowance of ALPHA_RTOL.
ALPHA_BOUND, ALPHA_RTOL = 1.8 * 1.01**2, 1e-11
TWO_LANDMARKS = {"seed": 0, "m": 2, "d": 3, "log_spread": 0.0}


def _kernel(seed: int, m: int, d: int, log_spread: float) -> np.ndarray:
    return gaussian_kernel(landmarks(seed, m, d, 10.0**log_spread))


@R.RELEASE_LIMIT.check(given={"seed": seeds, "m": st.integers(2, 64), "d": st.integers(1, 64),
                              "log_spread": st.floats(-2, 1)}, examples=12, regressions=[TWO_LANDMARKS],
                       precision="float64 eigenvalues (eigvalsh)",
                       tolerance=f"relative {ALPHA_RTOL:g} (ALPHA_RTOL) on the bound 1.8·1.01²")
def alpha_keeps_the_condition(subject, ev, seed, m, d, log_spread):
    r"""The port's $V_0 = \alpha P$ (zero iterations) gives $\alpha$; with $\sigma_{\max}(P) = \lambda_{\max}(A) + 0.01$
    from eigvalsh, $\alpha\sigma_{\max}(P)^2 \le 1.8\cdot 1.01^2$ on kernel matrices of $m \le 64$ landmarks in
    $d \le 64$ at spreads $10^{-2}$ to $10$."""
    a = _kernel(seed, m, d, log_spread)
    v0 = subject(a, 0)
    alpha = float(v0[0, 0] / (a[0, 0] + SHIFT))
    sigma = float(np.linalg.eigvalsh(a)[-1]) + SHIFT
    ev.show("A (kernel matrix)", a)
    ev.show("α, σ_max(P)", [alpha, sigma])
    ev.le(alpha * sigma**2, ALPHA_BOUND * (1 + ALPHA_RTOL), what="α σ_max(P)²", context=f"m={m}, d={d}",
          labels=("α σ_max(P)²", "1.8 · 1.01²"))


#: 60 iterations: the slowest component has αλ_min(P)² ≥ 1.8 · 0.01²/m² ≥ 1.25e-6 (m ≤ 12), and
#: (1 − 1.25e-6)^(2^60) underflows. The float64 fixed point is within κ(P) ε ≤ 1201 · 2.2e-16 ≈ 3e-13 of P⁻¹.
LIMIT_STEPS, LIMIT_RTOL = 60, 1e-9


@R.RELEASE_LIMIT.check(given={"seed": seeds, "m": st.integers(2, 12), "d": st.integers(1, 16),
                              "log_spread": st.floats(-1.5, 0.5)}, examples=8,
                       precision="float64; P⁻¹ by LU (numpy.linalg.inv) and by eigh, cross-checked",
                       tolerance=f"relative {LIMIT_RTOL:g} (Frobenius) after {LIMIT_STEPS} iterations (LIMIT_RTOL)")
def iterates_reach_the_shifted_inverse(subject, ev, seed, m, d, log_spread):
    r"""After 60 iterations the port's output equals $(A + 0.01I)^{-1}$, computed by LU and by the
    eigendecomposition."""
    a = _kernel(seed, m, d, log_spread)
    p = a + SHIFT * np.eye(m)
    lu = np.linalg.inv(p)
    w, u = np.linalg.eigh(p)
    eig = (u / w) @ u.T
    ev.that(bool(np.linalg.norm(lu - eig) <= 1e-10 * np.linalg.norm(lu)), "the two ground truths disagree",
            claimed=float(np.linalg.norm(lu - eig)), observed=0.0, labels=("‖LU − eigh‖", "0"))
    with np.errstate(over="ignore", invalid="ignore"):  # a wrong iteration may overflow: judged by ev.finite
        v = subject(a, LIMIT_STEPS)
    ev.show("A (kernel matrix)", a)
    ev.show("V_60", v)
    ev.finite(v, "V_60")
    ev.le(float(np.linalg.norm(v - lu) / np.linalg.norm(lu)), LIMIT_RTOL, what="‖V_60 − P⁻¹‖_F/‖P⁻¹‖_F",
          context=f"m={m}, d={d}, spread=1e{log_spread:.2f}",
          labels=("relative distance to (A + 0.01I)⁻¹", "LIMIT_RTOL"))


def _confirm_pinv(subject, seed, m, d, log_spread) -> tuple[bool, str]:
    """At 40 digits: run the port's iteration (60 steps) and compare with A⁺ = A⁻¹ (A is positive definite for
    distinct landmarks)."""
    pts = landmarks(seed, m, d, 10.0**log_spread)
    with mpmath.workdps(40):
        a = np.empty((m, m), dtype=object)
        for i in range(m):
            for j in range(m):
                a[i, j] = mpmath.exp(-sum((mpmath.mpf(x) - mpmath.mpf(y)) ** 2 for x, y in zip(pts[i], pts[j])) / 2)
        row = max(sum(r) for r in a)
        p = a + np.diag([mpmath.mpf(1) / 100] * m)
        v = (mpmath.mpf(18) / 10 / row**2) * p
        for _ in range(LIMIT_STEPS):
            v = 2 * v - v @ p @ v
        inv = mpmath.matrix(a.tolist()) ** -1
        gap = mpmath.sqrt(sum((v[i, j] - inv[i, j]) ** 2 for i in range(m) for j in range(m)))
        size = mpmath.sqrt(sum(inv[i, j] ** 2 for i in range(m) for j in range(m)))
        rel = gap / size
    return bool(rel > 1e-3), (f"at 40 digits the release's 60th iterate is {mpmath.nstr(rel, 6)} (relative, Frobenius) "
                              f"from A⁺ = A⁻¹ of these {m} landmarks")


@R.RELEASE_PINV.check(given={"seed": seeds, "m": st.integers(2, 12), "d": st.integers(1, 16),
                             "log_spread": st.floats(-1.5, 0.5)}, examples=10, regressions=[TWO_LANDMARKS],
                      precision="float64; A⁺ by numpy.linalg.pinv (rcond 1e-10: the kernel's eigenvalues resolved "
                                "above mε‖A‖ ≈ 1e-14 are kept); re-verified at 40 digits",
                      tolerance="relative 1e-6 (Frobenius) after 60 iterations", confirm=_confirm_pinv)
def limit_is_the_pseudo_inverse(subject, ev, seed, m, d, log_spread):
    r"""After 60 iterations (converged: newton_schulz.release_limit) the port's output equals $A^+$ to $10^{-6}$."""
    a = _kernel(seed, m, d, log_spread)
    pinv = np.linalg.pinv(a, rcond=1e-10, hermitian=True)
    with np.errstate(over="ignore", invalid="ignore"):  # a wrong iteration may overflow: judged by ev.finite
        v = subject(a, LIMIT_STEPS)
    ev.show("A (kernel matrix)", a)
    ev.show("V_60", v)
    ev.show("A⁺", pinv)
    ev.finite(v, "V_60")
    ev.le(float(np.linalg.norm(v - pinv) / np.linalg.norm(pinv)), 1e-6, what="‖V_60 − A⁺‖_F/‖A⁺‖_F",
          context=f"m={m}, d={d}", labels=("relative distance to A⁺", "1e-6"))


SPREADS = (1.0, 0.3, 0.1)


def _spectral_error(v: np.ndarray, target: np.ndarray) -> float:
    """‖V − T‖₂/‖T‖₂, +inf for a non-finite V (the SVD is not asked to take NaN)."""
    if not np.all(np.isfinite(v)):
        return math.inf
    return float(np.linalg.norm(v - target, 2) / np.linalg.norm(target, 2))


@functools.cache
def _spread_case(spread: float, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """(A, (A + 0.01I)⁻¹, A⁻¹, λ_min(P)) for 49 landmarks N(0, spread² I₃₂); independent of the subject, cached.
    LU and eigh must agree on (A + 0.01I)⁻¹ to 1e-10 (κ(P) ≤ 4901: both are within 1e-12)."""
    a = gaussian_kernel(landmarks(seed, 49, 32, spread))
    p = a + SHIFT * np.eye(49)
    w, u = np.linalg.eigh(p)
    target = np.linalg.inv(p)
    if not np.linalg.norm(target - (u / w) @ u.T, 2) <= 1e-10 * np.linalg.norm(target, 2):
        raise AssertionError("LU and eigh disagree on (A + 0.01I)⁻¹")
    return a, target, np.linalg.inv(a), float(w[0])


@R.RELEASE_TWENTY.check(given=None, precision="float64; (A + 0.01I)⁻¹ by LU and by eigh, cross-checked to 1e-10",
                        tolerance="thresholds of the statement (1e-10, 0.1, 0.009)")
def release_error_by_spread(subject, ev):
    r"""$m = 49$, $d = 32$, landmarks $\mathcal N(0, s^2 I)$ from seeds 0–2 (0–19 thorough): the relative spectral
    error of the port's default output against $(A + 0.01I)^{-1}$ and $A^{-1}$."""
    count = 20 if ev.profile == "thorough" else 3
    rows, inv_min, slow = [], math.inf, math.inf
    worst = {s: 0.0 for s in SPREADS}
    best01 = math.inf
    for s in SPREADS:
        for seed in range(count):
            a, target, inverse, low = _spread_case(s, seed)
            with np.errstate(over="ignore", invalid="ignore"):  # an overflowing iterate is judged by its error
                v = subject(a)
                err_p, err_inv = _spectral_error(v, target), _spectral_error(v, inverse)
            alpha = F.release_alpha(a)
            rows.append({"spread": s, "seed": seed, "vs (A+0.01I)^-1": err_p, "vs A^-1": err_inv,
                         "alpha*lambda_min(P)^2": alpha * low**2})
            worst[s] = max(worst[s], err_p)
            inv_min = min(inv_min, err_inv)
            if s == 0.1:
                best01, slow = min(best01, err_p), min(slow, alpha * low**2)
            ev.show(f"spread {s}, seed {seed}: errors vs (A + 0.01I)⁻¹, A⁻¹", [err_p, err_inv])
    ev.table("errors", rows)
    ev.metric("shifted_s1", worst[1.0])
    ev.metric("shifted_s03", worst[0.3])
    ev.metric("shifted_s01_min", best01)
    ev.metric("slowest_component_s01", slow)
    ev.metric("inverse_min", inv_min)
    if ev.wants_figures:
        ev.figure("error_by_iteration", _error_figure(subject), "Relative spectral error of the release's iterates "
                  "against (A + 0.01I)⁻¹ for 49 landmarks in d = 32 (seed 0); the release stops at 20 (dashed).")
    ev.le(worst[1.0], 1e-10, what="error at s = 1", labels=("error vs (A + 0.01I)⁻¹", "1e-10"))
    ev.le(worst[0.3], 1e-10, what="error at s = 0.3", labels=("error vs (A + 0.01I)⁻¹", "1e-10"))
    ev.le(0.1, best01, what="error at s = 0.1", labels=("0.1", "smallest error vs (A + 0.01I)⁻¹"))
    ev.le(0.009, inv_min, what="error against A⁻¹", labels=("0.9%", "smallest error vs A⁻¹"))


def _error_figure(subject):
    from claimkit.figures import pyplot

    plt = pyplot()
    fig, ax = plt.subplots(figsize=(5.6, 3.4))
    steps = list(range(0, 61, 3))
    for s in SPREADS:
        a, target, _, _ = _spread_case(s, 0)
        errs = [max(_spectral_error(subject(a, k), target), 1e-17) for k in steps]
        ax.semilogy(steps, errs, marker=".", label=f"spread {s}")
    ax.axvline(20, color="k", ls="--", lw=1)
    ax.set_xlabel("iterations")
    ax.set_ylabel("relative error")
    ax.legend(fontsize=7)
    return fig


# -- The Norm variant's safeguard -------------------------------------------------------------------------


@R.NORM_SAFEGUARD.check(given={"seed": seeds, "d": st.integers(1, 8), "distance": st.floats(0.0, 3.0)}, examples=6,
                        precision="float64 for the port; the column sum at 40 digits",
                        tolerance="α equal to 2/‖A‖∞² to 1e-12 relative; column sum 1 to 1e-30 at 40 digits")
def two_landmark_safeguard_never_fires(subject, ev, seed, d, distance):
    r"""Two landmarks at a drawn distance: the port keeps $\alpha = 2/\lVert A\rVert_\infty^2$, and at 40 digits the
    largest column sum of $|I - \alpha A^2|$ is 1."""
    rng = np.random.default_rng(seed)
    u = rng.normal(size=d)
    pts = np.stack([np.zeros(d), distance * u / np.linalg.norm(u)])
    a = gaussian_kernel(pts)
    alpha = subject(a)
    paper = 2 / float(np.max(a.sum(axis=1))) ** 2
    with mpmath.workdps(40):
        s = mpmath.exp(-sum((mpmath.mpf(x) - mpmath.mpf(y)) ** 2 for x, y in zip(pts[0], pts[1])) / 2)
        al = 2 / (1 + s) ** 2
        col = abs(1 - al * (1 + s * s)) + abs(2 * al * s)
    ev.show("A", a)
    ev.show("α (port), 2/‖A‖∞²", [alpha, paper])
    ev.show("largest column sum of |I − αA²| (40 digits)", float(col))
    ev.that(bool(abs(col - 1) < mpmath.mpf(10) ** -30), "the column sum is not 1", claimed=float(col), observed=1.0,
            labels=("column sum", "1"))
    ev.close(alpha, paper, rtol=1e-12, what="α after the safeguard", labels=("α (Norm variant)", "2/‖A‖∞²"))
    ev.close(alpha * float(np.linalg.eigvalsh(a)[-1]) ** 2, 2.0, rtol=1e-12, what="α λ_max²",
             labels=("α λ_max² (Norm variant)", "2, the endpoint"))
