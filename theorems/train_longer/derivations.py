"""Sympy derivations of the train_longer claims.

T1 (the covariance of the batch mean from the inclusion indicators, and the negation of the stated form), T2 and
T3 (the covariance ratios of the two learning-rate rules and the negation of "unchanged"), T6 (update counts in
integer arithmetic: the CIFAR-10 counts and the bounds on the excess), T7 (the release's weights per example),
and the reference batch of main_normal.py.
"""

from __future__ import annotations

import sympy as sp

from claimkit import Derivation

from . import claims_noise as CN
from . import claims_release as CR

_N, _M, _k = sp.symbols("N M k", positive=True)
_A, _s, _u = sp.symbols("A s u", real=True)  # Σ_n g_ni g_nj, Σ_n g_ni, Σ_n g_nj


def _exact_factor(N, M):
    """(1/M − 1/N)/(N − 1): the factor of the centred second moment in the exact covariance."""
    return (1 / M - 1 / N) / (N - 1)


def _indicator_covariance(d: Derivation | None = None):
    """Cov(ĝ)_ij from the inclusion indicators, as an expression in N, M, A, s, u."""
    p = _M / _N
    var_s = p * (1 - p)
    cov_s = _M * (_M - 1) / (_N * (_N - 1)) - p**2
    expr = (var_s * _A + cov_s * (_s * _u - _A)) / _M**2
    if d is not None:
        d.step(r"$\operatorname{Var}(s_n) = \frac{M}{N}\left(1 - \frac{M}{N}\right)$", var_s,
               r"$s_n \in \{0, 1\}$, $\mathbb{E}s_n = M/N$")
        d.step(r"$\operatorname{Cov}(s_n, s_m) = \frac{M(M - 1)}{N(N - 1)} - \frac{M^2}{N^2}$, $n \ne m$",
               sp.factor(cov_s), r"$\mathbb{E}[s_n s_m] = \binom{N - 2}{M - 2}/\binom{N}{M}$")
        d.step(r"$\operatorname{Cov}(\hat g)_{ij} = \frac{1}{M^2}\big(\operatorname{Var}(s)\,A + "
               r"\operatorname{Cov}(s, s')\,(s_i u_j - A)\big)$ with $A = \sum_n g_{ni}g_{nj}$, $s = \sum_n g_{ni}$, "
               r"$u = \sum_n g_{nj}$", expr, r"$\sum_{n \ne m} g_{ni}g_{mj} = su - A$")
    return expr


@CN.COVARIANCE_EXACT.derivation("inclusion_indicators")
def _exact(d: Derivation) -> None:
    r"""$\hat g = \frac{1}{M}\sum_n s_n g_n$ with the inclusion indicators $s_n$; their variances and covariances
    give $\operatorname{Cov}(\hat g)$, which sympy reduces to the centred form; at $\bar g = 0$ the stated form is
    $\frac{N - 1}{N}$ times it, and that tends to 1."""
    cov = _indicator_covariance(d)
    target = _exact_factor(_N, _M) * (_A - _s * _u / _N)
    d.close(sp.cancel(cov), sp.cancel(target), r"$\operatorname{Cov}(\hat g)_{ij} = \left(\frac{1}{M} - "
            r"\frac{1}{N}\right)\frac{1}{N - 1}\big(A - su/N\big)$, the centred second moment (both sides as "
            "reduced fractions)", method="expand")
    stated = (1 / _M - 1 / _N) / _N * _A
    ratio = d.step(r"stated over exact at $\bar g = 0$ ($s = u = 0$)", sp.cancel(stated / target.subs({_s: 0})),
                   "divide, reduce the fraction")
    d.close(ratio, sp.cancel((_N - 1) / _N), r"the stated form is $\frac{N - 1}{N}$ times the covariance when "
            r"$\bar g = 0$", method="expand")
    d.close(sp.limit(ratio, _N, sp.oo), 1, r"$\frac{N - 1}{N} \to 1$ as $N \to \infty$")


@CN.COVARIANCE_AS_STATED.derivation("witness_two_examples", shows="negation")
def _stated_negation(d: Derivation) -> None:
    r"""At $N = 2$, $M = 1$, $g = (1, -1)$ (so $\bar g = 0$): the batch mean is $\pm 1$ with probability
    $\frac{1}{2}$ each, variance 1; the stated form gives $\frac{1}{2}$."""
    g = [sp.Integer(1), sp.Integer(-1)]
    var = d.step(r"$\operatorname{Var}\hat g$ over the two batches $\{1\}, \{2\}$",
                 sum(x**2 for x in g) / 2 - (sum(g) / 2) ** 2, "enumeration")
    stated = d.step("the stated form", (sp.Integer(1) - sp.Rational(1, 2)) * sp.Rational(1, 2) * sum(x**2 for x in g),
                    r"$(1/M - 1/N)\frac{1}{N}\sum g^2$")
    d.close(var - stated, sp.Rational(1, 2), r"they differ by $\frac{1}{2}$")


@CN.SQRT_RULE_RATIO.derivation("from_the_exact_covariance")
def _sqrt_ratio(d: Derivation) -> None:
    r"""$\operatorname{Cov}(\Delta w) = \eta^2(1/M - 1/N)S$: the ratio after $(\sqrt{k}\eta, kM)$ is
    $k(1/(kM) - 1/N)/(1/M - 1/N)$; its distance from 1 and its limit."""
    ratio = d.step(r"$k\,\frac{1/(kM) - 1/N}{1/M - 1/N}$", _k * (1 / (_k * _M) - 1 / _N) / (1 / _M - 1 / _N),
                   r"$\eta^2 \to k\eta^2$, $M \to kM$, $S$ unchanged")
    d.close(sp.cancel(ratio), sp.cancel((_N - _k * _M) / (_N - _M)), r"$= \frac{N - kM}{N - M}$", method="expand")
    d.close(sp.cancel(1 - ratio), sp.cancel((_k - 1) * _M / (_N - _M)), r"$1 - R = \frac{(k - 1)M}{N - M}$",
            method="expand")
    d.close(sp.limit(ratio, _N, sp.oo), 1, r"$R \to 1$ as $N \to \infty$ at fixed $k, M$")
    d.close(sp.cancel(ratio.subs(_N, _k * _M)), 0, r"$R = 0$ at $kM = N$", method="expand")


@CN.SQRT_RULE_AS_STATED.derivation("ratio_differs_from_one", shows="negation")
def _sqrt_negation(d: Derivation) -> None:
    r"""$R - 1 = -(k - 1)M/(N - M)$, nonzero for $k > 1$; at $N = 4$, $M = 1$, $k = 2$ it is $-\frac{1}{3}$."""
    gap = (_N - _k * _M) / (_N - _M) - 1
    d.close(sp.cancel(gap), sp.cancel(-(_k - 1) * _M / (_N - _M)), r"$R - 1 = -\frac{(k - 1)M}{N - M}$",
            method="expand")
    d.close(gap.subs({_N: 4, _M: 1, _k: 2}), sp.Rational(-1, 3), r"at $N = 4$, $M = 1$, $k = 2$: $-\frac{1}{3}$")


@CN.LINEAR_RULE_RATIO.derivation("from_the_exact_covariance")
def _linear_ratio(d: Derivation) -> None:
    r"""The ratio after $(k\eta, kM)$ is $k^2(1/(kM) - 1/N)/(1/M - 1/N)$; it equals 1 exactly when $k = 1$ or
    $kM = N - M$."""
    ratio = d.step(r"$k^2\,\frac{1/(kM) - 1/N}{1/M - 1/N}$", _k**2 * (1 / (_k * _M) - 1 / _N) / (1 / _M - 1 / _N),
                   r"$\eta^2 \to k^2\eta^2$, $M \to kM$")
    d.close(sp.cancel(ratio), sp.cancel(_k * (_N - _k * _M) / (_N - _M)), r"$= \frac{k(N - kM)}{N - M}$",
            method="expand")
    d.close(sp.cancel(ratio - 1), sp.cancel((_k - 1) * (_N - (_k + 1) * _M) / (_N - _M)),
            r"$R - 1 = \frac{(k - 1)(N - (k + 1)M)}{N - M}$", method="expand")
    d.close(sp.limit(ratio, _N, sp.oo), _k, r"$R \to k$ as $N \to \infty$")


@CN.LINEAR_RULE_AS_STATED.derivation("ratio_differs_from_one", shows="negation")
def _linear_negation(d: Derivation) -> None:
    r"""At $N = 4$, $M = 1$, $k = 2$ the linear rule's ratio is $\frac{4}{3}$, not 1."""
    ratio = _k * (_N - _k * _M) / (_N - _M)
    d.close(ratio.subs({_N: 4, _M: 1, _k: 2}) - 1, sp.Rational(1, 3), r"$R - 1 = \frac{1}{3}$ there")


# -- T6 -------------------------------------------------------------------------------------------------


@CR.REGIME_EQUAL_UPDATES.derivation("cifar_counts", shows="negation")
def _cifar_counts(d: Derivation) -> None:
    r"""Per base epoch on CIFAR-10: $16\lceil 50000/2048\rceil = 400$ and $32\lceil 50000/4096\rceil = 416$ updates
    against $\lceil 50000/128\rceil = 391$."""
    small = d.step(r"$\lceil 50000/128\rceil$", sp.ceiling(sp.Rational(50000, 128)), "integer arithmetic")
    b2048 = d.step(r"$\lceil 2048/128\rceil \lceil 50000/2048\rceil$",
                   sp.ceiling(sp.Rational(2048, 128)) * sp.ceiling(sp.Rational(50000, 2048)), "integer arithmetic")
    b4096 = d.step(r"$\lceil 4096/128\rceil \lceil 50000/4096\rceil$",
                   sp.ceiling(sp.Rational(4096, 128)) * sp.ceiling(sp.Rational(50000, 4096)), "integer arithmetic")
    d.close(b2048 - small, 9, "9 more updates per base epoch at $B = 2048$")
    d.close(b4096 - small, 25, "25 more updates per base epoch at $B = 4096$")


@CR.UPDATE_BOUNDS.derivation("ceiling_arithmetic")
def _bounds(d: Derivation) -> None:
    r"""With $q = \lceil N/(kb)\rceil$ write $N/b = kq - r$, $0 \le r < k$; then $\lceil N/b\rceil = kq +
    \lceil -r\rceil$ and the excess is $-\lceil -r\rceil$, in $[0, k - 1]$."""
    k, q, b = sp.symbols("k q b", positive=True, integer=True)
    r = sp.Symbol("r", nonnegative=True)
    s = sp.Symbol("s", positive=True)
    excess = d.step(r"$kq - \lceil N/b\rceil$ with $N = b(kq - r)$", k * q - sp.ceiling(b * (k * q - r) / b),
                    r"$q = \lceil N/(kb)\rceil$ means $0 \le r < k$")
    d.close(excess, -sp.ceiling(-r), r"the excess is $-\lceil -r\rceil = \lfloor r\rfloor$", method="simplify")
    d.close_true(sp.Ge(excess, 0), r"$r \ge 0$: the excess is at least 0")
    d.close_true(sp.Le(excess.subs(r, k - s), k - 1), r"$r = k - s$ with $s > 0$: the excess is at most $k - 1$")
    d.close(excess.subs(r, 0), 0, r"$r = 0$ ($kb$ divides $N$) attains 0")
    d.close(excess.subs(r, k - sp.Rational(1, 2)), k - 1, r"$r = k - \frac{1}{2}$ attains $k - 1$")


@CR.NORMAL_REFERENCE.derivation("constants_of_the_code", shows="negation")
def _normal_reference(d: Derivation) -> None:
    r"""At $B = 4096$ the help strings give $(4096/128)^{1/2} = 4\sqrt{2}$ and 32 epochs per epoch, the code
    $(4096/256)^{1/2} = 4$ and 16."""
    helped = d.step(r"$(4096/128)^{1/2}$", sp.sqrt(sp.Rational(4096, 128)), "the help strings")
    coded = d.step(r"$(4096/256)^{1/2}$", sp.sqrt(sp.Rational(4096, 256)), "lines 163–167")
    d.close(helped / coded, sp.sqrt(2), r"the learning rates differ by $\sqrt{2}$")
    d.close(sp.ceiling(sp.Rational(4096, 128)) / sp.ceiling(sp.Rational(4096, 256)), 2, "the epochs by 2")


# -- T7 -------------------------------------------------------------------------------------------------


@CR.GHOST_MEAN.derivation("witness_three_examples", shows="negation")
def _ghost_negation(d: Derivation) -> None:
    r"""$n = 3$, $C = 2$: torch.chunk makes chunks of 2 and 1; the release gives
    $\frac{1}{2}\big(\frac{g_1 + g_2}{2} + g_3\big)$, the mean is $\frac{g_1 + g_2 + g_3}{3}$."""
    g1, g2, g3 = sp.symbols("g_1 g_2 g_3", real=True)
    release = d.step("the release", ((g1 + g2) / 2 + g3) / 2, r"$C' = 2$ chunks returned")
    mean = d.step("the batch mean", (g1 + g2 + g3) / 3, "definition")
    d.close(release - mean, (2 * g3 - g1 - g2) / 12, r"the difference, nonzero unless $2g_3 = g_1 + g_2$",
            method="expand")


@CR.EQUAL_CHUNKS.derivation("weights_per_example")
def _equal_chunks(d: Derivation) -> None:
    r"""Example $i$ weighs $1/(C' n_{c(i)})$. Chunks of one size $s$: $C' = n/s$ and every weight is $1/n$. Two
    sizes $t + q > q$: the weights differ, so some unit gradient set separates the release from the mean."""
    n, s, c, t, q = sp.symbols("n s C t q", positive=True)
    d.close(1 / ((n / s) * s), 1 / n, r"equal sizes: $\frac{1}{C' s} = \frac{1}{n}$")
    gap = d.step(r"$\frac{1}{C q} - \frac{1}{C(t + q)}$", 1 / (c * q) - 1 / (c * (t + q)), "two sizes")
    d.close_true(sp.Gt(sp.factor(gap), 0), r"the smaller chunk's examples weigh more")
