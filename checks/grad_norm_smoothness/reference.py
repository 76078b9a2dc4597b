"""A second implementation of Algorithm 1 in mpmath, for ground truth at high precision.

Written from the specification of the update (not from the port): γ, λ = ‖g‖_*/(γ + eps), the step solves
(H + λB)Δ = −g by a Cholesky factorisation written here (every pivot must be positive), the test
f(x) − f(x + Δ) ≥ ‖∇f(x + Δ)‖_*²/(8λ), γ doubled on acceptance (at least γ_min), halved on rejection, at most 41
trials. With 40–60 digits the floating-point floor of float64 is gone: ratios of f − f* far below 10⁻¹⁶ are
resolved, and a counterexample found in float64 is re-verified. The objectives (logistic regression, quadratics)
are written again here in mpmath.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

import mpmath

Matrix = Any  # mpmath.matrix


def vec(values: Sequence[Any]) -> Matrix:
    return mpmath.matrix([mpmath.mpf(v) for v in values])


def dot(u: Matrix, v: Matrix) -> Any:
    return mpmath.fsum(u[i] * v[i] for i in range(u.rows))


@dataclasses.dataclass
class MpLogistic:
    """(1/n) Σ log(1 + exp(−y_i a_iᵀw)) + (μ/2)‖w‖² in mpmath; ``a`` rows and ``y`` labels as plain numbers (each
    float converted exactly)."""

    a: list[list[Any]]
    y: list[Any]
    mu: Any = 0

    def __post_init__(self) -> None:
        self.rows = [[mpmath.mpf(v) for v in row] for row in self.a]
        self.labels = [mpmath.mpf(v) for v in self.y]
        self.m = mpmath.mpf(self.mu)
        self.n, self.d = len(self.rows), len(self.rows[0])

    def _z(self, w: Matrix) -> list[Any]:
        return [lab * mpmath.fsum(r[j] * w[j] for j in range(self.d)) for r, lab in zip(self.rows, self.labels)]

    def func(self, w: Matrix) -> Any:
        loss = mpmath.fsum(mpmath.log1p(mpmath.exp(-z)) for z in self._z(w)) / self.n
        return loss + self.m / 2 * dot(w, w)

    def grad(self, w: Matrix) -> Matrix:
        z = self._z(w)
        out = mpmath.matrix(self.d, 1)
        for j in range(self.d):
            out[j] = -mpmath.fsum(lab * r[j] / (1 + mpmath.exp(zi)) for r, lab, zi in zip(self.rows, self.labels, z))
            out[j] = out[j] / self.n + self.m * w[j]
        return out

    def _curvature(self, rows: list[list[Any]], z: list[Any]) -> Matrix:
        s = [1 / ((1 + mpmath.exp(zi)) * (1 + mpmath.exp(-zi))) for zi in z]
        out = mpmath.matrix(self.d, self.d)
        for i in range(self.d):
            for j in range(self.d):
                out[i, j] = mpmath.fsum(si * r[i] * r[j] for si, r in zip(s, rows)) / len(rows)
            out[i, i] += self.m
        return out

    def hess(self, w: Matrix) -> Matrix:
        return self._curvature(self.rows, self._z(w))

    def constant_bound(self) -> Callable[[Matrix], Matrix]:
        """AᵀA/(4n) + μI."""
        fixed = mpmath.matrix(self.d, self.d)
        for i in range(self.d):
            for j in range(self.d):
                fixed[i, j] = mpmath.fsum(r[i] * r[j] for r in self.rows) / (4 * self.n)
            fixed[i, i] += self.m
        return lambda w: fixed


@dataclasses.dataclass
class MpQuadratic:
    """½xᵀAx − bᵀx in mpmath."""

    a: list[list[Any]]
    b: list[Any]

    def __post_init__(self) -> None:
        self.mat = mpmath.matrix([[mpmath.mpf(v) for v in row] for row in self.a])
        self.vec = vec(self.b)

    def func(self, x: Matrix) -> Any:
        return dot(x, self.mat * x) / 2 - dot(self.vec, x)

    def grad(self, x: Matrix) -> Matrix:
        return self.mat * x - self.vec

    def hess(self, x: Matrix) -> Matrix:
        return self.mat


@dataclasses.dataclass
class MpTrace:
    f: list[Any]
    gamma: list[Any]
    trials: list[int]
    accepted: list[bool]
    failed: list[bool]
    steps: list[Matrix]
    points: list[Matrix]


def cholesky_solve(m: Matrix, rhs: Matrix) -> Matrix | None:
    """The solution of m x = rhs by a Cholesky factorisation written here (every pivot must be > 0: no absolute
    threshold, so tiny but positive definite matrices pass); None when m is not positive definite."""
    n = m.rows
    low = mpmath.matrix(n, n)
    for j in range(n):
        pivot = m[j, j] - mpmath.fsum(low[j, k] ** 2 for k in range(j))
        if not pivot > 0:
            return None
        low[j, j] = mpmath.sqrt(pivot)
        for i in range(j + 1, n):
            low[i, j] = (m[i, j] - mpmath.fsum(low[i, k] * low[j, k] for k in range(j))) / low[j, j]
    y = mpmath.matrix(n, 1)
    for i in range(n):
        y[i] = (rhs[i] - mpmath.fsum(low[i, k] * y[k] for k in range(i))) / low[i, i]
    x = mpmath.matrix(n, 1)
    for i in reversed(range(n)):
        x[i] = (y[i] - mpmath.fsum(low[k, i] * x[k] for k in range(i + 1, n))) / low[i, i]
    return x


def run(problem: Any, x0: Sequence[Any], *, iterations: int, gamma0: Any = 1, eps: str = "1e-8",
        gamma_min: str = "1e-9", approx: Callable[[Matrix], Matrix] | None = None, f_floor: Any = None) -> MpTrace:
    """Algorithm 1 with B = I at the working precision; stops after ``iterations`` or when f − f_floor ≤ 0
    would need more digits than the precision has (``f_floor`` given: stop when f − f_floor < 10^(−dps+5))."""
    eps, gamma_min = mpmath.mpf(eps), mpmath.mpf(gamma_min)  # decimal strings: exact at the working precision
    x = vec(x0)
    f, g = problem.func(x), problem.grad(x)
    gamma = mpmath.mpf(gamma0)
    out = MpTrace([f], [gamma], [], [], [], [], [x])
    tiny = mpmath.mpf(10) ** (-mpmath.mp.dps + 5)
    for _ in range(iterations):
        if (f_floor is not None and f - f_floor < tiny) or all(gi == 0 for gi in g):
            break
        h = approx(x) if approx is not None else problem.hess(x)
        gnorm = mpmath.sqrt(dot(g, g))
        trials, accepted, failed, step = 0, False, False, None
        for _ in range(41):
            lam = gnorm / (gamma + eps)
            step_or_none = cholesky_solve(h + lam * mpmath.eye(x.rows), -g)
            if step_or_none is None:
                failed = True
                break
            trials += 1
            step = step_or_none
            f_new, g_new = problem.func(x + step), problem.grad(x + step)
            if f - f_new >= dot(g_new, g_new) / (8 * lam):
                gamma = max(2 * gamma, gamma_min)
                accepted = True
                break
            gamma = gamma / 2
        out.trials.append(trials)
        out.accepted.append(accepted)
        out.failed.append(failed)
        if step is None:
            break
        x = x + step
        f, g = f_new, g_new
        out.steps.append(step)
        out.points.append(x)
        out.f.append(f)
        out.gamma.append(gamma)
    return out


@dataclasses.dataclass
class MpLogSumExp:
    """μ log Σ_i exp((a_iᵀx − b_i)/μ) in mpmath (rows ``a``, offsets ``b``), with its gradient Aᵀπ and Hessian
    (1/μ)(Aᵀ diag(π) A − (Aᵀπ)(Aᵀπ)ᵀ)."""

    a: list[list[Any]]
    b: list[Any]
    mu: Any = 1

    def __post_init__(self) -> None:
        self.rows = [[mpmath.mpf(v) for v in row] for row in self.a]
        self.offsets = [mpmath.mpf(v) for v in self.b]
        self.m = mpmath.mpf(self.mu)
        self.d = len(self.rows[0])

    def _scores(self, x: Matrix) -> list[Any]:
        return [(mpmath.fsum(r[j] * x[j] for j in range(self.d)) - off) / self.m
                for r, off in zip(self.rows, self.offsets)]

    def _pi(self, x: Matrix) -> list[Any]:
        s = self._scores(x)
        top = max(s)
        e = [mpmath.exp(v - top) for v in s]
        total = mpmath.fsum(e)
        return [v / total for v in e]

    def func(self, x: Matrix) -> Any:
        s = self._scores(x)
        top = max(s)
        return self.m * (top + mpmath.log(mpmath.fsum(mpmath.exp(v - top) for v in s)))

    def grad(self, x: Matrix) -> Matrix:
        pi = self._pi(x)
        return mpmath.matrix([mpmath.fsum(p * r[j] for p, r in zip(pi, self.rows)) for j in range(self.d)])

    def hess(self, x: Matrix) -> Matrix:
        pi = self._pi(x)
        g = [mpmath.fsum(p * r[j] for p, r in zip(pi, self.rows)) for j in range(self.d)]
        out = mpmath.matrix(self.d, self.d)
        for i in range(self.d):
            for j in range(self.d):
                out[i, j] = (mpmath.fsum(p * r[i] * r[j] for p, r in zip(pi, self.rows)) - g[i] * g[j]) / self.m
        return out


class MpRosenbrock:
    """(1 − x)² + 100(y − x²)² in mpmath."""

    @staticmethod
    def func(p: Matrix) -> Any:
        return (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2

    @staticmethod
    def grad(p: Matrix) -> Matrix:
        return mpmath.matrix([2 * (p[0] - 1) - 400 * p[0] * (p[1] - p[0] ** 2), 200 * (p[1] - p[0] ** 2)])

    @staticmethod
    def hess(p: Matrix) -> Matrix:
        return mpmath.matrix([[2 - 400 * (p[1] - 3 * p[0] ** 2), -400 * p[0]], [-400 * p[0], 200]])
