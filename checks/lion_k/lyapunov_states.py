"""States of the continuous-time Lion-𝒦 system and dH/dt at them, by complex step and by central differences.

A state is (x, m) with the gradient g = ∇f(x) prescribed: for the battery the objective is
f(y) = gᵀ(y − x) + ½‖y − x‖² (any differentiable f has some gradient at x, and dH/dt depends on f only
through it); random states come with a convex quadratic f or a nonconvex random-feature cosine f.

The battery is a fixed grid in the coordinates the proof uses: z = ∇𝒦*(λx) (so that λx = ∇𝒦(z)),
a = m − z and b = m̃ − z, m̃ = m − ε(αg + γm), each on a logarithmic ladder from 0.1δ to 10⁶δ with both
signs and 0, and z ∈ {0, ±8δ} (8δ saturates tanh: 1 − tanh 8 ≈ 2e-7). It spans every scale of the
state relative to the kernel's width δ and every ordering of a and b.

dH/dt = D_x + D_m, D_x = ∂_h H(x + hẋ, m) and D_m = ∂_h H(x, m + hṁ) at h = 0, each compared with the
size of the terms it sums (``term_magnitude``).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ...theorems.lion_k.formulas import LogCosh, Quadratic, lion_k_flow

#: Complex step: Im H(s + i h v)/h has no subtractive cancellation; h only has to keep h·v far below the
#: state's own scale (|x| ≤ 1/λ ≤ 20, |m| ≤ 1e7 δ), and 1e-30 does.
COMPLEX_H = 1e-30
_LADDER = np.array([0.1, 0.3, 1.0, 4.0, 10.0, 30.0, 1e2, 1e3, 1e4, 1e5, 1e6])
LADDER = np.concatenate([-_LADDER[::-1], [0.0], _LADDER])
SATURATED = 8.0


def kernel_of(name: str, delta: float) -> Any:
    return LogCosh(delta) if name == "log_cosh" else Quadratic()


def _x_of_z(kernel: Any, z: np.ndarray, lam: float) -> np.ndarray:
    """x with ∇𝒦*(λx) = z, i.e. λx = ∇𝒦(z)."""
    return kernel.grad(z) / lam


def battery(kernel: Any, params: dict[str, float], *, ladder: np.ndarray = LADDER,
            zs: tuple[float, ...] = (0.0, SATURATED, -SATURATED)) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One-coordinate states (x, m, g), shape (N, 1), on the grid (z, a, b) in units of δ (1 for the
    quadratic kernel). For |ε| < 1e-6 (m̃ = m to within 1e-6 of w) the ladder gives w = αg + γm instead of b."""
    unit = getattr(kernel, "delta", 1.0)
    alpha, gamma, lam, eps = params["alpha"], params["gamma"], params["lam"], params["eps"]
    Z, A, B = np.meshgrid(np.asarray(zs) * unit, ladder * unit, ladder * unit, indexing="ij")
    Z, A, B = Z.ravel(), A.ravel(), B.ravel()
    m = Z + A
    w = (A - B) / eps if abs(eps) >= 1e-6 else B * (1.0 + abs(gamma) + lam)
    g = (w - gamma * m) / alpha
    x = _x_of_z(kernel, Z, lam)
    return x[:, None], m[:, None], g[:, None]


def random_states(kernel: Any, params: dict[str, float], rng: np.random.Generator, n: int, dim: int,
                  family: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, Any]:
    """``n`` random states in ``dim`` coordinates with a random objective f of ``family`` ("quadratic":
    ½(y − c)ᵀQ(y − c), Q SPD; "cosine": Σ_j a_j cos(w_jᵀy + φ_j), nonconvex). Returns (x, m, g, f) with
    g = ∇f(x) and f evaluating a batch of (complex) points."""
    unit = getattr(kernel, "delta", 1.0)
    lam = params["lam"]
    z = rng.normal(0.0, 2.0, size=(n, dim)) * unit
    x = _x_of_z(kernel, z, lam)
    m = rng.normal(size=(n, dim)) * unit * 10.0 ** rng.uniform(-2, 2, size=(n, 1))
    if family == "quadratic":
        R = rng.normal(size=(n, dim, dim))
        Q = R @ np.swapaxes(R, 1, 2) / dim + 0.1 * np.eye(dim)
        center = x + rng.normal(size=(n, dim)) * 10.0 ** rng.uniform(-2, 2, size=(n, 1))

        def f(y: np.ndarray) -> np.ndarray:
            d = y - center
            return 0.5 * np.einsum("ni,nij,nj->n", d, Q, d)

        g = np.einsum("nij,nj->ni", Q, x - center)
    else:
        J = 4
        W = rng.normal(size=(n, J, dim)) * 10.0 ** rng.uniform(-1, 1, size=(n, 1, 1))
        amp = rng.normal(size=(n, J)) * 10.0 ** rng.uniform(-1, 2, size=(n, 1))
        phase = rng.uniform(0, 2 * math.pi, size=(n, J))

        def f(y: np.ndarray) -> np.ndarray:
            return np.sum(amp * np.cos(np.einsum("njd,nd->nj", W, y) + phase), axis=-1)

        g = -np.einsum("nj,njd->nd", amp * np.sin(np.einsum("njd,nd->nj", W, x) + phase), W)
    return x, m, g, f


def tangent_objective(x: np.ndarray, g: np.ndarray) -> Any:
    """f(y) = gᵀ(y − x) + ½‖y − x‖²: ∇f(x) = g."""
    def f(y: np.ndarray) -> np.ndarray:
        d = y - x
        return np.sum(g * d, axis=-1) + 0.5 * np.sum(d * d, axis=-1)
    return f


def term_magnitude(kernel: Any, params: dict[str, float], x: np.ndarray, m: np.ndarray,
                   g: np.ndarray) -> np.ndarray:
    """An upper bound, per state, on the size of the products that dH/dt sums (each gradient term of H times
    each term of the flow): Σ_i (|αg_i| + |γm_i| + (|γ| + λ)|z_i| + λ|m_i|)·(|∇𝒦(m̃)_i| + λ|x_i| + |αg_i| + |γm_i|),
    z = ∇𝒦*(λx). The rounding of a complex-step or difference evaluation is a small multiple of
    2.2e-16 times it, whatever cancellation the sum has (at an equilibrium dH/dt is 0 while the terms are not)."""
    alpha, gamma, lam, eps = params["alpha"], params["gamma"], params["lam"], params["eps"]
    with np.errstate(over="ignore"):
        z = kernel.conjugate_grad(lam * x)
        w = alpha * g + gamma * m
        left = np.abs(alpha * g) + np.abs(gamma * m) + (abs(gamma) + lam) * np.abs(z) + lam * np.abs(m)
        right = np.abs(kernel.grad(m - eps * w)) + lam * np.abs(x) + np.abs(alpha * g) + np.abs(gamma * m)
        return np.sum(left * right, axis=-1)


def rate_complex_step(H: Any, kernel: Any, params: dict[str, float], x: np.ndarray, m: np.ndarray, g: np.ndarray,
                      f: Any, coefficient: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(dH/dt, term magnitude) per state: H differentiated along the flow by a complex step."""
    xd, md = lion_k_flow(x, m, g, alpha=params["alpha"], gamma=params["gamma"], lam=params["lam"],
                         eps=params["eps"], kernel=kernel)
    kw = dict(alpha=params["alpha"], gamma=params["gamma"], lam=params["lam"], eps=params["eps"], kernel=kernel)
    if coefficient is not None:
        kw["coefficient"] = coefficient
    xc = x + 1j * COMPLEX_H * xd
    mc = m + 1j * COMPLEX_H * md
    with np.errstate(all="ignore"):
        d_x = np.imag(H(f(xc), xc, m.astype(complex), **kw)) / COMPLEX_H
        d_m = np.imag(H(f(x.astype(complex)), x.astype(complex), mc, **kw)) / COMPLEX_H
    return d_x + d_m, term_magnitude(kernel, params, x, m, g)


def rate_central_differences(H: Any, kernel: Any, params: dict[str, float], x: np.ndarray, m: np.ndarray,
                             g: np.ndarray, f: Any, step: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(dH/dt, scale, error bound) per state by Richardson-extrapolated central differences of H along the
    flow, with steps ``step`` (per state, in units of the flow's time). The error bound is 10× the gap
    between the extrapolated value and the finer difference (the truncation left), plus the roundoff
    4·2.2e-16·|H|/h of the finer difference."""
    xd, md = lion_k_flow(x, m, g, alpha=params["alpha"], gamma=params["gamma"], lam=params["lam"],
                         eps=params["eps"], kernel=kernel)
    kw = dict(alpha=params["alpha"], gamma=params["gamma"], lam=params["lam"], eps=params["eps"], kernel=kernel)
    if isinstance(kernel, LogCosh):  # keep λ(x ± h ẋ) inside the domain of 𝒦*, a quarter of the way to its edge
        room = (1 - np.abs(params["lam"] * x)) / (4 * params["lam"] * np.abs(xd) + 1e-300)
        step = np.minimum(step, np.min(room, axis=-1))
    h = step[:, None]

    def along(vx: np.ndarray, vm: np.ndarray, hh: np.ndarray) -> np.ndarray:
        plus = H(f(x + hh * vx), x + hh * vx, m + hh * vm, **kw)
        minus = H(f(x - hh * vx), x - hh * vx, m - hh * vm, **kw)
        return (plus - minus) / (2 * hh[:, 0])

    zero = np.zeros_like(x)
    parts = []
    with np.errstate(invalid="ignore", over="ignore"):  # a mutant's H may be undefined there: NaN fails the check
        for vx, vm in ((xd, zero), (zero, md)):
            coarse, fine = along(vx, vm, h), along(vx, vm, h / 2)
            extrapolated = (4 * fine - coarse) / 3
            parts.append((extrapolated, 10 * np.abs(extrapolated - fine)))
        value = parts[0][0] + parts[1][0]
        scale = np.abs(parts[0][0]) + np.abs(parts[1][0])
        roundoff = 4 * 2.2e-16 * np.abs(H(f(x), x, m, **kw)) / (step / 2)
    return value, scale, parts[0][1] + parts[1][1] + roundoff
