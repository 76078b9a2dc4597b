"""Sympy derivations of the contrastive_hardness claims, for K = 3 negatives where a general K has no finite
symbolic form (each step holds term by term for any K)."""

from __future__ import annotations

import sympy as sp

from claimkit import Derivation

from .claims_gradient import BALANCE, BALANCE_WITHOUT_POSITIVE, GRADIENT, SIMPLE_EQUAL, SOFTMAX_UNEQUAL
from .claims_hardness import (
    ENTROPY_SLOPE,
    ENTROPY_SLOPE_FORMULA,
    ENTROPY_STRICT,
    ENTROPY_WEAK,
    INCREASING,
    INCREASING_K2,
)
from .claims_limits import FIRST_ORDER, HIGH_LIMIT, LOW_BOUND, LOW_LIMIT

tau = sp.Symbol("tau", positive=True)
s0 = sp.Symbol("s_ii", real=True)
neg = sp.symbols("s_i1:4", real=True)
lam = sp.Symbol("lambda", positive=True)


def _same(d: Derivation, lhs, rhs, label: str) -> None:
    """Close lhs = rhs: over a common denominator (a product of sums of exponentials, positive), the numerator of
    lhs − rhs expands to 0 as a polynomial in the exponentials and the similarities. Only the expanded numerator
    is typeset (the expressions themselves run to pages)."""
    numerator = sp.together(sp.sympify(lhs) - sp.sympify(rhs)).as_numer_denom()[0]
    d.close(sp.expand(numerator), 0, label + ": the numerator of the difference over a common positive denominator, "
            "expanded", method="expand")


def _loss(include_positive: bool = True):
    terms = [sp.exp(s / tau) for s in neg]
    denom = sum(terms) + (sp.exp(s0 / tau) if include_positive else 0)
    return -sp.log(sp.exp(s0 / tau) / denom), terms, denom


@GRADIENT.derivation("differentiate")
def _gradient(d: Derivation) -> None:
    """Differentiate $L_i$ for $K = 3$ and compare with $-\\frac1\\tau\\sum_k P_{ik}$ and $P_{ij}/\\tau$."""
    loss, terms, denom = _loss()
    loss = d.step(r"$L_i$", sp.expand_log(loss, force=True), "definition, log of a quotient")
    p = [t / denom for t in terms]
    _same(d, sp.diff(loss, s0), -sum(p) / tau, r"$\partial L_i/\partial s_{ii} = -\frac1\tau\sum_k P_{ik}$")
    for s, pj in zip(neg, p):
        _same(d, sp.diff(loss, s), pj / tau, rf"$\partial L_i/\partial {sp.latex(s)} = P/\tau$")


@BALANCE.derivation("gradient_sums_to_zero")
def _balance(d: Derivation) -> None:
    """The sum of all partial derivatives of $L_i$ is 0 (shift invariance), so the positive's equals minus the
    negatives' sum."""
    loss, _, _ = _loss()
    total = sp.diff(loss, s0) + sum(sp.diff(loss, s) for s in neg)
    _same(d, total, 0, r"$\partial L/\partial s_{ii} + \sum_j \partial L/\partial s_{ij} = 0$")


@BALANCE_WITHOUT_POSITIVE.derivation("gradient_sums_to_zero")
def _balance_without(d: Derivation) -> None:
    """Without the positive in the denominator: $-1/\\tau$, $r_{ij}/\\tau$, summing to 0."""
    loss, terms, denom = _loss(include_positive=False)
    _same(d, sp.diff(loss, s0), -1 / tau, r"$\partial L'/\partial s_{ii} = -1/\tau$")
    for s, t in zip(neg, terms):
        _same(d, sp.diff(loss, s), t / denom / tau, r"$\partial L'/\partial s_{ij} = r_{ij}/\tau$")
    _same(d, sp.diff(loss, s0) + sum(sp.diff(loss, s) for s in neg), 0, "the partials sum to 0")


@SIMPLE_EQUAL.derivation("differentiate")
def _simple(d: Derivation) -> None:
    """$\\partial L_{\\mathrm{simple}}/\\partial s_{ij} = \\lambda$ for each negative."""
    simple = d.step(r"$L_{\mathrm{simple}}$", -s0 + lam * sum(neg), "definition")
    for s in neg:
        d.close(sp.diff(simple, s), lam, rf"$\partial L_{{\mathrm{{simple}}}}/\partial {sp.latex(s)} = \lambda$")


@SOFTMAX_UNEQUAL.derivation("weight_ratio")
def _unequal(d: Derivation) -> None:
    """The ratio of two negatives' gradients is $e^{(s_{ij} - s_{ik})/\\tau}$, which is 1 only when they are
    equal."""
    loss, _, _ = _loss()
    ratio = d.step("ratio", sp.diff(loss, neg[0]) / sp.diff(loss, neg[1]), "differentiate, divide")
    _same(d, ratio * sp.exp(neg[1] / tau), sp.exp(neg[0] / tau),
          r"the ratio is $e^{(s_{i1} - s_{i2})/\tau} = e^{s_{i1}/\tau}/e^{s_{i2}/\tau}$")
    roots = sp.solve(sp.Eq(sp.exp((neg[0] - neg[1]) / tau), 1), neg[0])
    d.close(sp.Integer(len(roots)), 1, r"$e^{(s_{i1} - s_{i2})/\tau} = 1$ has one real root in $s_{i1}$")
    d.close(roots[0], neg[1], r"it equals 1 only at $s_{i1} = s_{i2}$")


def _penalty_steps(d: Derivation):
    loss, terms, _ = _loss()
    r = [t / sum(terms) for t in terms]
    pos = sp.diff(loss, s0)
    for s, rj in zip(neg, r):
        _same(d, sp.diff(loss, s) / (-pos), rj, rf"$|\partial L/\partial {sp.latex(s)}| / |\partial L/\partial "
              r"s_{ii}| = r$")
    _same(d, sum(r), 1, r"$\sum_k r_k = 1$")
    _same(d, sp.diff(r[0], neg[0]), r[0] * (1 - r[0]) / tau, r"$\partial r_{i1}/\partial s_{i1} = r(1 - r)/\tau$")


@INCREASING_K2.derivation("boltzmann_and_derivative")
def _increasing(d: Derivation) -> None:
    """For $K = 3$: $r$ is the ratio of the stated gradients, a softmax at inverse temperature $1/\\tau$, with
    $\\partial r_j/\\partial s_j = r_j(1 - r_j)/\\tau$, positive since $0 < r_j < 1$ for $K \\ge 2$."""
    _penalty_steps(d)


@INCREASING.derivation("single_negative", shows="negation")
def _single(d: Derivation) -> None:
    """For $K = 1$, $r_i(s_{ij}) = 1$ for every $s_{ij}$: its derivative is 0, not positive."""
    s = neg[0]
    r = d.step(r"$r$ for $K = 1$", sp.exp(s / tau) / sp.exp(s / tau), "one term over itself")
    d.close(sp.diff(r, s), 0, r"$\partial r/\partial s_{ij} = 0$ for $K = 1$")


@ENTROPY_STRICT.derivation("ties", shows="negation")
def _ties(d: Derivation) -> None:
    """All $K = 3$ negatives equal: $r$ is uniform and $H = \\log 3$ at every $\\tau$, so $dH/d\\tau = 0$."""
    c = sp.Symbol("c", real=True)
    r = [sp.exp(c / tau) / (3 * sp.exp(c / tau))] * 3
    entropy = d.step("H at a tie", sp.expand_log(sp.simplify(-sum(x * sp.log(x) for x in r))), "uniform weights")
    d.close(sp.diff(entropy, tau), 0, r"$dH/d\tau = 0$")


@ENTROPY_WEAK.derivation("two_negatives")
def _weak(d: Derivation) -> None:
    """For $K = 2$: $dH/d\\tau = r_1 r_2 (s_1 - s_2)^2/\\tau^3$, non-negative and zero only at $s_1 = s_2$ (the
    variance form for $K = 3$ is contrastive_hardness.entropy_slope's derivation)."""
    a, b = neg[0], neg[1]
    w = [sp.exp(a / tau), sp.exp(b / tau)]
    r = [x / sum(w) for x in w]
    entropy = d.step(r"$H(\tau)$", sp.log(sum(w)) - (r[0] * a + r[1] * b) / tau,
                     r"$-\sum_k r_k\log r_k$ with $\log r_k = s_k/\tau - \log Z$")
    slope = r[0] * r[1] * (a - b) ** 2 / tau**3
    _same(d, sp.diff(entropy, tau), slope, r"$dH/d\tau = r_1 r_2 (s_1 - s_2)^2/\tau^3$")
    d.close_true(sp.Ge(slope, 0), r"$dH/d\tau \ge 0$")
    _same(d, slope * tau**3 / (r[0] * r[1]), (a - b) ** 2, r"$dH/d\tau = \frac{r_1 r_2}{\tau^3}(s_1 - s_2)^2$, "
          r"$r_1 r_2/\tau^3 > 0$")
    roots = sp.solve((a - b) ** 2, a)
    d.close(sp.Integer(len(roots)), 1, r"$(s_1 - s_2)^2 = 0$ has one root in $s_1$")
    d.close(roots[0], b, r"$dH/d\tau = 0$ only at $s_1 = s_2$")


@ENTROPY_SLOPE.derivation("variance_form")
def _slope(d: Derivation) -> None:
    """$H = \\log Z - \\sum_k r_k s_k/\\tau$; its $\\tau$-derivative equals the stated pairwise form, which is
    $\\mathrm{Var}_r(s)/\\tau^3$ (with $\\beta = 1/\\tau$: $dH/d\\beta = -\\beta\\,\\mathrm{Var}_r(s)$)."""
    w = [sp.exp(s / tau) for s in neg]
    z = sum(w)
    r = [x / z for x in w]
    mean = sum(x * s for x, s in zip(r, neg))
    d.step(r"$H(\tau)$, with $Z = \sum_k e^{s_k/\tau}$ and $\bar s = \sum_k r_k s_k$",
           sp.log(sp.Symbol("Z")) - sp.Symbol(r"\bar{s}") / tau,
           r"$-\sum_k r_k\log r_k$ with $\log r_k = s_k/\tau - \log Z$ and $\sum_k r_k = 1$")
    entropy = sp.log(z) - mean / tau
    var = sum(x * (s - mean) ** 2 for x, s in zip(r, neg))
    sub = dict(zip(sp.symbols("s_1 s_2 s_3", real=True), neg))
    stated = ENTROPY_SLOPE_FORMULA.expr.subs(sub).subs(sp.Symbol("tau", positive=True), tau)
    _same(d, sp.diff(entropy, tau), stated, r"$dH/d\tau$ equals the stated pairwise form")
    _same(d, var / tau**3, stated, r"the pairwise form is $\mathrm{Var}_r(s)/\tau^3$")


@LOW_LIMIT.derivation("limits_at_rational_points")
def _low_limit(d: Derivation) -> None:
    """$\\tau L_i = \\max(s) - s_{ii} + \\tau\\log\\sum_k e^{(s_k - \\max s)/\\tau}$, and $\\tau\\log c \\to 0$ for
    $c \\in [1, K + 1]$; sympy's limit at two rational configurations (the positive wins: 0, the clamp; a negative
    wins: the gap)."""
    c = sp.Symbol("c", positive=True)
    d.close(sp.limit(tau * sp.log(c), tau, 0, "+"), 0, r"$\tau\log c \to 0$")
    half, third = sp.Rational(1, 2), sp.Rational(1, 3)
    for pos, negs, want in ((half, (third,), 0), (third, (half,), half - third)):
        expr = tau * sp.log(1 + sum(sp.exp((s - pos) / tau) for s in negs))
        d.close(sp.limit(expr, tau, 0, "+"), want, rf"$s_{{ii}} = {sp.latex(pos)}$, negatives "
                rf"${sp.latex(sp.Tuple(*negs))}$: limit ${sp.latex(want)}$")


@LOW_BOUND.derivation("log_sum_exp_sandwich")
def _bound(d: Derivation) -> None:
    """With $m = \\max(s_{ii}, \\max_k s_{ik})$, $\\tau L_i - (m - s_{ii}) = \\tau\\log\\sum e^{(s - m)/\\tau}$, and the
    sum of $K + 1$ terms in $(0, 1]$ containing a 1 lies in $[1, K + 1]$."""
    y = sp.symbols("y1:4", nonnegative=True)
    terms = [sp.exp(-v) for v in y]
    total = d.step("sum", 1 + sum(terms), r"the largest term is 1, the others $e^{-y_k}$ with $y_k \ge 0$")
    d.close_true(sp.Ge(total, 1), r"the sum is at least 1")
    t = sp.symbols("t1:4", nonnegative=True)
    slack = d.step(r"$K + 1 - \mathrm{sum}$ with $e^{-y_k} = 1/(1 + t_k)$, $t_k = e^{y_k} - 1 \ge 0$",
                   sum(1 - 1 / (1 + v) for v in t), "reparametrise each term in (0, 1]")
    terms_t = sum(v / (1 + v) for v in t)
    _same(d, slack, terms_t, r"$\sum_k (1 - \frac{1}{1 + t_k}) = \sum_k \frac{t_k}{1 + t_k}$")
    d.close_true(sp.Ge(terms_t, 0), r"$K + 1 - \mathrm{sum} \ge 0$")
    d.close(total.subs({v: 0 for v in y}), 4, r"the sum is $K + 1 = 4$ at a tie")


@HIGH_LIMIT.derivation("limit_at_infinity")
def _high(d: Derivation) -> None:
    """$\\lim_{\\tau\\to\\infty}\\tau(L_i - \\log 4)$ for $K = 3$ by sympy, against the stated term at $K = 3$."""
    loss, _, _ = _loss()
    u = sp.Symbol("u", positive=True)
    f = d.step(r"$f(u) = L_i - \log 4$ at $\tau = 1/u$", (loss - sp.log(4)).subs(tau, 1 / u), "substitute")
    d.close(f.subs(u, 0), 0, r"$f(0) = 0$, so $\lim_{u \to 0^+} f(u)/u = f'(0)$ ($f$ is smooth)")
    got = d.step(r"$f'(0)$", sp.diff(f, u).subs(u, 0), "differentiate at 0")
    stated = FIRST_ORDER.expr.subs({sp.Symbol("K", positive=True, integer=True): 3,
                                    sp.Symbol("s_pos", real=True): s0,
                                    sp.Symbol("s_mean", real=True): sum(neg) / 3})
    d.close(got, stated, r"$\frac{3}{4}(\bar s - s_{ii})$")
