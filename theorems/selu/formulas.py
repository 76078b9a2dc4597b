"""The formulas and algorithms under test in the SELU family, and their mutants.

* The paper's moment map (Eq. 4 and 5 of arXiv 1706.02515, written as in the release notebook
  ``TF_1_x/getSELUparameters.ipynb``, bioinf-jku/SNNs bef6071, function ``getSeluParameters``, its ``mean`` and
  ``var`` expressions): μ̃ and ξ̃ = E selu(z)² for z ~ N(μω, ντ), ν̃ = ξ̃ − μ̃², as sympy expressions, and μ̃, ξ̃
  as :class:`claimkit.Formula` objects (``MEAN_MAP``, ``SECOND_MOMENT_MAP``).
* The closed forms of α01 and λ01 (the notebook's last cells) at any precision.
* The spectral norm of the Jacobian at ω = 0 in closed form (``jacobian_norm_zero_omega_expr``).
* numpy ports of the release: ``release_get_selu_parameters`` (the notebook's solver: the same float64
  coefficients, Newton's method from (1.67, 1.05) as sympy's ``nsolve`` does) and ``release_dropout_selu``
  (``TF_1_x/selu.py``, ``dropout_selu``: the mask is ``floor(keep_prob + uniform)``).
* A deep random SNN (LeCun-normal weights) whose per-layer statistics are measured.
* The mutants of every claim, as named functions.
"""

from __future__ import annotations

import functools
import math
from typing import Any

import mpmath
import numpy as np
import sympy as sp
from scipy import special

from claimkit import Formula, interval

from . import library as L

# -- the moment map as the paper writes it --------------------------------------------------------------------

MU, OMEGA, NU, TAU = sp.symbols("mu omega nu tau", real=True)
LAM, ALPHA = sp.symbols("lambda alpha", positive=True)


def moment_expressions(m: Any, v: Any, lam: Any = LAM, alpha: Any = ALPHA) -> tuple[Any, Any]:
    """(μ̃, ξ̃) for z ~ N(m, v) in the notebook's form (``mean`` and the first part of ``var``)."""
    root = sp.sqrt(2 * v)
    mean = lam / 2 * (m + sp.exp(-m**2 / (2 * v)) * sp.sqrt(2 / sp.pi) * sp.sqrt(v) + m * sp.erf(m / root)
                      - alpha * sp.erfc(m / root) + alpha * sp.exp(m + v / 2) * sp.erfc((m + v) / root))
    second = lam**2 / 2 * (sp.exp(-m**2 / (2 * v)) * sp.sqrt(2 * v / sp.pi) * m + (m**2 + v) * (1 + sp.erf(m / root))
                           + alpha**2 * sp.erfc(m / root) - 2 * alpha**2 * sp.exp(m + v / 2) * sp.erfc((m + v) / root)
                           + alpha**2 * sp.exp(2 * (m + v)) * sp.erfc((m + 2 * v) / root))
    return mean, second


MEAN_EXPR, SECOND_EXPR = moment_expressions(MU * OMEGA, NU * TAU)
VARIANCE_EXPR = SECOND_EXPR - MEAN_EXPR**2

#: The domains of the map's claims: Theorems 1–3 (μ up to 1, ν from 0.02 to 16, τ from 0.8 to 1.25), ω up to
#: 1 (the release solver's setting), and SELU-like constants.
MAP_DOMAINS = {"mu": interval(-1, 1), "omega": interval(-1, 1), "nu": interval(0.02, 16), "tau": interval(0.8, 1.25),
               "lambda": interval(0.5, 2.5), "alpha": interval(0.5, 2.5)}
MEAN_MAP = Formula(MEAN_EXPR, MAP_DOMAINS, name="mean_map", modules=("scipy", "numpy"))
SECOND_MOMENT_MAP = Formula(SECOND_EXPR, MAP_DOMAINS, name="second_moment_map", modules=("scipy", "numpy"))

# -- α01, λ01 -----------------------------------------------------------------------------------------------


def constants_closed_form(digits: int) -> tuple[Any, Any]:
    """(α01, λ01) from the closed forms, as mpmath numbers at ``digits`` digits."""
    with mpmath.workdps(digits + 10):
        e, pi = mpmath.e, mpmath.pi
        erfc1, erfc2 = mpmath.erfc(1 / mpmath.sqrt(2)), mpmath.erfc(mpmath.sqrt(2))
        alpha = -mpmath.sqrt(2 / pi) / (erfc1 * mpmath.sqrt(e) - 1)
        lam = (1 - mpmath.sqrt(e) * erfc1) * mpmath.sqrt(2 * pi / (2 + pi - 2 * mpmath.sqrt(e) * (2 + pi) * erfc1
                                                                   + e * pi * erfc1**2 + 2 * e**2 * erfc2))
        return +alpha, +lam


def constants_elu(digits: int) -> tuple[Any, Any]:
    """Mutant: ELU, λ = α = 1."""
    return mpmath.mpf(1), mpmath.mpf(1)


def constants_lambda_rounded(digits: int) -> tuple[Any, Any]:
    """Mutant: λ rounded to 1.05."""
    return constants_closed_form(digits)[0], mpmath.mpf("1.05")


def constants_alpha_rounded(digits: int) -> tuple[Any, Any]:
    """Mutant: α rounded to 1.67."""
    return mpmath.mpf("1.67"), constants_closed_form(digits)[1]


def constants_swapped(digits: int) -> tuple[Any, Any]:
    """Mutant: α and λ swapped."""
    alpha, lam = constants_closed_form(digits)
    return lam, alpha


def moments_mp(m: Any, v: Any, alpha: Any, lam: Any) -> tuple[Any, Any]:
    """(μ̃, ξ̃) for z ~ N(m, v) from the closed forms in mpmath (at the caller's precision)."""
    s = mpmath.sqrt(v)
    root = mpmath.sqrt(2 * v)
    mean = lam / 2 * (m + mpmath.exp(-m**2 / (2 * v)) * mpmath.sqrt(2 / mpmath.pi) * s + m * mpmath.erf(m / root)
                      - alpha * mpmath.erfc(m / root) + alpha * mpmath.exp(m + v / 2) * mpmath.erfc((m + v) / root))
    second = lam**2 / 2 * (mpmath.exp(-m**2 / (2 * v)) * mpmath.sqrt(2 * v / mpmath.pi) * m
                           + (m**2 + v) * (1 + mpmath.erf(m / root)) + alpha**2 * mpmath.erfc(m / root)
                           - 2 * alpha**2 * mpmath.exp(m + v / 2) * mpmath.erfc((m + v) / root)
                           + alpha**2 * mpmath.exp(2 * (m + v)) * mpmath.erfc((m + 2 * v) / root))
    return mean, second


def map_mp(mu: Any, nu: Any, omega: Any, tau: Any, alpha: Any, lam: Any) -> tuple[Any, Any]:
    """g(μ, ν) = (μ̃, ν̃) in mpmath."""
    mean, second = moments_mp(mu * omega, nu * tau, alpha, lam)
    return mean, second - mean**2


# -- the Jacobian's spectral norm at ω = 0 -------------------------------------------------------------------


def jacobian_norm_zero_omega_expr(nu: Any, tau: Any, alpha: Any, lam: Any) -> Any:
    """At ω = 0 the first column of the Jacobian vanishes (μ enters through μω); the second is τ·d/dv of
    (μ̃, ν̃) at m = 0, v = ντ: ‖J‖₂ = τ·√((∂μ̃/∂v)² + (∂ν̃/∂v)²) with, s = √v,
    ∂μ̃/∂v = (λ/2)((1 − α)/(s√(2π)) + (α/2)e^{v/2}erfc(s/√2)),
    ∂ξ̃/∂v = λ²(½ + α²(e^{2v}erfc(√2 s) − ½e^{v/2}erfc(s/√2))), ∂ν̃/∂v = ∂ξ̃/∂v − 2μ̃ ∂μ̃/∂v."""
    v = nu * tau
    s = sp.sqrt(v)
    half_tail = sp.exp(v / 2) * sp.erfc(s / sp.sqrt(2))
    mean = lam * (s / sp.sqrt(2 * sp.pi) + alpha * (half_tail / 2 - sp.Rational(1, 2)))
    d_mean = lam / 2 * ((1 - alpha) / (s * sp.sqrt(2 * sp.pi)) + alpha / 2 * half_tail)
    d_second = lam**2 * (sp.Rational(1, 2) + alpha**2 * (sp.exp(2 * v) * sp.erfc(sp.sqrt(2) * s) - half_tail / 2))
    return tau * sp.sqrt(d_mean**2 + (d_second - 2 * mean * d_mean) ** 2)


def jacobian_norm_by_differences(digits: int, nu: float, tau: float) -> Any:
    """Ground truth of ‖J‖₂ at μ = ω = 0: mpmath differentiation (at ``digits`` digits) of the closed-form moments
    in ν, with ∂/∂μ = 0 exactly (g does not depend on μ when ω = 0)."""
    with mpmath.workdps(digits):
        alpha, lam = constants_closed_form(digits)
        n, t = mpmath.mpf(nu), mpmath.mpf(tau)
        d_mean = mpmath.diff(lambda x: map_mp(0, x, 0, t, alpha, lam)[0], n)
        d_var = mpmath.diff(lambda x: map_mp(0, x, 0, t, alpha, lam)[1], n)
        return mpmath.sqrt(d_mean**2 + d_var**2)


@functools.lru_cache(maxsize=4096)
def jacobian_norm_truth(nu: float, tau: float) -> float:
    """:func:`jacobian_norm_by_differences` at 30 digits, as a float."""
    return float(jacobian_norm_by_differences(30, nu, tau))


# -- the paper's map and Jacobian at the paper's constants (float64), and its mutants ----------------------


def paper_map(mu: float, nu: float, omega: float, tau: float) -> tuple[float, float]:
    """g with λ01, α01 (the library's closed form)."""
    return L.selu_map(mu, nu, omega, tau)


def paper_jacobian(mu: float, nu: float, omega: float, tau: float) -> np.ndarray:
    """∂(μ̃, ν̃)/∂(μ, ν) with λ01, α01 (the library's closed form)."""
    return L.selu_jacobian(mu, nu, omega, tau)


def _with_constants(alpha: float, lam: float) -> dict[str, Any]:
    return {"map": lambda mu, nu, omega, tau: L.selu_map(mu, nu, omega, tau, alpha=alpha, scale=lam),
            "jacobian": lambda mu, nu, omega, tau: L.selu_jacobian(mu, nu, omega, tau, alpha=alpha, scale=lam)}


PAPER_G = {"map": paper_map, "jacobian": paper_jacobian}
ELU_G = _with_constants(1.0, 1.0)
SWAPPED_G = _with_constants(L.LAMBDA01, L.ALPHA01)
UNSCALED_G = _with_constants(L.ALPHA01, 1.0)


def _second_moment_map(mu: float, nu: float, omega: float, tau: float) -> tuple[float, float]:
    mean, second, _ = L.selu_moments(mu * omega, nu * tau)
    return mean, second


def _second_moment_jacobian(mu: float, nu: float, omega: float, tau: float) -> np.ndarray:
    jac = L.selu_jacobian(mu, nu, omega, tau)
    mean = L.selu_map(mu, nu, omega, tau)[0]
    return jac + np.array([[0.0, 0.0], 2.0 * mean * jac[0]])  # ∂ξ̃ = ∂ν̃ + 2μ̃ ∂μ̃


SECOND_MOMENT_G = {"map": _second_moment_map, "jacobian": _second_moment_jacobian}


# -- the deep network of the abstract ------------------------------------------------------------------------


def snn_layer_statistics(seed: int, width: int, depth: int, batch: int, in_mean: float, in_var: float,
                         activation: Any = None) -> np.ndarray:
    """Mean and variance (over batch × units) of the activations of each layer of a random fully connected
    network: inputs standardised to (in_mean, in_var), weights drawn N(0, 1/width) (LeCun normal), no
    biases, ``activation`` (default SELU with λ01, α01). Returns a (depth, 2) array."""
    act = activation or (lambda z: L.LAMBDA01 * np.where(z > 0, z, L.ALPHA01 * np.expm1(np.minimum(z, 0.0))))
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((batch, width))
    x = (x - x.mean()) / x.std() * math.sqrt(in_var) + in_mean
    out = np.empty((depth, 2))
    for k in range(depth):
        w = rng.standard_normal((width, width)) / math.sqrt(width)
        x = act(np.einsum("bi,ij->bj", x, w))  # einsum: no BLAS threads (deterministic, and fast for small sizes)
        out[k] = x.mean(), x.var()
    return out


def snn_elu(seed: int, width: int, depth: int, batch: int, in_mean: float, in_var: float) -> np.ndarray:
    """Mutant: ELU (λ = α = 1)."""
    return snn_layer_statistics(seed, width, depth, batch, in_mean, in_var,
                                lambda z: np.where(z > 0, z, np.expm1(np.minimum(z, 0.0))))


def snn_relu(seed: int, width: int, depth: int, batch: int, in_mean: float, in_var: float) -> np.ndarray:
    """Mutant: ReLU with the same LeCun-normal weights."""
    return snn_layer_statistics(seed, width, depth, batch, in_mean, in_var, lambda z: np.maximum(z, 0.0))


def snn_swapped(seed: int, width: int, depth: int, batch: int, in_mean: float, in_var: float) -> np.ndarray:
    """Mutant: α and λ swapped."""
    return snn_layer_statistics(seed, width, depth, batch, in_mean, in_var,
                                lambda z: L.ALPHA01 * np.where(z > 0, z, L.LAMBDA01 * np.expm1(np.minimum(z, 0.0))))


# -- the release's solver (TF_1_x/getSELUparameters.ipynb), ported -----------------------------------------


def _release_coefficients(nu: float, tau: float) -> tuple[float, float, float, float]:
    """The float64 coefficients of the notebook's equations: mean = λ(cp + α cq), var + mean² = λ²(cr + α² cs);
    there ``nu`` is the fixed-point mean and ``tau`` the fixed-point variance, and z ~ N(nu, tau)."""
    root = math.sqrt(2 * tau)
    erf0, erfc0 = float(special.erf(nu / root)), float(special.erfc(nu / root))
    erfc1, erfc2 = float(special.erfc((nu + tau) / root)), float(special.erfc((nu + 2 * tau) / root))
    gauss = math.exp(-nu**2 / (2 * tau))
    cp = 0.5 * (nu + gauss * math.sqrt(2 / math.pi) * math.sqrt(tau) + nu * erf0)
    cq = 0.5 * (-erfc0 + math.exp(nu + tau / 2) * erfc1)
    cr = 0.5 * (gauss * math.sqrt(2 / math.pi * tau) * nu + (nu**2 + tau) * (1 + erf0))
    cs = 0.5 * (erfc0 - 2 * math.exp(nu + tau / 2) * erfc1 + math.exp(2 * (nu + tau)) * erfc2)
    return cp, cq, cr, cs


def _newton(equations: Any, start: tuple[float, float] = (1.67, 1.05), steps: int = 50) -> tuple[float, float]:
    """Newton's method on two equations in (α, λ) with a central-difference Jacobian, from ``start``."""
    x = np.array(start, dtype=float)
    for _ in range(steps):
        f = np.array(equations(*x))
        jac = np.empty((2, 2))
        for j in range(2):
            h = 1e-7 * max(1.0, abs(x[j]))
            e = np.zeros(2)
            e[j] = h
            jac[:, j] = (np.array(equations(*(x + e))) - np.array(equations(*(x - e)))) / (2 * h)
        step = np.linalg.solve(jac, f)
        x = x - step
        if np.max(np.abs(step)) <= 1e-16 * np.max(np.abs(x)):
            break
    return float(x[0]), float(x[1])


def release_get_selu_parameters(fixedpoint_mean: float = 0.0, fixedpoint_var: float = 1.0) -> tuple[float, float]:
    """Port of ``getSeluParameters``: solve mean(α, λ) = μ, var(α, λ) = ν for z ~ N(μ, ν) from (1.67, 1.05)."""
    mu, nu = float(fixedpoint_mean), float(fixedpoint_var)
    cp, cq, cr, cs = _release_coefficients(mu, nu)

    def equations(a: float, lam: float) -> tuple[float, float]:
        mean = lam * (cp + a * cq)
        return lam**2 * (cr + a**2 * cs) - mean**2 - nu, mean - mu

    return _newton(equations)


def solver_centred(fixedpoint_mean: float = 0.0, fixedpoint_var: float = 1.0) -> tuple[float, float]:
    """Mutant: the solver fed z ~ N(0, ν) instead of N(μ, ν)."""
    mu, nu = float(fixedpoint_mean), float(fixedpoint_var)
    cp, cq, cr, cs = _release_coefficients(0.0, nu)

    def equations(a: float, lam: float) -> tuple[float, float]:
        mean = lam * (cp + a * cq)
        return lam**2 * (cr + a**2 * cs) - mean**2 - nu, mean - mu

    return _newton(equations)


def solver_second_moment(fixedpoint_mean: float = 0.0, fixedpoint_var: float = 1.0) -> tuple[float, float]:
    """Mutant: the second moment set equal to ν (the squared mean not subtracted)."""
    mu, nu = float(fixedpoint_mean), float(fixedpoint_var)
    cp, cq, cr, cs = _release_coefficients(mu, nu)

    def equations(a: float, lam: float) -> tuple[float, float]:
        return lam**2 * (cr + a**2 * cs) - nu, lam * (cp + a * cq) - mu

    return _newton(equations)


#: The notebook's printed outputs.
RELEASE_OUTPUTS = {(0.0, 1.0): (1.6732632423543778, 1.0507009873554805),
                   (-0.1, 2.0): (1.9769021954242014, 1.073851239616046)}

# -- the release's dropout_selu (TF_1_x/selu.py), ported -----------------------------------------------------


def release_dropout_selu(x: np.ndarray, rate: float, uniform: np.ndarray, alpha: float = -1.7580993408473766,
                         fixed_point_mean: float = 0.0, fixed_point_var: float = 1.0) -> np.ndarray:
    """Port of ``dropout_selu`` (training branch) with the uniform draws passed in: mask = floor(q + u),
    x·mask + α′(1 − mask), then a·(…) + b with the release's a and b."""
    keep = 1.0 - rate
    if keep == 1:
        return x
    mask = np.floor(keep + uniform)
    ret = x * mask + alpha * (1 - mask)
    a = math.sqrt(fixed_point_var / (keep * ((1 - keep) * (alpha - fixed_point_mean) ** 2 + fixed_point_var)))
    b = fixed_point_mean - a * (keep * fixed_point_mean + (1 - keep) * alpha)
    return a * ret + b


def dropout_drops_to_minus_alpha(x: np.ndarray, rate: float, uniform: np.ndarray, alpha: float = -1.7580993408473766,
                                 fixed_point_mean: float = 0.0, fixed_point_var: float = 1.0) -> np.ndarray:
    """Mutant: dropped units set to −α01 (λ forgotten) while a and b use the declared α′ = −λα."""
    keep = 1.0 - rate
    mask = np.floor(keep + uniform)
    ret = x * mask - L.ALPHA01 * (1 - mask)
    a = math.sqrt(fixed_point_var / (keep * ((1 - keep) * (alpha - fixed_point_mean) ** 2 + fixed_point_var)))
    b = fixed_point_mean - a * (keep * fixed_point_mean + (1 - keep) * alpha)
    return a * ret + b


def dropout_b_from_dropped_mean(x: np.ndarray, rate: float, uniform: np.ndarray, alpha: float = -1.7580993408473766,
                                fixed_point_mean: float = 0.0, fixed_point_var: float = 1.0) -> np.ndarray:
    """Mutant: b = μ − a(1 − q)α′, from the dropped units' mean only."""
    keep = 1.0 - rate
    mask = np.floor(keep + uniform)
    ret = x * mask + alpha * (1 - mask)
    a = math.sqrt(fixed_point_var / (keep * ((1 - keep) * (alpha - fixed_point_mean) ** 2 + fixed_point_var)))
    b = fixed_point_mean - a * (1 - keep) * alpha
    return a * ret + b


def dropout_no_keep_factor(x: np.ndarray, rate: float, uniform: np.ndarray, alpha: float = -1.7580993408473766,
                           fixed_point_mean: float = 0.0, fixed_point_var: float = 1.0) -> np.ndarray:
    """Mutant: a = √(ν/((1 − q)(α′ − μ)² + ν)), the keep probability q missing from the denominator."""
    keep = 1.0 - rate
    mask = np.floor(keep + uniform)
    ret = x * mask + alpha * (1 - mask)
    a = math.sqrt(fixed_point_var / ((1 - keep) * (alpha - fixed_point_mean) ** 2 + fixed_point_var))
    b = fixed_point_mean - a * (keep * fixed_point_mean + (1 - keep) * alpha)
    return a * ret + b


# -- the fixed point of g for weights (ω, τ), and its mutants -----------------------------------------------


def weight_fixed_point(omega: float, tau: float) -> tuple[float, float]:
    """The fixed point of g at (ω, τ) by Newton's method on g(x) − x with the library's Jacobian, from (0, 1)."""
    x = np.array([0.0, 1.0])
    for _ in range(30):
        gx = np.array(L.selu_map(x[0], x[1], omega, tau))
        step = np.linalg.solve(L.selu_jacobian(x[0], x[1], omega, tau) - np.eye(2), gx - x)
        x = x - step
        if np.max(np.abs(step)) <= 1e-15:
            break
    return float(x[0]), float(x[1])


def abstract_limit(omega: float, tau: float) -> tuple[float, float]:
    """The abstract's limit: zero mean and unit variance, whatever the weights."""
    return 0.0, 1.0


def second_moment_fixed_point(omega: float, tau: float) -> tuple[float, float]:
    """Mutant: the fixed point of (μ, ν) ↦ (μ̃, ξ̃), the second moment in place of the variance."""
    mu, nu = 0.0, 1.0
    for _ in range(400):
        mu, second, _ = L.selu_moments(mu * omega, nu * tau)
        nu = second
    return mu, nu


def unit_weight_fixed_point(omega: float, tau: float) -> tuple[float, float]:
    """Mutant: the fixed point computed with ω = 1 (z ~ N(μ, ντ)), as the release's solver assumes."""
    return weight_fixed_point(1.0, tau)
