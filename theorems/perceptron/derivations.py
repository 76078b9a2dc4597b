"""Sympy derivations of the perceptron claims (Tyurin, arXiv 2412.08424).

The limits of the logistic weights σ(−γm) (Thm 3.2's proof, with and without ties), LR+GD's first
step, the weighted Novikoff argument of Thm 3.3, Novikoff's bound (Thms 5.2, 5.3), Thm 6.1's bound and
its Jensen step, the limit of Normalized LR+GD's step (§6), Thm 4.1's closed forms, BP's margins and
tie condition on Thm 5.1's dataset, and the loss slopes of the abstract (i). Derivations marked
``shows="negation"`` prove a refuted statement false on its smallest counterexample.
"""

from __future__ import annotations

import functools

import sympy as sp

from claimkit import Derivation

from .claims import (
    BP_BOUND,
    FIRST_STEP,
    JENSEN,
    LIMIT_WITH_TIES,
    LOSS_AT_SOLUTION,
    LOSS_MONOTONE,
    LOSS_SLOPE,
    LR_TO_BP,
    LR_TO_BP_ANY_DATA,
    LR_TO_BP_ANY_START,
    NBP_BOUND,
    NLR_BOUND,
    NORMALIZED_LIMIT,
    PERCEPTRON_BOUND,
    SIGMOID_LIMIT,
    THM41,
    THM51,
    THM51_ASSUMPTION,
    THM51_COUNT,
    THM51_TIES,
)

# -- derivations -----------------------------------------------------------------------------------

_g = sp.Symbol("gamma", positive=True)
_mpos = sp.Symbol("m", positive=True)
_mneg = sp.Symbol("m", negative=True)


def _sig(x: sp.Expr) -> sp.Expr:
    return 1 / (1 + sp.exp(-x))


@functools.cache
def _limit(expr: sp.Expr, var: sp.Symbol, point: sp.Expr) -> sp.Expr:
    """sympy's limit of ``expr`` as ``var`` → ``point``, computed once: several proofs take the same limits."""
    return sp.limit(expr, var, point)


def _weight_limit(margin: sp.Symbol) -> sp.Expr:
    r"""$\lim_{\gamma\to\infty} \sigma(-\gamma m)$ for a margin known to be positive or negative. It depends on the
    sign alone, so sympy takes it once per sign, on the symbol $m$ with that sign."""
    if margin.is_positive:
        return _limit(_sig(-_g * _mpos), _g, sp.oo)
    if margin.is_negative:
        return _limit(_sig(-_g * _mneg), _g, sp.oo)
    raise ValueError(f"the sign of {margin} is not known")


@SIGMOID_LIMIT.derivation("limits_of_the_weight")
def _sigmoid_limits(d: Derivation) -> None:
    r"""$\lim_{\gamma\to\infty} \sigma(-\gamma m)$ for $m > 0$, $m < 0$, and the value at $m = 0$ for every $\gamma$."""
    d.close(_weight_limit(_mpos), 0, r"$m > 0$: $\sigma(-\gamma m) \to 0$")
    d.close(_weight_limit(_mneg), 1, r"$m < 0$: $\sigma(-\gamma m) \to 1$")
    d.close(_sig(-_g * 0), sp.Rational(1, 2),
            r"$m = 0$: $\sigma(-\gamma \cdot 0) = 1/2$ for every $\gamma$ (a tie keeps weight $1/2$)")
    # A perturbed tie: margin γ·(c e^{−aγ}) of a near-tied point still gives weight 1/2 in the limit.
    a, c = sp.symbols("a c", positive=True)
    d.close(sp.limit(_sig(-_g * c * sp.exp(-a * _g)), _g, sp.oo), sp.Rational(1, 2),
            "an exponentially small perturbation of a tie still tends to 1/2")


def _symbolic_data(n: int) -> list[sp.Matrix]:
    return [sp.Matrix(sp.symbols(f"z{i}_1:3", real=True)) for i in range(1, n + 1)]


@FIRST_STEP.derivation("one_gd_step_from_zero")
def _first_step(d: Derivation) -> None:
    r"""$\theta_1 = 0 - \gamma\nabla f(0) = \frac{\gamma}{n}\sum_i \sigma(0) z_i$, for three symbolic points in
    the plane."""
    zs = _symbolic_data(3)
    theta1 = d.step(r"$\theta_1 = \frac{\gamma}{n}\sum_i \sigma(-z_i^\top 0)\, z_i$",
                    (_g / 3) * sum((_sig(0) * z for z in zs), sp.zeros(2, 1)), "one gradient step from zero")
    target = sum(zs, sp.zeros(2, 1)) / 6
    for k in range(2):
        d.close(theta1[k] / _g, target[k], f"component {k + 1}: " + r"$\theta_1/\gamma = \frac{1}{2n}\sum_i z_i$")


_x = sp.Symbol("x", real=True)


def _close_over_common_denominator(d: Derivation, lhs: sp.Expr, rhs: sp.Expr, label: str) -> None:
    """Close ``lhs = rhs`` (recorded as stated) by writing both sides over a common denominator (``cancel``, exact for
    rational functions of exponentials) and expanding the difference."""
    d.step(label, sp.Eq(lhs, rhs, evaluate=False), "to show")
    d.close(sp.cancel(lhs), sp.cancel(rhs), "both sides over a common denominator", method="expand")


def _weights_off_ties(d: Derivation, pert: sp.Expr, at: str) -> None:
    r"""A point with $m_i \ne 0$ at ``at``: its weight $\sigma(-E)$, $E = \gamma(m_i + c e^{-a\gamma})$ (the margin
    of $\theta_t/\gamma$, off by the deviation), tends to the indicator of $m_i < 0$. The limit is taken on the
    exponent $E$, then through $\sigma$."""
    d.close(_limit(_sig(-_x), _x, sp.oo), 0, r"$\sigma(-x) \to 0$ as $x \to \infty$")
    d.close(_limit(_sig(-_x), _x, -sp.oo), 1, r"$\sigma(-x) \to 1$ as $x \to -\infty$")
    d.close_true(sp.Eq(_limit(_g * (_mpos + pert), _g, sp.oo), sp.oo),
                 rf"$m_i({at}) > 0$: $E = \gamma(m_i + c e^{{-a\gamma}}) \to \infty$, so the weight $\to 0$")
    d.close_true(sp.Eq(_limit(_g * (_mneg + pert), _g, sp.oo), -sp.oo),
                 rf"$m_i({at}) < 0$: $E = \gamma(m_i + c e^{{-a\gamma}}) \to -\infty$, so the weight $\to 1$")


@LR_TO_BP.derivation("induction_step")
def _lr_to_bp_step(d: Derivation) -> None:
    r"""If $\theta_t/\gamma = \hat\theta_t + \delta(\gamma)$ with $\delta = O(e^{-a\gamma})$ and no margin of
    $\hat\theta_t$ is 0, each weight $\sigma(-\gamma m_i)$ tends to the indicator of $m_i < 0$, so
    $\theta_{t+1}/\gamma \to \hat\theta_t + \frac{1}{n}\sum_{m_i < 0} z_i = \hat\theta_{t+1}$."""
    c = sp.Symbol("c", real=True)
    a_pos = sp.Symbol("a", positive=True)
    pert = c * sp.exp(-a_pos * _g)
    n, w_i, z_i = sp.symbols("n w_i z_i")
    d.step(r"$\theta_{t+1}/\gamma = \theta_t/\gamma + \frac{1}{n}\sum_i w_i z_i$ with "
           r"$w_i = \sigma(-\gamma\, m_i(\theta_t/\gamma))$",
           sp.Eq(sp.Symbol("theta_next") / _g,
                 sp.Symbol("theta_t") / _g + sp.Sum(w_i * z_i, (sp.Symbol("i"), 1, n)) / n),
           "divide the GD step by γ")
    _weights_off_ties(d, pert, r"\hat\theta_t")
    # the deviation produced by one step is again exponentially small in γ
    _close_over_common_denominator(d, _sig(-_x) * sp.exp(_x), _sig(_x),
                                   r"$\sigma(-x)\,e^{x} = \sigma(x) \le 1$, so $0 < \sigma(-E) \le e^{-E}$")
    d.close_true(sp.Eq(sp.limit(-_g * (_mpos / 2 + pert), _g, sp.oo), -sp.oo),
                 r"$m_i > 0$: the new deviation $\sigma(-E)\,e^{m\gamma/2} \le e^{-\gamma(m/2 + c e^{-a\gamma})}$, "
                 r"whose exponent $\to -\infty$: it is $o(e^{-m\gamma/2})$, the induction hypothesis holds at $t + 1$")


@LIMIT_WITH_TIES.derivation("induction_step_with_ties")
def _limit_with_ties(d: Derivation) -> None:
    r"""As for Thm 3.2, plus tied points: a margin $\gamma \cdot O(e^{-a\gamma})$ (or exactly 0) keeps weight
    $\to 1/2$, and as $\sigma$ is $1/4$-Lipschitz the deviation it creates, $O(\gamma e^{-a\gamma})$, is again
    exponentially small."""
    a_pos, c = sp.Symbol("a", positive=True), sp.Symbol("c", real=True)
    pert = c * sp.exp(-a_pos * _g)
    _weights_off_ties(d, pert, r"\psi_t")
    d.close(_sig(-sp.limit(_g * pert, _g, sp.oo)), sp.Rational(1, 2),
            r"$m_i(\psi_t) = 0$: $E = \gamma c e^{-a\gamma} \to 0$, so the weight $\to \sigma(0) = 1/2$")
    s = sp.Symbol("s", real=True)
    _close_over_common_denominator(d, sp.diff(_sig(_x), _x), _sig(_x) * (1 - _sig(_x)),
                                   r"$\sigma' = \sigma(1 - \sigma)$")
    d.close(s * (1 - s), sp.Rational(1, 4) - (s - sp.Rational(1, 2)) ** 2,
            r"$\sigma(1 - \sigma) = 1/4 - (\sigma - 1/2)^2 \le 1/4$, so $|\sigma(-E) - 1/2| \le |E|/4$",
            method="expand")
    d.close(sp.limit(_g * sp.exp(-a_pos * _g / 2), _g, sp.oo), 0,
            r"$|E|\, e^{a\gamma/2}/4 = |c|\,\gamma e^{-a\gamma/2}/4 \to 0$: the tied weight's error is "
            r"$o(e^{-a\gamma/2})$, the induction hypothesis holds at $t + 1$")


@BP_BOUND.derivation("weighted_novikoff")
def _bp_bound(d: Derivation) -> None:
    r"""With $s_k = |S_k|/n \in [1/n, 1]$ and $S = \sum_k s_k$: $(\mu/2 + \mu S)^2 \le R^2/4 + R^2 S$ gives
    $S \le R^2/\mu^2 - 3/4$, hence $T - 1 \le nS \le n R^2/\mu^2 - 3n/4$ and $T \le n R^2/\mu^2$ for $n \ge 2$
    ($n = 1$ solves at $t = 1$)."""
    S, mu, R = sp.symbols("S mu R", positive=True)
    kappa = sp.Symbol("kappa", nonnegative=True)  # R²/μ² − 1
    ineq = d.step(r"$(\mu/2 + \mu S)^2 \le R^2/4 + R^2 S$ (Cauchy–Schwarz on $w^\top\hat\theta_T \le "
                  r"\|\hat\theta_T\|$, with $\|\sum_{S_k} z\|/n \le s_k R$ and $s_k^2 \le s_k$), divided by "
                  r"$\mu^2$, $R^2 = (\kappa + 1)\mu^2$",
                  sp.expand((sp.Rational(1, 2) + S) ** 2 - (kappa + 1) * (sp.Rational(1, 4) + S)), "Cauchy–Schwarz")
    d.close(ineq, S**2 - kappa * S - kappa / 4, r"the quadratic $S^2 - \kappa S - \kappa/4 \le 0$", method="expand")
    root = (kappa + sp.sqrt(kappa**2 + kappa)) / 2
    d.close(root**2 - kappa * root - kappa / 4, 0, r"its larger root $(\kappa + \sqrt{\kappa^2 + \kappa})/2$",
            method="expand")
    d.close((kappa + sp.Rational(1, 2)) ** 2 - (kappa**2 + kappa), sp.Rational(1, 4),
            r"$(\kappa + 1/2)^2 - (\kappa^2 + \kappa) = 1/4 > 0$: $\sqrt{\kappa^2 + \kappa} \le \kappa + 1/2$, "
            r"so $S \le \kappa + 1/4 = R^2/\mu^2 - 3/4$", method="expand")
    n = sp.Symbol("n", integer=True, positive=True)
    k = sp.Symbol("k", nonnegative=True)  # n = k + 2
    d.close(sp.expand((n * (kappa + 1) - 1 - n * (kappa + sp.Rational(1, 4))).subs(n, k + 2)),
            (3 * k + 2) / 4, r"$n R^2/\mu^2 - (1 + n(R^2/\mu^2 - 3/4)) = (3n - 4)/4$ with $n = k + 2$",
            method="expand")
    d.close_true(sp.Ge((3 * k + 2) / 4, 0), r"which is $\ge 0$: $T \le n R^2/\mu^2$ for $n \ge 2$")


def _novikoff(d: Derivation, step: str) -> None:
    T, mu, R = sp.symbols("T mu R", positive=True)
    d.step(r"$w^\top\hat\theta_T \ge T\mu$ and $\|\hat\theta_T\|^2 \le T R^2$: " + step, sp.Le((T * mu) ** 2, T * R**2),
           "Novikoff")
    sol = sp.solve(sp.Eq((T * mu) ** 2, T * R**2), T, simplify=False)
    d.close(max(sol, key=lambda e: sp.count_ops(e)), R**2 / mu**2, r"$(T\mu)^2 \le T R^2 \iff T \le R^2/\mu^2$")


@PERCEPTRON_BOUND.derivation("novikoff")
def _perceptron_bound(d: Derivation) -> None:
    r"""Each update adds $\ge \mu$ to $w^\top\hat\theta$ and $\le R^2$ to $\|\hat\theta\|^2$ (its margin was
    $\le 0$): $T^2\mu^2 \le T R^2$."""
    _novikoff(d, r"$z_j^\top\hat\theta \le 0$ for the picked point, $\|z_j\| \le R$, $w^\top z_j \ge \mu$")


@NBP_BOUND.derivation("novikoff_for_averages")
def _nbp_bound(d: Derivation) -> None:
    r"""The mean of the misclassified $z_i$ has $w^\top(\text{mean}) \ge \mu$, $\|\text{mean}\| \le R$ and
    $\hat\theta^\top(\text{mean}) \le 0$: $T^2\mu^2 \le T R^2$."""
    _novikoff(d, r"averaging keeps $w^\top z \ge \mu$, $\|z\| \le R$ and $m \le 0$")


@NLR_BOUND.derivation("norm_growth_with_jensen")
def _nlr_bound(d: Derivation) -> None:
    r"""$w^\top\theta_T \ge T\gamma\mu$; $\|\theta_{t+1}\|^2 \le \|\theta_t\|^2 + 2\gamma\log(2n - 1) + \gamma^2 R^2$
    (Jensen step); so $T \le R^2/\mu^2 + 2L/(\gamma\mu^2)$."""
    T, mu, R, L = sp.symbols("T mu R L", positive=True)
    d.step(r"$(T\gamma\mu)^2 \le T(\gamma^2 R^2 + 2\gamma L)$, $L = \log(2n - 1)$",
           sp.Le((T * _g * mu) ** 2, T * (_g**2 * R**2 + 2 * _g * L)), "Cauchy–Schwarz with a unit w")
    sol = [s for s in sp.solve(sp.Eq((T * _g * mu) ** 2, T * (_g**2 * R**2 + 2 * _g * L)), T, simplify=False)
           if s != 0]
    d.close(sol[0], R**2 / mu**2 + 2 * L / (_g * mu**2), r"$T \le R^2/\mu^2 + 2\log(2n - 1)/(\gamma\mu^2)$",
            method="expand")


@JENSEN.derivation("jensen_then_ratio")
def _jensen(d: Derivation) -> None:
    r"""$\sum_i p_i m_i \le \log\sum_i p_i e^{m_i}$ ($\log$ concave), $p_i e^{m_i} \propto \sigma(m_i)$, and the
    ratio bound $2n - 1$."""
    x = sp.Symbol("x", positive=True)
    d.close_true(sp.Lt(sp.diff(sp.log(x), x, 2), 0),
                 r"$\log$ is concave (Jensen: $\sum_i p_i m_i \le \log\sum_i p_i e^{m_i}$)")
    m = sp.Symbol("m", real=True)
    _close_over_common_denominator(d, _sig(-m) * sp.exp(m), _sig(m), r"$\sigma(-m)e^m = \sigma(m)$: "
                                   r"$\sum_i p_i e^{m_i} = \sum_i \sigma(m_i)/\sum_i \sigma(-m_i)$")
    s, n = sp.symbols("s n", positive=True)
    ratio = d.step(r"with $\sigma(m_j) = s \le 1/2$: "
                   r"$\sum_i \sigma(m_i)/\sum_i \sigma(-m_i) \le (n - 1 + s)/(1 - s)$, as $\sigma(m_i) < 1$ for "
                   r"$i \ne j$ and $\sum_i \sigma(-m_i) \ge \sigma(-m_j) = 1 - s$", (n - 1 + s) / (1 - s),
                   "bound numerator and denominator")
    k, r = sp.symbols("k r", nonnegative=True)  # n = 1 + k, s = 1/2 − r
    slope = d.step(r"$\partial/\partial s$ of the ratio", sp.factor(sp.diff(ratio, s)), "differentiate, factor")
    d.close_true(sp.Gt(sp.factor(slope.subs({n: 1 + k, s: sp.Rational(1, 2) - r})), 0),
                 r"positive for $n \ge 1$, $s \le 1/2$: the ratio is largest at $s = 1/2$")
    d.close(ratio.subs(s, sp.Rational(1, 2)), 2 * n - 1, r"at $s = 1/2$ the ratio is $2n - 1$")


@NORMALIZED_LIMIT.derivation("beta_and_step_limits")
def _normalized_limits(d: Derivation) -> None:
    r"""Three points, margins $\gamma m_1 < 0 < \gamma m_2$, $\gamma m_3 < 0$: $\beta \to n/|S| = 3/2$, the
    step $\to$ the mean of $z_1, z_3$."""
    m1, m3 = sp.symbols("m1 m3", negative=True)
    m2 = sp.Symbol("m2", positive=True)
    lims = [_weight_limit(m) for m in (m1, m2, m3)]
    for i, (lim, target) in enumerate(zip(lims, (1, 0, 1))):
        d.close(lim, target, f"$\\sigma(-\\gamma m_{i + 1}) \\to {target}$")
    total = d.step(r"$\sum_i \sigma(-\gamma m_i) \to 2 \ne 0$, so the quotients below converge to the quotients "
                   "of the limits", sum(lims), "limit of a sum")
    d.close(3 / total, sp.Rational(3, 2), r"$\beta_t = n/\sum_i \sigma(-\gamma m_i) \to n/|S| = 3/2$")
    # −β∇f = β(1/n)Σσ_i z_i = Σ p_i z_i with p_i = σ_i/Σσ_j: the step is linear in the z_i with these weights
    for i, target in enumerate((sp.Rational(1, 2), 0, sp.Rational(1, 2))):
        d.close(lims[i] / total, target, f"weight of $z_{i + 1}$ in " + r"$-\beta\nabla f$" +
                f" $\\to {target}$ (uniform over $S = \\{{1, 3\\}}$)")


@THM41.derivation("closed_forms")
def _thm41(d: Derivation) -> None:
    r"""$\theta_1 = \gamma(1/2, 3/4)$, margins $-\gamma/4$ and $7\gamma/2$; then $\theta_2/\gamma$, the losses and
    the gradient norms. The weights $\sigma(\gamma/4)$ and $\sigma(-7\gamma/2)$ are rational in
    $x = e^{\gamma/4}$, so the limits $\gamma \to \infty$ are limits $x \to \infty$ of rational functions (and
    $f(\theta_1)/\gamma$ one of logarithms of them over $4\log x$)."""
    z1, z2 = sp.Matrix([1, -1]), sp.Matrix([1, 4])
    x = sp.Symbol("x", positive=True)  # x = e^{γ/4}
    th1 = d.step(r"$\theta_1 = \frac{\gamma}{2n}(z_1 + z_2)$", (_g / 4) * (z1 + z2), "first step, two points")
    m1, m2 = (z1.T * th1)[0], (z2.T * th1)[0]
    d.close(m1, -_g / 4, r"$m_1(\theta_1) = -\gamma/4$")
    d.close(m2, 7 * _g / 2, r"$m_2(\theta_1) = 7\gamma/2$")
    f1 = (sp.log(1 + sp.exp(-m1)) + sp.log(1 + sp.exp(-m2))) / 2
    f1x = d.step(r"$f(\theta_1) = \frac{1}{2}\left(\log(1 + x) + \log(1 + x^{-14})\right)$ with $x = e^{\gamma/4}$, "
                 r"$\gamma = 4\log x$", (sp.log(1 + x) + sp.log(1 + x**-14)) / 2, "substitute x")
    d.close(f1x.subs(x, sp.exp(_g / 4)), f1, r"the substitution is exact for $f(\theta_1)$", method="expand")
    d.close(sp.limit(f1x / (4 * sp.log(x)), x, sp.oo), sp.Rational(1, 8),
            r"$f(\theta_1)/\gamma \to 1/8$, so $f(\theta_1) \to \infty$")
    w1 = d.step(r"$\sigma(-m_1) = \sigma(\gamma/4)$ with $x = e^{\gamma/4}$", x / (1 + x), "substitute x")
    w2 = d.step(r"$\sigma(-m_2) = \sigma(-7\gamma/2)$, as $e^{7\gamma/2} = x^{14}$", 1 / (1 + x**14), "substitute x")
    _close_over_common_denominator(d, w1.subs(x, sp.exp(_g / 4)), _sig(-m1),
                                   r"the substitution is exact for $\sigma(-m_1)$")
    _close_over_common_denominator(d, w2.subs(x, sp.exp(_g / 4)), _sig(-m2),
                                   r"the substitution is exact for $\sigma(-m_2)$")
    neg_grad1 = (w1 * z1 + w2 * z2) / 2  # −∇f(θ_1) = (1/n) Σ σ(−m_i) z_i
    d.close(sp.limit(neg_grad1.dot(neg_grad1), x, sp.oo), sp.Rational(1, 2),
            r"$\|\nabla f(\theta_1)\|^2 \to 1/2$: $\|\nabla f(\theta_1)\| \to \sqrt{2}/2$")
    th2_over_g = th1 / _g + neg_grad1
    d.close(sp.limit(th2_over_g[0], x, sp.oo), 1, r"$\theta_2/\gamma \to (1, \cdot)$")
    d.close(sp.limit(th2_over_g[1], x, sp.oo), sp.Rational(1, 4), r"$\theta_2/\gamma \to (\cdot, 1/4)$")
    q1, q2 = sp.limit((z1.T * th2_over_g)[0], x, sp.oo), sp.limit((z2.T * th2_over_g)[0], x, sp.oo)
    d.close_true(sp.And(sp.Gt(q1, 0), sp.Gt(q2, 0)),
                 r"margins of $\theta_2/\gamma \to (3/4, 2)$: the limit solves (1)")
    c = sp.Symbol("c", positive=True)
    d.close(sp.limit(sp.log(1 + sp.exp(-_g * c)), _g, sp.oo), 0,
            r"each loss term $\log(1 + e^{-\gamma c}) \to 0$ for $c > 0$: $f(\theta_2) \to 0$")
    d.close(_weight_limit(c), 0,
            r"each gradient weight $\sigma(-\gamma c) \to 0$: $\|\nabla f(\theta_2)\| \to 0$")


def _thm51(d: Derivation) -> None:
    r"""$\hat\theta_t = \hat\theta_1 + \frac{t - 1}{n} z_1$ while only point 1 is misclassified; its margins in
    closed form."""
    n, t = sp.symbols("n t", positive=True)
    z1, zr = sp.Matrix([sp.Rational(1, 2), -1]), sp.Matrix([sp.Rational(1, 2), 1])
    th1 = d.step(r"$\hat\theta_1 = \frac{1}{2n}(z_1 + (n - 1) z_r)$", (z1 + (n - 1) * zr) / (2 * n), "first BP step")
    th = th1 + (t - 1) / n * z1
    d.close(8 * n * (z1.T * th)[0], 10 * (t - 1) - 3 * n + 8, r"$8n\, m_1(\hat\theta_t) = 10(t - 1) - 3n + 8$",
            method="expand")
    d.close(8 * n * (zr.T * th)[0], 5 * n - 8 - 6 * (t - 1), r"$8n\, m_r(\hat\theta_t) = 5n - 8 - 6(t - 1)$",
            method="expand")
    d.close_true(sp.Gt((5 * n - 8 - sp.Rational(6, 10) * (3 * n - 8)).subs(n, 3 + sp.Symbol("k", nonnegative=True)), 0),
                 r"the other points stay correct until $m_1 > 0$ ($n \ge 3$)")
    d.step(r"so $T = 1 + \min\{k \ge 1 : 10k > 3n - 8\} = \lfloor (3n - 8)/10 \rfloor + 2 = 3n/10 + O(1) = "
           r"\Omega(n)$", sp.floor((3 * n - 8) / 10) + 2, "first k with a positive margin")


THM51.derivation("margins_along_bp")(_thm51)
THM51_COUNT.derivation("margins_along_bp")(_thm51)


@THM51_TIES.derivation("tie_condition")
def _thm51_ties(d: Derivation) -> None:
    r"""$m_1(\hat\theta_t) = 0 \iff 10(t - 1) = 3n - 8$: solvable in integers $t \ge 2$ iff
    $3n \equiv 8 \pmod{10}$ iff $n \equiv 6 \pmod{10}$."""
    n = sp.Symbol("n", integer=True)
    sols = [r for r in range(10) if (3 * r - 8) % 10 == 0]
    d.close(sp.Integer(len(sols)), 1, r"exactly one residue class of $n \bmod 10$ solves $3n \equiv 8$")
    d.close(sp.Integer(sols[0]), 6, r"$n \equiv 6 \pmod{10}$")
    d.close(sp.Mod(3 * (10 * n + 6) - 8, 10), 0, r"$3(10k + 6) - 8 = 30k + 10 \equiv 0$")


@THM51_ASSUMPTION.derivation("tie_at_n_6", shows="negation")
def _thm51_tie_at_6(d: Derivation) -> None:
    r"""$n = 6$: $\hat\theta_2 = (1/3, 1/6)$ has margin exactly 0 on the first point, so Assumption 3.1
    fails."""
    n = 6
    z1, zr = sp.Matrix([sp.Rational(1, 2), -1]), sp.Matrix([sp.Rational(1, 2), 1])
    th1 = d.step(r"$\hat\theta_1 = \frac{1}{2n}(z_1 + 5 z_r)$ at $n = 6$", (z1 + (n - 1) * zr) / (2 * n),
                 "first BP step")
    d.close(th1[1], sp.Rational(1, 3), r"$\hat\theta_1 = (1/4, 1/3)$: second coordinate")
    d.close((zr.T * th1)[0], sp.Rational(11, 24),
            r"$m_r(\hat\theta_1) = 11/24 > 0$")
    d.close((z1.T * th1)[0], sp.Rational(-5, 24), r"$m_1(\hat\theta_1) = -5/24 < 0$: only $z_1$ is misclassified")
    th2 = d.step(r"$\hat\theta_2 = \hat\theta_1 + \frac{1}{n} z_1$ ($S_1 = \{1\}$)", th1 + z1 / n,
                 "only point 1 is misclassified")
    d.close(th2[0], sp.Rational(1, 3), r"$\hat\theta_2 = (1/3, 1/6)$: first coordinate")
    d.close(th2[1], sp.Rational(1, 6), r"$\hat\theta_2 = (1/3, 1/6)$: second coordinate")
    d.close((z1.T * th2)[0], 0, r"$m_1(\hat\theta_2) = 0$: an exact tie at $t = 2$")


@LOSS_SLOPE.derivation("loss_term_slopes")
def _loss_slope(d: Derivation) -> None:
    r"""$\log(1 + e^{-\gamma m})/\gamma \to -m$ for $m < 0$ and $\to 0$ for $m > 0$."""
    d.close(sp.limit(sp.log(1 + sp.exp(-_g * _mneg)) / _g, _g, sp.oo), -_mneg, r"$m < 0$: slope $-m = |m|$")
    d.close(sp.limit(sp.log(1 + sp.exp(-_g * _mpos)) / _g, _g, sp.oo), 0, r"$m > 0$: slope 0")


# -- negations: the smallest counterexamples of the refuted statements, in closed form ---------------------


@LR_TO_BP_ANY_DATA.derivation("tie_keeps_half_weight", shows="negation")
def _tie_counterexample(d: Derivation) -> None:
    r"""$z_1 = (1, 0)$, $z_2 = (-1, 1)$: $\theta_2/\gamma \to (1/4, 1/4)$ for LR+GD, but BP's
    $\hat\theta_2 = (1/2, 1/4)$."""
    z1, z2 = sp.Matrix([1, 0]), sp.Matrix([-1, 1])
    th1 = d.step(r"$\theta_1 = \frac{\gamma}{4}(z_1 + z_2)$", (_g / 4) * (z1 + z2), "first step, two points")
    d.close((z1.T * th1)[0], 0, r"$m_1(\theta_1) = 0$ for every $\gamma$: a tie")
    th2 = th1 + (_g / 2) * (_sig(0) * z1 + _sig(-(z2.T * th1)[0]) * z2)
    x = sp.Symbol("x", positive=True)  # x = e^{γ/4}
    first = d.step(r"$\theta_2/\gamma$, first coordinate: $\frac{1}{4} - \frac{1}{2}\sigma(-\gamma/4)$, with "
                   r"$x = e^{\gamma/4}$", sp.Rational(1, 4) - 1 / (2 * (1 + x)), "substitute x")
    _close_over_common_denominator(d, first.subs(x, sp.exp(_g / 4)), th2[0] / _g, "the substitution is exact")
    d.close(sp.limit(first, x, sp.oo), sp.Rational(1, 4),
            r"$\theta_2/\gamma \to (1/4, \cdot)$: the tied $z_1$ keeps weight $\sigma(0) = 1/2$")
    d.close_true(sp.Ne(sp.Rational(1, 4), sp.Rational(1, 2)),
                 r"BP's $\hat\theta_2 = \hat\theta_1 + \frac{1}{2} z_1 = (1/2, 1/4)$: the first coordinates differ")


@LR_TO_BP_ANY_START.derivation("start_shifts_the_weights", shows="negation")
def _start_counterexample(d: Derivation) -> None:
    r"""One point $a = 1$, $y = +1$, $\theta_0 = 1$: $\theta_1/\gamma = (1 + \gamma\sigma(-1))/\gamma \to
    \sigma(-1) \ne 1/2 = \hat\theta_1$."""
    th1 = d.step(r"$\theta_1 = \theta_0 + \gamma\sigma(-m(\theta_0))\, z = 1 + \gamma\sigma(-1)$ ($\theta_0 = 1$, "
                 r"$n = 1$)", 1 + _g * _sig(-1), "one GD step")
    d.close(sp.limit(th1 / _g, _g, sp.oo), _sig(-1), r"$\theta_1/\gamma \to \sigma(-1)$")
    d.close_true(sp.Lt(_sig(-1), sp.Rational(1, 2)), r"$\sigma(-1) < 1/2 = \hat\theta_1$")


@LOSS_MONOTONE.derivation("loss_falls_with_gamma", shows="negation")
def _loss_monotone_counterexample(d: Derivation) -> None:
    r"""$a_1 = (0, 1)$, $y_1 = 1$; $a_2 = (1, 1)$, $y_2 = -1$: $\theta_1 = \gamma(-1/4, 0)$ has margins
    $(0, \gamma/4)$, never solves (1), and $f(\theta_1) = (\log 2 + \log(1 + e^{-\gamma/4}))/2$ strictly
    decreases in $\gamma$."""
    z1, z2 = sp.Matrix([0, 1]), sp.Matrix([-1, -1])
    th1 = d.step(r"$\theta_1 = \frac{\gamma}{4}(z_1 + z_2)$", (_g / 4) * (z1 + z2), "first step, two points")
    d.close((z1.T * th1)[0], 0, r"$m_1(\theta_1) = 0$: $\theta_1$ does not solve (1) for any $\gamma$")
    f1 = d.step(r"$f(\theta_1) = \frac{1}{2}\left(\log 2 + \log(1 + e^{-\gamma/4})\right)$",
                (sp.log(1 + sp.exp(-(z1.T * th1)[0])) + sp.log(1 + sp.exp(-(z2.T * th1)[0]))) / 2, "the loss")
    d.close_true(sp.Lt(sp.diff(f1, _g), 0),
                 r"$\partial f(\theta_1)/\partial\gamma < 0$ for every $\gamma > 0$")


@LOSS_AT_SOLUTION.derivation("loss_falls_with_gamma", shows="negation")
def _loss_at_solution_counterexample(d: Derivation) -> None:
    r"""One point $a = 1$, $y = 1$: $\theta_1 = \gamma/2$ solves (1) for every $\gamma$, and
    $f(\theta_1) = \log(1 + e^{-\gamma/2})$ decreases."""
    f1 = d.step(r"$f(\theta_1) = \log(1 + e^{-\gamma/2})$ at the first solving iterate $\theta_1 = \gamma/2$",
                sp.log(1 + sp.exp(-_g / 2)), "one point, z = 1")
    d.close_true(sp.Lt(sp.diff(f1, _g), 0),
                 r"$\partial f(\theta_1)/\partial\gamma < 0$ for every $\gamma > 0$")
