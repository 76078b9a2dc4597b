"""Checks that the library does what it says: selu against 40-digit values; selu_moments against quadrature and
at large variances; selu_jacobian against extrapolated differences; selu_parameters against quadrature, the
release's outputs and 30-digit roots; alpha_dropout by enumeration of its two output values per input, its
defaults, its drop frequency and its scale covariance."""

from __future__ import annotations

import math

import mpmath
import numpy as np
from hypothesis import strategies as st

from claimkit.stats import normal_tail

from ...theorems.selu import formulas as F
from ...theorems.selu import ground_truth as G
from ...theorems.selu import library as L
from ...theorems.selu import library_variants as bug
from ...theorems.selu.claims_library import (
    LIBRARY_DROPOUT,
    LIBRARY_JACOBIAN,
    LIBRARY_MOMENTS,
    LIBRARY_PARAMETERS,
    LIBRARY_SELU,
)
from .strategies import richardson_jacobian, seeds

EPS = 2.0**-52

# -- selu ---------------------------------------------------------------------------------------------------


@LIBRARY_SELU.check(given={"exponent": st.floats(-300, 300), "negative": st.booleans(),
                           "alpha": st.floats(0.1, 10), "scale": st.floats(0.1, 10)}, examples=40,
                    regressions=[{"exponent": -20.0, "negative": True, "alpha": L.ALPHA01, "scale": L.LAMBDA01}],
                    precision="mpmath, 40 digits", tolerance="relative 4ε")
def matches_40_digits(subject, ev, exponent, negative, alpha, scale):
    r"""selu$(\pm 10^e)$ against $\lambda x$ or $\lambda\alpha\,\mathrm{expm1}(x)$ at 40 digits."""
    x = -(10.0**exponent) if negative else 10.0**exponent
    ev.assume(abs(x) * scale < 1e307)
    got = subject(x, alpha=alpha, scale=scale)
    with mpmath.workdps(40):
        xm = mpmath.mpf(x)
        truth = float(mpmath.mpf(scale) * (xm if x > 0 else mpmath.mpf(alpha) * mpmath.expm1(xm)))
    ev.show("x", x)
    ev.close(got, truth, rtol=4 * EPS, what="selu(x)", labels=("selu(x)", "40 digits"))


@LIBRARY_SELU.check(given=None, precision="float64 against hand values", tolerance="relative 2ε")
def hand_values_and_shapes(subject, ev):
    r"""selu of $[1, -10^{-20}, -800]$ is $[\lambda_{01}, -\lambda_{01}\alpha_{01}10^{-20}, -\lambda_{01}\alpha_{01}]$
    elementwise, shapes (3,) and (3, 1) are kept, a real number gives a float."""
    x = np.array([1.0, -1e-20, -800.0])
    want = np.array([L.LAMBDA01, -L.LAMBDA01 * L.ALPHA01 * 1e-20, -L.LAMBDA01 * L.ALPHA01])
    got = subject(x)
    ev.show("selu([1, −1e-20, −800])", got)
    ev.close(np.asarray(got), want, rtol=2 * EPS, what="selu", labels=("selu(x)", "hand values"))
    ev.that(bool(np.shape(subject(x.reshape(3, 1))) == (3, 1)), "shape (3, 1) not kept")
    ev.that(isinstance(subject(0.5), float), "a real number does not give a float")


# -- selu_moments -------------------------------------------------------------------------------------------


@LIBRARY_MOMENTS.check(given={"log_var": st.floats(-3, 3), "position": st.floats(-1, 1),
                              "alpha": st.floats(0.5, 2.5), "scale": st.floats(0.5, 2.5)}, examples=30,
                       precision="float64 adaptive quadrature of the Gaussian integrals",
                       tolerance="absolute 1e-12·λ(1 + α)(1 + |m| + √v) on the mean, 1e-12·λ²(1 + α²)(1 + m² + v) "
                                 "on the second moment and the variance")
def matches_quadrature(subject, ev, log_var, position, alpha, scale):
    r"""For $v = 10^{\mathrm{log\_var}}$ and $m = \mathrm{position}\cdot(3\sqrt v + 3)$, the three moments match
    quadrature."""
    v = 10.0**log_var
    m = position * (3 * math.sqrt(v) + 3)
    got = np.array(subject(m, v, alpha=alpha, scale=scale))
    want = np.array(G.quadrature_moments(m, v, alpha, scale))
    tol_mean = 1e-12 * scale * (1 + alpha) * (1 + abs(m) + math.sqrt(v))
    tol_second = 1e-12 * scale**2 * (1 + alpha**2) * (1 + m * m + v)
    ev.show("(m, v)", [m, v])
    ev.close(got[0], want[0], atol=tol_mean, what="mean", labels=("selu_moments mean", "quadrature"))
    ev.close(got[1:], want[1:], atol=tol_second, what="second moment and variance",
             labels=("selu_moments (ξ, var)", "quadrature"))


@LIBRARY_MOMENTS.check(given=None, precision="float64 quadrature", tolerance="finite; relative 1e-9 on the variance")
def large_variances_stay_finite(subject, ev):
    """For v in {2e3, 1e5, 1e8} and m in {−3, 0, 3} the moments are finite and the variance matches quadrature; the
    release's form at v = 2000 is recorded."""
    ev.metric("release_form_at_2000", repr(bug.moments_naive(0.0, 2000.0)[2]))
    for v in (2e3, 1e5, 1e8):
        for m in (-3.0, 0.0, 3.0):
            got = subject(m, v)
            ev.show(f"moments at (m, v) = ({m}, {v:g})", list(got))
            ev.finite(got, f"moments at v = {v:g}")
            ev.close(got[2], G.quadrature_moments(m, v)[2], rtol=1e-9, what=f"variance at v = {v:g}",
                     labels=("selu_moments variance", "quadrature"))


# -- selu_jacobian -----------------------------------------------------------------------------------------


@LIBRARY_JACOBIAN.check(given={"mu": st.floats(-2, 2), "omega": st.floats(-2, 2),
                               "log_nu": st.floats(math.log10(0.05), 2), "tau": st.floats(0.5, 3)}, examples=30,
                        precision="Richardson-extrapolated central differences of selu_map (h = 1e-3, relative in ν)",
                        tolerance="absolute 1e-7·(1 + |ω|)(1 + |μω| + ντ)")
def matches_differences(subject, ev, mu, omega, log_nu, tau):
    """The Jacobian equals extrapolated central differences of the map."""
    nu = 10.0**log_nu
    jac = subject(mu, nu, omega, tau)
    diff = richardson_jacobian(L.selu_map, mu, nu, omega, tau)
    ev.show("J", jac)
    ev.show("differences", diff)
    ev.close(jac, diff, atol=1e-7 * (1 + abs(omega)) * (1 + abs(mu * omega) + nu * tau), what="J",
             labels=("selu_jacobian", "differences"))


# -- selu_parameters ---------------------------------------------------------------------------------------


@LIBRARY_PARAMETERS.check(given={"mean": st.floats(-0.5, 0.5), "var": st.floats(0.2, 5.0),
                                 "omega": st.floats(-1.0, 1.0), "tau": st.floats(0.5, 2.0)}, examples=25, min_valid=8,
                          precision="float64 quadrature", tolerance="relative 1e-10 on (μ, ν), absolute 1e-11")
def fixed_point_by_quadrature(subject, ev, mean, var, omega, tau):
    r"""The returned $(\alpha, \lambda)$ are positive and make $(\mu, \nu)$ a fixed point of $g$ at $(\omega, \tau)$
    (moments by quadrature); inputs without a positive solution raise ValueError and are not counted."""
    try:
        alpha, lam = subject(mean, var, omega=omega, tau=tau)
    except ValueError:
        ev.reject()
    ev.show("(α, λ)", [alpha, lam])
    ev.lt(0.0, min(alpha, lam), what="α, λ > 0", labels=("0", "min(α, λ)"))
    got = G.quadrature_map(mean, var, omega, tau, alpha, lam)
    ev.close(np.array(got), np.array([mean, var]), rtol=1e-10, atol=1e-11, what="g(μ, ν)",
             labels=("g(μ, ν) by quadrature", "(μ, ν)"))


def _root_30(mean: float, var: float, m: float, v: float) -> tuple[float, float]:
    with mpmath.workdps(30):
        def equations(a, lam):
            mu_, second = F.moments_mp(mpmath.mpf(m), mpmath.mpf(v), a, lam)
            return [mu_ - mpmath.mpf(mean), second - mu_**2 - mpmath.mpf(var)]

        root = mpmath.findroot(equations, (mpmath.mpf("1.67"), mpmath.mpf("1.05")))
        return float(root[0]), float(root[1])


@LIBRARY_PARAMETERS.check(given=None, precision="30-digit findroot; the release's printed outputs",
                          tolerance="relative 2e-15 for (α01, λ01); 1e-14 for the release's outputs and roots")
def known_values(subject, ev):
    r"""Defaults at $(0, 1)$: $(\alpha_{01}, \lambda_{01})$. At $\omega = \tau = 1$, $(-0.1, 2)$: the release's outputs.
    At the defaults, $(-0.1, 2)$: the 30-digit root for $z \sim \mathcal N(0, 2)$."""
    ev.close(np.array(subject()), np.array([L.ALPHA01, L.LAMBDA01]), rtol=2e-15, what="defaults",
             labels=("selu_parameters()", "(α01, λ01)"))
    ev.close(np.array(subject(-0.1, 2.0, omega=1.0, tau=1.0)), np.array(F.RELEASE_OUTPUTS[(-0.1, 2.0)]), rtol=1e-14,
             what="ω = τ = 1", labels=("selu_parameters(−0.1, 2, 1, 1)", "release's output"))
    got = subject(-0.1, 2.0)
    ev.show("selu_parameters(−0.1, 2)", list(got))
    ev.close(np.array(got), np.array(_root_30(-0.1, 2.0, 0.0, 2.0)), rtol=1e-14, what="normalized weights",
             labels=("selu_parameters(−0.1, 2)", "30-digit root"))


# -- alpha_dropout ------------------------------------------------------------------------------------------

REPEATS = 200


@LIBRARY_DROPOUT.check(given={"seed": seeds, "k": st.integers(2, 5), "log_scale": st.floats(-150, 150),
                              "shift": st.floats(-2, 2), "rate": st.floats(0.05, 0.9), "dropped": st.floats(-3, 3),
                              "default": st.booleans()}, examples=25,
                       precision="float64; the expectation over the mask by enumeration of the two output values",
                       tolerance="relative 1e-12 (a few ε per operation)")
def moments_by_enumeration(subject, ev, seed, k, log_scale, shift, rate, dropped, default):
    r"""A discrete input (k points at scale $10^{\pm 150}$, random probabilities), each point repeated 200 times: the
    two values each point takes (kept, dropped), weighted $1 - $rate and rate, have the input's mean and variance."""
    rng = np.random.default_rng(seed)
    scale = 10.0**log_scale
    values = scale * (shift + rng.standard_normal(k))
    probs = rng.dirichlet(np.ones(k))
    mu = math.fsum(probs * values)
    nu = math.fsum(probs * (values - mu) ** 2)
    ev.assume(nu > 0 and math.isfinite(nu))
    drop = L.SATURATION01 if default else scale * dropped
    ev.assume(bool(np.all(values != drop)))
    x = np.repeat(values, REPEATS)
    kwargs = {} if default else {"dropped": drop}
    y = subject(x, rate, rng=seed, mean=mu, var=nu, **kwargs).reshape(k, REPEATS)
    a, b = L.alpha_dropout_affine(rate, mean=mu, var=nu, dropped=drop)
    dropped_value = a * drop + b
    kept = np.array([row[row != dropped_value][0] if np.any(row != dropped_value) else np.nan for row in y])
    ev.assume(bool(np.all(np.isfinite(kept))))
    q = 1.0 - rate
    outputs = np.concatenate([kept, [dropped_value]])
    weights = np.concatenate([q * probs, [1.0 - q]])
    mean = math.fsum(weights * outputs)
    var = math.fsum(weights * (outputs - mean) ** 2)
    ev.show("support", values)
    ev.show("kept values, dropped value", outputs)
    ev.close(mean, mu, atol=1e-12 * (abs(mu) + math.sqrt(nu)), what="mean", labels=("output mean", "input mean"))
    ev.close(var, nu, rtol=1e-12, what="variance", labels=("output variance", "input variance"))


@LIBRARY_DROPOUT.check(given=None, precision="float64", tolerance="exact equality")
def defaults_and_identity(subject, ev):
    r"""With the default, a dropped unit becomes $a\cdot\mathrm{selu}(-800) + b$ ($\mathrm{selu}(-800) =
    -\lambda_{01}\alpha_{01}$ in float64); rate 0 returns $x$ unchanged."""
    x = np.linspace(-2.0, 3.0, 2000)
    y = subject(x, 0.3, rng=7)
    a, b = L.alpha_dropout_affine(0.3)
    floor = L.selu(-800.0)
    dropped = y[np.abs(y - (a * x + b)) > 1e-12]
    ev.show("dropped values", np.unique(dropped))
    ev.that(bool(dropped.size > 0 and np.all(dropped == a * floor + b)), "dropped units are not a·selu(−∞) + b",
            claimed=float(dropped[0]) if dropped.size else None, observed=a * floor + b,
            labels=("a dropped unit", "a·selu(−∞) + b"))
    ev.that(bool(np.array_equal(subject(x, 0.0, rng=7), x)), "rate 0 changes x")


MASK_N = 100_000
MASK_Z = 5.5


@LIBRARY_DROPOUT.check(given={"seed": seeds, "rate": st.floats(0.05, 0.6)}, examples=2,
                       precision=f"{MASK_N} units", tolerance=f"{MASK_Z:g} standard errors of a binomial proportion",
                       false_alarm_rate=normal_tail(MASK_Z), power="rate_as_keep (off by 0.1 or more; the standard "
                                                                   "error is below 0.0016)",
                       thorough_factor=10)
def drop_frequency(subject, ev, seed, rate):
    """The fraction of dropped units is the rate, within 5.5 binomial standard errors."""
    ev.assume(abs(rate - 0.5) > 0.05)
    x = np.linspace(-2.0, 3.0, MASK_N)
    y = subject(x, rate, rng=seed)
    a, b = L.alpha_dropout_affine(rate)
    fraction = float(np.mean(np.abs(y - (a * x + b)) > 1e-12))
    se = math.sqrt(rate * (1 - rate) / MASK_N)
    ev.show("dropped fraction", fraction)
    ev.le(abs(fraction - rate) / se, MASK_Z, what="|fraction − rate| in standard errors",
          labels=("z of the dropped fraction", "5.5"))


@LIBRARY_DROPOUT.check(given={"seed": seeds, "exponent": st.floats(-150, 150), "rate": st.floats(0.05, 0.9),
                              "mean": st.floats(-2, 2), "log_var": st.floats(-1, 1)}, examples=15,
                       precision="float64, the same seed on both sides", tolerance="relative 1e-13 elementwise")
def scale_covariance(subject, ev, seed, exponent, rate, mean, log_var):
    r"""alpha_dropout$(cx; c\mu, c^2\nu, c\alpha') = c\cdot$alpha_dropout$(x; \mu, \nu, \alpha')$ for $c = 10^e$,
    $|e| \le 150$."""
    c = 10.0**exponent
    var = 10.0**log_var
    x = mean + math.sqrt(var) * np.random.default_rng(seed).standard_normal(64)
    base = subject(x, rate, rng=seed, mean=mean, var=var, dropped=L.SATURATION01)
    scaled = subject(c * x, rate, rng=seed, mean=c * mean, var=c * c * var, dropped=c * L.SATURATION01)
    ev.show("c", c)
    ev.close(scaled / c, base, rtol=1e-13, atol=1e-13 * float(np.max(np.abs(base))), what="covariance",
             labels=("alpha_dropout(cx)/c", "alpha_dropout(x)"))
