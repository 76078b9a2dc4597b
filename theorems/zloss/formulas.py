"""The Z-loss and the other formulas under test, as the paper defines them, and their mutants.

A. de Brébisson, P. Vincent, arXiv 1604.08859. The paper body was not read: the definition below is the one
the specification reconstructs (consistent with secondary summaries), and each claim says so. With
pre-activations o ∈ R^D and target c:

    μ = (1/D) Σ_k o_k,   σ² = (1/D) Σ_k o_k² − μ²   (population variance),   z_c = (o_c − μ)/σ,
    L_Z(o, c) = (1/a) log(1 + exp(a(b − z_c))),   a > 0 (sharpness), b (location).

The definitions are written once and evaluated with the elementary functions of an :class:`Ops` (numpy for
float64 and complex-step differentiation, mpmath at high precision, exact rationals for the standardized score
with its square root kept as a :class:`Surd`), so that the subject of a claim is the same object at every
precision. Mutants are subclasses overriding one piece.

Also here: the log-softmax (cross-entropy), the closed-form gradient ∂L_Z/∂o, the spherical computation of
L_Z and ∂L_Z/∂h from (Q = WᵀW, w̄ = Wᵀ1, W_c) (Vincent, de Brébisson, Bouthillier, NeurIPS 2015; the
abstract's "complexity independent of the number of output classes") and the direct one from o = Wh, both
counting their multiply-adds, the closed forms of the suite's derived statements (the least value of L_Z and
the gradient norm) as :class:`claimkit.Formula` objects, and the records of the empirical claims.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, NamedTuple

import mpmath
import numpy as np
import sympy as sp
from scipy.special import expit

from claimkit import Formula, integers, interval

# -- elementary functions ------------------------------------------------------------------------------


class Ops(NamedTuple):
    """The square root, logarithm and exponential a definition is evaluated with."""

    name: str
    sqrt: Any
    log: Any
    exp: Any


class Surd:
    """An exact real of the form sign·√square with a rational square (a Fraction): what x/√v is for rationals x and
    v ≥ 0. Division of a Fraction by a Surd gives a Surd; two Surds (or a Surd and a Fraction) compare exactly."""

    __slots__ = ("square", "sign")

    def __init__(self, square: Fraction, sign: int = 1) -> None:
        if square < 0:
            raise ValueError(f"Surd: the square {square} is negative")
        self.square = Fraction(square)
        self.sign = 0 if square == 0 else (1 if sign > 0 else -1)

    @classmethod
    def root(cls, value: Any) -> Surd:
        """√value for a rational value ≥ 0."""
        return cls(Fraction(value), 1)

    def __rtruediv__(self, x: Any) -> Surd:
        if self.square == 0:
            raise ZeroDivisionError("division by √0")
        x = Fraction(x)
        return Surd(x * x / self.square, (x > 0) - (x < 0))

    def __eq__(self, other: object) -> bool:
        return exact_parts(self) == exact_parts(other)

    def __hash__(self) -> int:
        return hash(exact_parts(self))

    def __repr__(self) -> str:
        return f"{'-' if self.sign < 0 else ''}√({self.square})"


def exact_parts(value: Any) -> tuple[int, Fraction]:
    """(sign, square) of a Surd or a rational: equal for equal reals."""
    if isinstance(value, Surd):
        return value.sign, value.square
    x = Fraction(value)
    return (x > 0) - (x < 0), x * x


#: float64 (or complex, for complex-step differentiation) numpy arrays; the last axis is the class axis.
NUMPY = Ops("numpy", np.sqrt, np.log, np.exp)
#: lists of mpmath numbers, at the working precision of the caller.
MPMATH = Ops("mpmath", mpmath.sqrt, mpmath.log, mpmath.exp)
#: lists of Fractions, for the standardized score only: the square root is a :class:`Surd` (no log or exp).
EXACT = Ops("exact", Surd.root, None, None)


def _size(values: Any) -> int:
    return values.shape[-1] if isinstance(values, np.ndarray) else len(values)


def _mean(values: Any) -> Any:
    if isinstance(values, np.ndarray):
        return values.mean(axis=-1)
    total = values[0]
    for v in values[1:]:
        total = total + v
    return total / len(values)


def _entry(values: Any, c: int) -> Any:
    return values[..., c] if isinstance(values, np.ndarray) else values[c]


def constant(like: Any, p: int, q: int) -> Any:
    """The number p/q in the arithmetic of ``like`` (float, mpmath, sympy or Fraction)."""
    if isinstance(like, (mpmath.mpf, mpmath.mpc)):
        return mpmath.mpf(p) / q
    if isinstance(like, sp.Basic):
        return sp.Rational(p, q)
    if isinstance(like, Fraction):
        return Fraction(p, q)
    return p / q


def _squares(values: Any) -> Any:
    return values * values if isinstance(values, np.ndarray) else [v * v for v in values]


# -- the Z-loss ------------------------------------------------------------------------------------------


class ZLossDefinition:
    """The Z-loss as defined (reconstructed): $L_Z = \\frac{1}{a}\\log(1 + e^{a(b - z_c)})$ with
    $z_c = (o_c - \\mu)/\\sigma$ and the population variance $\\sigma^2 = \\frac{1}{D}\\sum_k o_k^2 - \\mu^2$.

    ``o`` is a list (mpmath, sympy) or an array whose last axis holds the D classes (numpy, complex allowed).
    """

    description = "the definition"

    def variance(self, o: Any, mu: Any) -> Any:
        return _mean(_squares(o)) - mu * mu

    def score(self, o: Any, c: int, ops: Ops) -> Any:
        mu = _mean(o)
        return (_entry(o, c) - mu) / ops.sqrt(self.variance(o, mu))

    def outer(self, t: Any, a: Any, b: Any, ops: Ops) -> Any:
        return ops.log(1 + ops.exp(a * (b - t))) / a

    def __call__(self, o: Any, c: int, a: Any, b: Any, ops: Ops = NUMPY) -> Any:
        return self.outer(self.score(o, c, ops), a, b, ops)


class UnbiasedStd(ZLossDefinition):
    """σ with the divisor D − 1 (numpy's ``std(ddof=1)``, torch's default ``std``)."""

    description = "unbiased standard deviation"

    def variance(self, o: Any, mu: Any) -> Any:
        n = _size(o)
        return super().variance(o, mu) * n / (n - 1)


class VarianceWithoutMean(ZLossDefinition):
    """σ² = (1/D) Σ o_k²: the μ² forgotten (the root mean square)."""

    description = "variance without the mean"

    def variance(self, o: Any, mu: Any) -> Any:
        return _mean(_squares(o))


class EpsilonInVariance(ZLossDefinition):
    """σ² + 10⁻⁵ under the square root, as a LayerNorm would add."""

    description = "epsilon in the variance"

    def variance(self, o: Any, mu: Any) -> Any:
        return super().variance(o, mu) + constant(mu, 1, 100_000)


class NotDividedBySigma(ZLossDefinition):
    """z_c = o_c − μ: centred, not standardized."""

    description = "not divided by sigma"

    def score(self, o: Any, c: int, ops: Ops) -> Any:
        return _entry(o, c) - _mean(o)


class NotCentred(ZLossDefinition):
    """z_c = o_c/σ: standardized without subtracting the mean."""

    description = "not centred"

    def score(self, o: Any, c: int, ops: Ops) -> Any:
        mu = _mean(o)
        return _entry(o, c) / ops.sqrt(self.variance(o, mu))


class ExpOuter(ZLossDefinition):
    """(1/a) exp(a(b − z_c)): softplus replaced by exp."""

    description = "exp instead of softplus"

    def outer(self, t: Any, a: Any, b: Any, ops: Ops) -> Any:
        return ops.exp(a * (b - t)) / a


class FlippedSign(ZLossDefinition):
    """(1/a) log(1 + exp(a(z_c − b))): the sign of b − z_c flipped."""

    description = "sign flipped"

    def outer(self, t: Any, a: Any, b: Any, ops: Ops) -> Any:
        return ops.log(1 + ops.exp(a * (t - b))) / a


Z_LOSS = ZLossDefinition()


def to_mp(values: Any) -> list[Any]:
    """Floats (or a numpy array) as a list of exact mpmath numbers."""
    return [mpmath.mpf(float(v)) for v in np.ravel(np.asarray(values, dtype=float))]


# -- cross-entropy ---------------------------------------------------------------------------------------


class LogSoftmax:
    """Cross-entropy of the softmax: $\\log\\sum_k e^{o_k} - o_c$."""

    description = "log-softmax"

    def normaliser(self, o: Any, ops: Ops) -> Any:
        if isinstance(o, np.ndarray):
            return ops.log(ops.exp(o).sum(axis=-1))
        total = ops.exp(o[0])
        for v in o[1:]:
            total = total + ops.exp(v)
        return ops.log(total)

    def __call__(self, o: Any, c: int, ops: Ops = NUMPY) -> Any:
        return self.normaliser(o, ops) - _entry(o, c)


class ImplicitExtraClass(LogSoftmax):
    """log(1 + Σ_k e^{o_k}) − o_c: an extra class with logit 0 (as a sigmoid-style head has)."""

    description = "extra class with logit 0"

    def normaliser(self, o: Any, ops: Ops) -> Any:
        return ops.log(1 + ops.exp(super().normaliser(o, ops)))


class WithAuxiliaryZLoss(LogSoftmax):
    """Cross-entropy plus 10⁻⁴ (log Σ e^{o_k})²: the auxiliary "z-loss" of large language models (a different
    loss that shares the name)."""

    description = "auxiliary z-loss added"

    def __call__(self, o: Any, c: int, ops: Ops = NUMPY) -> Any:
        lse = self.normaliser(o, ops)
        return lse - _entry(o, c) + constant(lse, 1, 10_000) * lse * lse


LOG_SOFTMAX = LogSoftmax()

# -- the gradient in closed form ---------------------------------------------------------------------------


class ZLossGradient:
    """$\\partial L_Z/\\partial o_k = -\\frac{s}{\\sigma}(\\delta_{kc} - \\frac{1}{D} - \\frac{z_c z_k}{D})$ with
    $s = 1/(1 + e^{-a(b - z_c)})$: the chain rule through μ and σ (derived by this suite).

    Works on a list of mpmath numbers (returns a list) or a 1-D float array (returns an array).
    """

    description = "the closed-form gradient"

    def variance(self, dev: Any, n: int) -> Any:
        return _mean(_squares(dev))

    def weight(self, t: Any, a: Any, b: Any, ops: Ops) -> Any:
        return 1 / (1 + ops.exp(-a * (b - t)))

    def direction(self, k: int, c: int, n: int, zc: Any, zk: Any, one: Any) -> Any:
        return (one if k == c else 0 * one) - one / n - zc * zk / n

    def __call__(self, o: Any, c: int, a: Any, b: Any, ops: Ops = NUMPY) -> Any:
        values = list(o)
        n = len(values)
        mu = _mean(values)
        dev = [v - mu for v in values]
        sigma = ops.sqrt(self.variance(dev, n))
        z = [x / sigma for x in dev]
        one = mu - mu + 1
        s = self.weight(z[c], a, b, ops)
        out = [-(s / sigma) * self.direction(k, c, n, z[c], z[k], one) for k in range(n)]
        return np.array(out, dtype=float) if isinstance(o, np.ndarray) else out


Z_LOSS_GRADIENT = ZLossGradient()

# -- the spherical and the direct computation, with their multiply-adds --------------------------------


class Count:
    """Multiply-adds of the vector work of one example: a matrix-vector product of an m × n matrix costs m·n,
    a dot product or a scaled vector sum of length n costs n per vector. Scalar arithmetic (a few dozen
    operations per example) is not counted."""

    def __init__(self) -> None:
        self.mads = 0

    def matvec(self, A: np.ndarray, x: np.ndarray) -> np.ndarray:
        self.mads += A.shape[0] * A.shape[1]
        return A @ x

    def dot(self, x: np.ndarray, y: np.ndarray) -> Any:
        self.mads += x.shape[0]
        return x @ y

    def total(self, x: np.ndarray) -> Any:
        self.mads += x.shape[0]
        return x.sum()

    def combination(self, *terms: tuple[Any, np.ndarray]) -> np.ndarray:
        """Σ_i k_i v_i."""
        out = 0
        for k, v in terms:
            self.mads += v.shape[0]
            out = out + k * v
        return out

    def shifted(self, x: np.ndarray, shift: Any) -> np.ndarray:
        self.mads += x.shape[0]
        return x - shift


class SphericalStatistics(NamedTuple):
    """What the spherical computation maintains for an output layer W (D × d): Q = WᵀW (d × d) and
    w̄ = Wᵀ1 (d); W itself only for its row W_c."""

    W: np.ndarray
    Q: np.ndarray
    wbar: np.ndarray


def spherical_statistics(W: np.ndarray) -> SphericalStatistics:
    """Q = WᵀW and w̄ = Wᵀ1 (numpy, float or Fraction object arrays)."""
    return SphericalStatistics(W, W.T @ W, W.sum(axis=0))


def _softplus(x: float) -> float:
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))


class Spherical:
    """L_Z and ∂L_Z/∂h from (Q, w̄, W_c) without forming o = Wh (Vincent et al. 2015; the Z-loss is spherical):
    S₁ = w̄ᵀh, S₂ = hᵀQh, o_c = W_cᵀh, μ = S₁/D, σ² = S₂/D − μ², z_c = (o_c − μ)/σ, and
    ∂L/∂h = −s[(∂z_c/∂S₁) w̄ + 2(∂z_c/∂S₂) Qh + (∂z_c/∂o_c) W_c]: d² + 6d multiply-adds per example."""

    description = "the spherical computation"
    #: ∂(hᵀQh)/∂h = 2Qh
    quadratic_factor = 2

    def statistics(self, stats: SphericalStatistics, h: np.ndarray, c: int, count: Count) -> tuple[Any, ...]:
        """(S₁, S₂, o_c, Qh): exact when the arrays hold Fractions."""
        s1 = count.dot(stats.wbar, h)
        qh = count.matvec(stats.Q, h)
        s2 = count.dot(h, qh)
        oc = count.dot(stats.W[c], h)
        return s1, s2, oc, qh

    def variance(self, s1: Any, s2: Any, n: int) -> Any:
        mu = s1 / n
        return s2 / n - mu * mu

    def __call__(self, stats: SphericalStatistics, h: np.ndarray, c: int, a: float, b: float,
                 count: Count | None = None) -> tuple[float, np.ndarray]:
        count = count or Count()
        n = stats.W.shape[0]
        s1, s2, oc, qh = self.statistics(stats, h, c, count)
        mu = s1 / n
        var = self.variance(s1, s2, n)
        sigma = math.sqrt(var) if var > 0 else math.nan
        z = (oc - mu) / sigma
        loss = _softplus(a * (b - z)) / a
        s = float(expit(a * (b - z)))
        dz_ds1 = (-1 + z * mu / sigma) / (n * sigma)
        dz_ds2 = -z / (2 * n * sigma * sigma)
        dz_doc = 1 / sigma
        grad = count.combination((-s * dz_ds1, stats.wbar), (-s * self.quadratic_factor * dz_ds2, qh),
                                 (-s * dz_doc, stats.W[c]))
        return loss, grad


class SphericalSquaredMeanStatistic(Spherical):
    """S₂ taken as (w̄ᵀh)² instead of hᵀQh: the square of the sum for the sum of squares."""

    description = "sum squared for the sum of squares"

    def statistics(self, stats: SphericalStatistics, h: np.ndarray, c: int, count: Count) -> tuple[Any, ...]:
        s1, _, oc, qh = super().statistics(stats, h, c, count)
        return s1, s1 * s1, oc, qh


class SphericalFormsLogits(Spherical):
    """S₂ computed as Σ_k o_k² from o = Wh: the right value at the direct cost."""

    description = "forms the logits"

    def statistics(self, stats: SphericalStatistics, h: np.ndarray, c: int, count: Count) -> tuple[Any, ...]:
        s1, _, oc, qh = super().statistics(stats, h, c, count)
        o = count.matvec(stats.W, h)
        return s1, count.dot(o, o), oc, qh


class SphericalUnbiasedStd(Spherical):
    """σ² with the divisor D − 1."""

    description = "spherical, unbiased standard deviation"

    def variance(self, s1: Any, s2: Any, n: int) -> Any:
        return super().variance(s1, s2, n) * n / (n - 1)


class SphericalGradientWithoutTwo(Spherical):
    """∂L/∂h with the coefficient of Qh missing its factor 2 (∂(hᵀQh)/∂h = 2Qh)."""

    description = "gradient without the factor 2"
    quadratic_factor = 1


SPHERICAL = Spherical()


def direct(W: np.ndarray, h: np.ndarray, c: int, a: float, b: float,
           count: Count | None = None) -> tuple[float, np.ndarray]:
    """L_Z and ∂L_Z/∂h from o = Wh (two-pass moments): o, μ, o − μ, σ², ∂L/∂o and Wᵀ∂L/∂o, 2Dd + 4D
    multiply-adds per example."""
    count = count or Count()
    o = count.matvec(W, h)
    n = o.shape[0]
    mu = count.total(o) / n
    dev = count.shifted(o, mu)
    sigma = math.sqrt(count.dot(dev, dev) / n)
    z = dev[c] / sigma
    loss = _softplus(a * (b - z)) / a
    s = float(expit(a * (b - z)))
    grad_o = count.combination((s * z / (n * sigma * sigma), dev)) + s / (n * sigma)
    grad_o[c] -= s / sigma
    return loss, count.matvec(W.T, grad_o)


# -- closed forms of the derived statements (Formula objects) ----------------------------------------------

_a, _b, _u = sp.symbols("a b u", real=True)
_D = sp.Symbol("D", integer=True, positive=True)

#: inf_o L_Z(o, c) = (1/a) log(1 + exp(a(b − √(D − 1)))): z_c ≤ √(D − 1), with equality at o = e_c.
MINIMUM = Formula(sp.log(1 + sp.exp(_a * (_b - sp.sqrt(_D - 1)))) / _a,
                  {"a": interval(0.01, 20, log=True), "b": interval(-5, 5), "D": integers(2, 1000)},
                  name="least_z_loss")

#: σ‖∂L_Z/∂o‖ at z_c = u√(D − 1): (the logistic of a(b − z_c)) · √((D − 1)(1 − u²)/D).
GRADIENT_NORM = Formula(sp.sqrt((_D - 1) * (1 - _u**2) / _D) / (1 + sp.exp(-_a * (_b - _u * sp.sqrt(_D - 1)))),
                        {"a": interval(0.05, 20, log=True), "b": interval(-5, 5), "u": interval(-1, 1),
                         "D": integers(3, 60)},
                        name="scaled_gradient_norm")

# -- the records of the empirical claims --------------------------------------------------------------------


class Ordering(NamedTuple):
    """An empirical ordering: on every seed, the top-k test error of ``lower`` is below (``strict``) or at most
    that of the other loss."""

    k: int
    lower: str  # "z_loss" or "cross_entropy"
    strict: bool
