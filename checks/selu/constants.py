"""Checks of S1 (α01, λ01 and the fixed point (0, 1)) and S2 (the Jacobian's spectral norm at (0, 1)).

Routes: the moment equations at z ~ N(0, 1) reduced to four integrals, summed as series of half-normal moments
in mpmath (no erf, no erfc); Newton's method (mpmath findroot) on the notebook's moment equations; the digits
printed in the paper and in the release; for S2, mpmath differentiation of the closed-form map at 30 digits and
Richardson-extrapolated central differences of the quadrature map.
"""

from __future__ import annotations

import functools

import mpmath

from ...theorems.selu import formulas as F
from ...theorems.selu import ground_truth as G
from ...theorems.selu.claims_constants import CONSTANTS, JACOBIAN_AT_FIXED_POINT
from .strategies import richardson_jacobian, spectral_norm

DIGITS = 40
#: 25 digits are claimed; the routes agree to DIGITS − 5 (series truncated below 10^-45, findroot to 10^-38).
AGREE = mpmath.mpf(10) ** -30
#: The paper prints 20 significant digits of each constant, the release's selu.py 32.
PAPER_DIGITS = {"alpha": "1.6732632423543772848", "lambda": "1.0507009873554804934"}
RELEASE_DIGITS = {"alpha": "1.6732632423543772848170429916717", "lambda": "1.0507009873554804934193349852946"}


@functools.lru_cache(maxsize=1)
def half_normal_series() -> tuple[mpmath.mpf, mpmath.mpf, mpmath.mpf, mpmath.mpf]:
    """(P, Q, R, S) for z ~ N(0, 1): P = E[z; z > 0] = 1/√(2π), R = E[z²; z > 0] = 1/2, and
    Q = E[eᶻ − 1; z ≤ 0] = Σ_{k≥1} (−1)^k M_k/k!, S = E[(eᶻ − 1)²; z ≤ 0] = Σ_{k≥2} (−1)^k (2^k − 2) M_k/k!, with
    the half-normal moments M_k = E[|z|^k; z > 0] = 2^{k/2 − 1} Γ((k + 1)/2)/√π; summed until the terms fall
    below 10^-(DIGITS + 5)."""
    with mpmath.workdps(DIGITS + 10):
        p = 1 / mpmath.sqrt(2 * mpmath.pi)
        r = mpmath.mpf(1) / 2
        q = s = mpmath.mpf(0)
        k = 1
        while True:
            half = mpmath.mpf(k) / 2
            moment = mpmath.power(2, half - 1) * mpmath.gamma(half + mpmath.mpf(1) / 2) / mpmath.sqrt(mpmath.pi)
            term = moment / mpmath.factorial(k)
            q += (-1) ** k * term
            s += (-1) ** k * (2**k - 2) * term
            if abs(term) * 2**k < mpmath.mpf(10) ** -(DIGITS + 5):
                break
            k += 1
        return p, q, r, s


@CONSTANTS.check(given=None, precision="mpmath, 50 digits: series of half-normal moments",
                 tolerance="relative 1e-30 (AGREE): the series is summed to 1e-45")
def reduced_equations_by_series(subject, ev):
    r"""$\tilde\mu(0, 1) = \lambda(P + \alpha Q) = 0$ gives $\alpha = -P/Q$; $\tilde\nu(0, 1) = \lambda^2(R +
    \alpha^2 S) = 1$
    gives $\lambda$; with the four integrals as series of half-normal moments, they match the closed forms."""
    p, q, r, s = half_normal_series()
    alpha, lam = subject(DIGITS)
    with mpmath.workdps(DIGITS + 10):
        alpha_series = -p / q
        lam_series = 1 / mpmath.sqrt(r + alpha_series**2 * s)
        ev.show("α by series", mpmath.nstr(alpha_series, 35))
        ev.show("λ by series", mpmath.nstr(lam_series, 35))
        ev.that(bool(abs(alpha - alpha_series) <= AGREE * alpha_series), "α differs from the series solution",
                claimed=mpmath.nstr(alpha, 35), observed=mpmath.nstr(alpha_series, 35),
                labels=("closed form α01", "series solution"))
        ev.that(bool(abs(lam - lam_series) <= AGREE * lam_series), "λ differs from the series solution",
                claimed=mpmath.nstr(lam, 35), observed=mpmath.nstr(lam_series, 35),
                labels=("closed form λ01", "series solution"))
        worst = max(abs(alpha - alpha_series) / alpha_series, abs(lam - lam_series) / lam_series,
                    mpmath.mpf(10) ** -49)
        ev.metric("agreement_digits", int(-mpmath.log10(worst)))


@functools.lru_cache(maxsize=1)
def findroot_solution() -> tuple[mpmath.mpf, mpmath.mpf]:
    """Newton's method (mpmath findroot, 40 digits) on μ̃(0, 1) = 0, ν̃(0, 1) = 1 from (1.67, 1.05), with the
    closed-form moment map."""
    with mpmath.workdps(DIGITS + 5):
        def equations(a, lam):
            mean, second = F.moments_mp(mpmath.mpf(0), mpmath.mpf(1), a, lam)
            return [mean, second - mean**2 - 1]

        root = mpmath.findroot(equations, (mpmath.mpf("1.67"), mpmath.mpf("1.05")), tol=mpmath.mpf(10) ** -(DIGITS + 2))
        return root[0], root[1]


@CONSTANTS.check(given=None, precision="mpmath findroot at 45 digits", tolerance="relative 1e-30 (AGREE)")
def newton_on_the_moment_equations(subject, ev):
    """Newton's method on the two moment equations (as the release's solver does) reaches the closed forms."""
    alpha_root, lam_root = findroot_solution()
    alpha, lam = subject(DIGITS)
    with mpmath.workdps(DIGITS + 5):
        ev.show("findroot (α, λ)", [mpmath.nstr(alpha_root, 35), mpmath.nstr(lam_root, 35)])
        for name, got, want in (("α", alpha, alpha_root), ("λ", lam, lam_root)):
            ev.that(bool(abs(got - want) <= AGREE * want), f"{name} differs from the root of the moment equations",
                    claimed=mpmath.nstr(got, 35), observed=mpmath.nstr(want, 35),
                    labels=(f"closed form {name}", "findroot"))


@CONSTANTS.check(given=None, precision="decimal strings compared at their printed length",
                 tolerance="the printed digits, rounded: half a unit in the last printed place")
def stated_digits(subject, ev):
    """The closed forms round to the 20 digits the paper prints and the 32 digits of the release's selu.py."""
    alpha, lam = subject(DIGITS)
    for source, digits in (("paper", PAPER_DIGITS), ("release", RELEASE_DIGITS)):
        for name, value in (("alpha", alpha), ("lambda", lam)):
            text = digits[name]
            places = len(text.split(".")[1])
            with mpmath.workdps(DIGITS + 5):
                gap = abs(value - mpmath.mpf(text))
                ev.that(bool(gap <= mpmath.mpf(10) ** -places / 2), f"{name} does not round to the {source}'s "
                        f"{text}", claimed=mpmath.nstr(value, places + 3), observed=text,
                        labels=(f"closed form {name}", f"{source} digits"))


@CONSTANTS.check(given=None, precision="mpmath, 30 digits: the closed-form moment map",
                 tolerance="absolute 1e-25 on both coordinates")
def fixed_point_at_30_digits(subject, ev):
    """With the subject's (α, λ), g(0, 1) = (0, 1) at ω = 0, τ = 1 to 25 digits; with λ rounded to 1.05 the fixed
    point moves (recorded)."""
    with mpmath.workdps(30):
        alpha, lam = subject(30)
        mean, var = F.map_mp(mpmath.mpf(0), mpmath.mpf(1), mpmath.mpf(0), mpmath.mpf(1), alpha, lam)
        ev.show("g(0, 1)", [mpmath.nstr(mean, 25), mpmath.nstr(var, 25)])
        ev.that(bool(abs(mean) <= mpmath.mpf(10) ** -25 and abs(var - 1) <= mpmath.mpf(10) ** -25),
                "(0, 1) is not a fixed point to 25 digits", claimed=[mpmath.nstr(mean, 10), mpmath.nstr(var, 10)],
                observed=[0, 1], labels=("g(0, 1)", "(0, 1)"))
    ev.metric("rounded_lambda_nu", mpmath.nstr(_rounded_lambda_fixed_point()[1], 8))


@functools.lru_cache(maxsize=1)
def _rounded_lambda_fixed_point() -> tuple[mpmath.mpf, mpmath.mpf]:
    """The fixed point of g at ω = 0, τ = 1 with λ = 1.05 (α = α01), by findroot at 30 digits."""
    with mpmath.workdps(30):
        alpha = F.constants_closed_form(30)[0]
        zero, one = mpmath.mpf(0), mpmath.mpf(1)

        def equations(mu, nu):
            g_mu, g_nu = F.map_mp(mu, nu, zero, one, alpha, mpmath.mpf("1.05"))
            return [g_mu - mu, g_nu - nu]

        root = mpmath.findroot(equations, (zero, one))
        return root[0], root[1]


# -- S2 ----------------------------------------------------------------------------------------------------

#: Richardson-extrapolated central differences of the quadrature map: truncation O(h⁴) ≈ 1e-12 at h = 1e-3,
#: quadrature error 1e-13 relative divided by h ≈ 1e-10. The 30-digit route is exact to far below EXACT_RTOL,
#: which allows the float64 evaluation of the library's Jacobian (a few ulps per term).
DIFFERENCE_RTOL = 1e-8
EXACT_RTOL = 1e-12
STATED = 0.7877


@JACOBIAN_AT_FIXED_POINT.check(given=None, precision="float64 against mpmath 30 digits and quadrature differences",
                               tolerance=f"relative {EXACT_RTOL:g} against 30 digits, {DIFFERENCE_RTOL:g} against "
                                         "Richardson differences; the stated 0.7877 to half a unit of its last digit")
def spectral_norm_at_zero_one(subject, ev):
    r"""$\lVert\mathcal J(0, 1)\rVert_2$ at $\omega = 0$, $\tau = 1$ from the subject equals the 30-digit derivative of
    the closed-form map and the extrapolated differences of the quadrature map, and rounds to 0.7877."""
    jac = subject(0.0, 1.0, 0.0, 1.0)
    norm = spectral_norm(jac)
    exact = F.jacobian_norm_truth(1.0, 1.0)
    differences = richardson_jacobian(G.quadrature_map, 0.0, 1.0, 0.0, 1.0)
    ev.show("J (subject)", jac)
    ev.show("J (quadrature differences)", differences)
    ev.metric("eight_digits", f"{exact:.8f}")
    ev.metric("d_mean_d_nu", f"{differences[0, 1]:.8f}")
    ev.metric("d_var_d_nu", f"{differences[1, 1]:.8f}")
    ev.close(norm, exact, rtol=EXACT_RTOL, what="‖J(0, 1)‖₂", labels=("subject's ‖J‖₂", "30-digit ‖J‖₂"))
    ev.close(jac, differences, rtol=DIFFERENCE_RTOL, atol=DIFFERENCE_RTOL, what="J(0, 1)",
             labels=("subject's J", "quadrature differences"))
    ev.le(abs(norm - STATED), 5e-5, what="|‖J‖₂ − 0.7877|", labels=("|‖J‖₂ − 0.7877|", "half a unit in the 4th digit"))
    ev.lt(norm, 1.0, what="‖J(0, 1)‖₂ < 1", labels=("‖J(0, 1)‖₂", "1"))
