"""Sympy derivations of the Newton–Schulz claims.

N1 (the residual squares, in non-commuting symbols), N2 (the scalar recursion in closed form, the
convergence interval and its endpoints; A = 0 for the negation), N3 (two landmarks: αλ² = 2 and the lost
top component; equal row sums in general), N4 (the error recursion E_{k+1} = E_k A E_k under the range
relations), N5 (the null-space block doubles), N6 (the eigen-component error by induction; the 20-step
threshold and the κ bounds), N7 (the release's α bound; the shifted limit is not A⁺), the Norm
variant's column sum, N8 (the derivative of the inverse; the Golub–Pereyra terms for a rank-one curve;
the negation at b = (1, 0), e = (0, 1)), N9 (the kernel's factorisation, the entries, the norm bound and
its equality case), N10 (the multiply-add count and its degree in n).
"""

from __future__ import annotations

import mpmath
import sympy as sp

from claimkit import Derivation

from .claims import (
    CONVERGENCE,
    CONVERGENCE_NONZERO,
    EIGEN_ERROR,
    EXACT_LIMIT,
    FLOAT_NO_STOP,
    PAPER_ALPHA,
    PAPER_ALPHA_FAILURES,
    RESIDUAL_SQUARES,
    TWENTY,
)
from .claims_kernel import KERNEL_PROPERTIES, LANDMARKS, LINEAR, NORM_EQUALITY
from .claims_release import (
    BACKWARD_INVERSE,
    BACKWARD_PINV,
    BACKWARD_RANGE,
    NORM_SAFEGUARD,
    RELEASE_LIMIT,
    RELEASE_PINV,
)

_A, _V, _P = sp.symbols("A V P", commutative=False)
_alpha, _lam = sp.symbols("alpha lambda", positive=True)
_x, _t = sp.symbols("x t", real=True)
_k = sp.symbols("k", integer=True, nonnegative=True)
_s = sp.symbols("s", positive=True)


def _reduce(e: sp.Expr) -> sp.Expr:
    e = sp.expand(e)
    return e if e == 0 else sp.expand(sp.cancel(e))


def _close_matrix(d: Derivation, lhs: sp.Matrix, rhs: sp.Matrix, label: str, denominator: sp.Expr = 1) -> None:
    """Close when sympy reduces every entry of (lhs − rhs)·denominator to 0 (expanded; ``cancel`` if needed)."""
    diff = ((lhs - rhs) * denominator).applyfunc(_reduce)
    d.step(label, rhs, rule="the matrix to reach, entry by entry")
    d.close_true(sp.Eq(diff, sp.zeros(*diff.shape)), "every entry of the difference reduces to 0")


# -- N1 -------------------------------------------------------------------------------------------------


@RESIDUAL_SQUARES.derivation("noncommutative_expansion")
def _residual_squares(d: Derivation) -> None:
    r"""Expand $I - A(2V - VAV)$ and $(I - AV)^2$ in non-commuting $A$, $V$; then induction gives
    $\lVert R_k\rVert \le \lVert R_0\rVert^{2^k}$."""
    lhs = d.step(r"$I - AV_{k+1}$", 1 - _A * (2 * _V - _V * _A * _V), "the update, A and V do not commute")
    d.close(sp.expand(lhs), sp.expand((1 - _A * _V) ** 2), r"$I - AV_{k+1} = (I - AV_k)^2$", method="expand")
    r0 = sp.symbols("r_0", positive=True)
    d.close((r0 ** (2**_k)) ** 2, r0 ** (2 ** (_k + 1)),
            r"$\lVert R_{k+1}\rVert \le \lVert R_k\rVert^2 \le (r_0^{2^k})^2 = r_0^{2^{k+1}}$")


# -- N2 -------------------------------------------------------------------------------------------------


def _scalar_closed_form(d: Derivation) -> sp.Expr:
    """v_k = (1 − t^(2^k))/λ with t = 1 − αλ² solves v_{k+1} = 2v_k − λv_k², v₀ = αλ."""
    tt = sp.symbols("t", real=True)
    v = d.step(r"$v_k = (1 - t^{2^k})/\lambda$, $t = 1 - \alpha\lambda^2$", (1 - tt ** (2**_k)) / _lam,
               "an eigen-component of V_k: V_k is a polynomial in A")
    d.close(sp.expand(2 * v - _lam * v**2), sp.expand(v.subs(_k, _k + 1)),
            r"$2v_k - \lambda v_k^2 = v_{k+1}$", method="expand")
    d.close(v.subs(_k, 0).subs(tt, 1 - _alpha * _lam**2), _alpha * _lam, r"$v_0 = \alpha\lambda$")
    return tt


@CONVERGENCE_NONZERO.derivation("closed_form_and_endpoints")
def _convergence(d: Derivation) -> None:
    r"""Each eigen-component converges to $1/\lambda$ iff $|1 - \alpha\lambda^2| < 1$, i.e.
    $0 < \alpha\lambda^2 < 2$; at $\alpha\lambda^2 = 2$ it is 0 from $k = 1$ on; $\lambda = 0$ stays 0."""
    tt = _scalar_closed_form(d)
    solved = d.step(r"$\{x : |1 - x| < 1\}$", sp.solve_univariate_inequality(sp.Abs(1 - _x) < 1, _x, relational=False),
                    r"$t^{2^k} \to 0$ iff $|t| < 1$")
    d.close_true(sp.Eq(solved, sp.Interval.open(0, 2)),
                 r"$0 < \alpha\lambda^2 < 2$, for every $\lambda \le \sigma_{\max}$ "
                 r"iff for $\sigma_{\max}$")
    kp = sp.symbols("k", integer=True, positive=True)
    d.close(((1 - tt ** (2**kp)) / _lam).subs(tt, -1), 0,
            r"$\alpha\lambda^2 = 2$: $v_k = (1 - (-1)^{2^k})/\lambda = 0$ "
            r"for $k \ge 1$")
    d.close((2 * _x - 0 * _x**2).subs(_x, 0), 0,
            r"$\lambda = 0$: $v_0 = 0$ and $2v - 0\cdot v^2$ keeps 0 ($= A^+$'s value)")


@CONVERGENCE.derivation("zero_matrix", shows="negation")
def _zero_matrix(d: Derivation) -> None:
    r"""$A = 0$: $V_k = 0 = A^+$ for every $\alpha$, while $\alpha\sigma_{\max}^2 = 0$."""
    zero = sp.zeros(2, 2)
    v0 = d.step(r"$V_0 = \alpha \cdot 0$", _alpha * zero, "A = 0")
    _close_matrix(d, 2 * v0 - v0 * zero * v0, zero.pinv(), r"$V_1 = 0 = A^+$ (and so on)")
    d.close_true(sp.Not(sp.And(0 < _alpha * 0**2, _alpha * 0**2 < 2)), r"yet $0 < \alpha\sigma_{\max}^2$ is false")


# -- N3 -------------------------------------------------------------------------------------------------


@PAPER_ALPHA.derivation("two_landmarks", shows="negation")
def _two_landmarks(d: Derivation) -> None:
    r"""$A = \begin{pmatrix}1 & s\\ s & 1\end{pmatrix}$: $\lambda_{\max} = 1 + s = \lVert A\rVert_1$, so
    $\alpha\lambda_{\max}^2 = 2$ and $V_1\mathbf 1 = 0$; the update keeps $V_k\mathbf 1 = 0$."""
    a = sp.Matrix([[1, _s], [_s, 1]])
    alpha = d.step(r"$\alpha = 2/\lVert A\rVert_1^2$", 2 / (1 + _s) ** 2, "column sums 1 + s")
    d.close_true(sp.Eq(a.eigenvals(), {1 + _s: 1, 1 - _s: 1}), r"eigenvalues $1 \pm s$, top eigenvector $\mathbf 1$")
    d.close(alpha * (1 + _s) ** 2, 2, r"$\alpha\lambda_{\max}^2 = 2$")
    v1 = 2 * alpha * a - alpha**2 * a**3
    _close_matrix(d, v1 * sp.Matrix([1, 1]), sp.zeros(2, 1), r"$V_1\mathbf 1 = 0$, while $A^{-1}\mathbf 1 = "
                  r"\mathbf 1/(1 + s)$")


@PAPER_ALPHA_FAILURES.derivation("equal_row_sums")
def _equal_row_sums(d: Derivation) -> None:
    r"""$A\mathbf 1 = r\mathbf 1$ and $\lVert A\rVert_1 = r$: the $\mathbf 1$-component of $V_1$ is
    $\alpha r(2 - \alpha r^2) = 0$ and stays 0; the other components have $\lambda < r$ (Perron: $r$ is simple)
    and converge."""
    r = sp.symbols("r", positive=True)
    alpha = 2 / r**2
    d.close(alpha * r * (2 - alpha * r**2), 0, r"$\mathbf 1$-component of $V_1 = 2\alpha A - \alpha^2A^3$")
    z = sp.symbols("z", real=True)
    d.close((2 * z - z * r * z).subs(z, 0), 0, r"a zero component stays zero under $v \mapsto 2v - rv^2$")
    lam = sp.symbols("lambda_i", positive=True)
    d.close_true(sp.And(alpha * lam**2 > 0, (alpha * lam**2 < 2).subs(lam, r * sp.Rational(99, 100))),
                 r"e.g. $\lambda_i = 0.99r$: $0 < \alpha\lambda_i^2 < 2$, the component converges to $1/\lambda_i$")
    m = sp.symbols("m", positive=True, integer=True)
    d.step(r"limit: $A^+ - \mathbf 1\mathbf 1^\top/(m r)$", sp.Symbol("A^+") - sp.Symbol("J") / (m * r),
           r"the missing component is $(1/r)\,\mathbf 1\mathbf 1^\top/m$")
    c = sp.symbols("c0:4", positive=True)
    circ = sp.Matrix(4, 4, lambda i, j: c[(j - i) % 4])
    d.close_true(sp.Eq(circ * sp.ones(4, 1), sum(c) * sp.ones(4, 1)),
                 r"a regular polygon's kernel matrix is circulant ($m = 4$ shown): all row sums are equal")


# -- N4 -------------------------------------------------------------------------------------------------


@EXACT_LIMIT.derivation("error_recursion")
def _error_recursion(d: Derivation) -> None:
    r"""With $P = A^+$ and $V_k$ in the range ($PAV_k = V_k = V_kAP$), $E_k = P - V_k$ obeys
    $E_{k+1} = E_kAE_k$ and $V_{k+1}$ stays in the range; $V_kn = 0$ when $An = 0$."""
    rel = {_P * _A * _P: _P, _P * _A * _V: _V, _V * _A * _P: _V}
    rhs = d.step(r"$E_kAE_k$", sp.expand((_P - _V) * _A * (_P - _V)), "expand, A, P, V not commuting")
    d.close(rhs.subs(rel), _P - (2 * _V - _V * _A * _V), r"$= P - V_{k+1} = E_{k+1}$ under $PAP = P$, $PAV = V = VAP$",
            method="expand")
    d.close(sp.expand(_P * _A * (2 * _V - _V * _A * _V)).subs(rel).subs(rel), 2 * _V - _V * _A * _V,
            r"$PAV_{k+1} = V_{k+1}$: the range is kept", method="expand")
    n = sp.symbols("n", commutative=False)
    d.close(sp.expand((2 * _V - _V * _A * _V) * n).subs({_A * n: 0, _V * n: 0}), 0,
            r"$V_kn = 0$ and $An = 0$ give $V_{k+1}n = 0$ ($V_0 n = \alpha An = 0$)", method="expand")


@FLOAT_NO_STOP.derivation("null_space_doubles", shows="negation")
def _null_space(d: Derivation) -> None:
    r"""On the null space of $A$ the update is $x \mapsto 2x$: a component $x$ that rounding puts there doubles
    every step."""
    v, x = sp.symbols("v x", real=True)
    a = sp.diag(_lam, 0)
    vk = d.step("an iterate with a null-space block $x$", sp.diag(v, x), "A = diag(λ, 0)")
    _close_matrix(d, 2 * vk - vk * a * vk, sp.diag(2 * v - _lam * v**2, 2 * x), r"$V_{k+1}$: the null block is $2x$")
    d.open("that float64 rounding puts a non-zero x in the null block is a property of the arithmetic, shown by the "
           "checks (the exact rationals of the float iterates), not derived here")


# -- N6 -------------------------------------------------------------------------------------------------


@EIGEN_ERROR.derivation("induction")
def _induction(d: Derivation) -> None:
    r"""$1 - \lambda v_{k+1} = (1 - \lambda v_k)^2$ and $1 - \lambda v_0 = 1 - \alpha\lambda^2$, so
    $|1 - \lambda v_k| = |1 - \alpha\lambda^2|^{2^k}$."""
    v = sp.symbols("v_k", real=True)
    d.close(1 - _lam * (2 * v - _lam * v**2), (1 - _lam * v) ** 2, r"$1 - \lambda v_{k+1} = (1 - \lambda v_k)^2$",
            method="expand")
    d.close(1 - _lam * (_alpha * _lam), 1 - _alpha * _lam**2, r"$1 - \lambda v_0 = 1 - \alpha\lambda^2$")
    e = sp.symbols("e", positive=True)
    d.close((e ** (2**_k)) ** 2, e ** (2 ** (_k + 1)), r"$(|e|^{2^k})^2 = |e|^{2^{k+1}}$: the induction step")


@TWENTY.derivation("threshold_and_kappa_bounds")
def _twenty(d: Derivation) -> None:
    r"""$|1 - x|^{2^{20}} \le 10^{-3}$ iff $\tau \le x \le 2 - \tau$; with $\alpha = 2c/\lVert A\rVert_1^2$ and
    $\lambda_{\max} \le \lVert A\rVert_1 \le \sqrt m\,\lambda_{\max}$ the $\kappa$ bounds follow."""
    t = sp.symbols("t", positive=True)
    solved = d.step(r"$\{x : |1 - x| \le t\}$, $t = 10^{-3/2^{20}}$",
                    sp.solve_univariate_inequality(sp.Abs(1 - _x) <= t, _x, relational=False), "take 2^20-th roots")
    d.close_true(sp.Eq(solved, sp.Interval(1 - t, 1 + t)), r"$= [\tau, 2 - \tau]$, $\tau = 1 - t$")
    c, m, kappa, tau = sp.symbols("c m kappa tau", positive=True)
    lower = d.step(r"$\alpha\lambda_{\min}^2 \ge 2c/(m\kappa^2)$", 2 * c / (m * kappa**2), r"$\lVert A\rVert_1 \le "
                   r"\sqrt m\,\lambda_{\max}$")
    d.close(lower.subs(kappa, sp.sqrt(2 * c / (m * tau))), tau, r"$= \tau$ at $\kappa = \sqrt{2c/(m\tau)}$")
    upper = 2 * c / kappa**2
    d.close(upper.subs(kappa, sp.sqrt(2 * c / tau)), tau, r"$\alpha\lambda_{\min}^2 \le 2c/\kappa^2 = \tau$ at "
            r"$\kappa = \sqrt{2c/\tau}$ ($\lVert A\rVert_1 \ge \lambda_{\max}$)")
    with mpmath.workdps(30):
        tau_v = sp.Float(-mpmath.expm1(-3 * mpmath.log(10) / 2**20), 30)
    bounds = (sp.sqrt(sp.Float("1.8", 30) / (49 * tau_v)), sp.sqrt(sp.Float("1.8", 30) / tau_v))
    d.close_true(sp.And(74 < bounds[0], bounds[0] < 75, 522 < bounds[1], bounds[1] < 523),
                 r"$c = 0.9$, $m = 49$: $74 < \sqrt{1.8/(49\tau)} < 75$ and $522 < \sqrt{1.8/\tau} < 523$ (30 digits)")


# -- N7 and the Norm variant ----------------------------------------------------------------------------


@RELEASE_LIMIT.derivation("alpha_bound")
def _release_alpha(d: Derivation) -> None:
    r"""$\lambda_{\max} \ge 1$ (unit diagonal) and $\lVert A\rVert_\infty \ge \lambda_{\max}$ give
    $\alpha\sigma_{\max}(P)^2 \le 1.8(1 + 0.01/\lambda_{\max})^2 \le 1.8\cdot 1.01^2 < 2$; $P^{-1}$ is the
    fixed point."""
    u = sp.symbols("u", positive=True)
    bound = d.step(r"$\alpha\,\sigma_{\max}(P)^2 \le 1.8(\lambda_{\max} + 0.01)^2/\lambda_{\max}^2 = "
                   r"1.8(1 + u/100)^2$, $u = 1/\lambda_{\max} \in (0, 1]$",
                   sp.Rational(18, 10) * (1 + u / 100) ** 2, r"$\lVert A\rVert_\infty \ge \lambda_{\max} \ge 1$")
    d.close_true(sp.expand(sp.diff(bound, u)) > 0, r"increasing in $u$: largest at $u = 1$")
    d.close_true(bound.subs(u, 1) < 2, r"at $u = 1$: $1.8 \cdot 1.01^2 = 1.83618 < 2$")
    pinv = sp.symbols("Q", commutative=False)
    d.close(sp.expand(2 * pinv - pinv * _P * pinv).subs(pinv * _P, 1), pinv, r"$V = P^{-1}$ is the fixed point "
            r"($QP = I$)", method="expand")


@RELEASE_PINV.derivation("shifted_inverse_differs", shows="negation")
def _shifted(d: Derivation) -> None:
    r"""On each eigen-component the limit $1/(\lambda + 0.01)$ differs from $A^+$'s $1/\lambda$ (and from 0 when
    $\lambda = 0$)."""
    delta = sp.Rational(1, 100)
    d.close(1 / (_lam + delta) - 1 / _lam, -delta / (_lam * (_lam + delta)), r"$\frac{1}{\lambda + 0.01} - "
            r"\frac{1}{\lambda} = -\frac{0.01}{\lambda(\lambda + 0.01)} \ne 0$")
    d.close_true(sp.Ne(-delta / (_lam * (_lam + delta)), 0), "never zero")


@NORM_SAFEGUARD.derivation("column_sum_is_one")
def _column_sum(d: Derivation) -> None:
    r"""For $A = \begin{pmatrix}1 & s\\ s & 1\end{pmatrix}$ and $\alpha = 2/(1 + s)^2$ the column sums of
    $|I - \alpha A^2|$ are $\alpha(1 + s^2) - 1 + 2\alpha s = 1$."""
    alpha = 2 / (1 + _s) ** 2
    diag = d.step(r"diagonal of $I - \alpha A^2$", 1 - alpha * (1 + _s**2), r"$A^2 = \begin{pmatrix}1 + s^2 & 2s\\ "
                  r"2s & 1 + s^2\end{pmatrix}$")
    d.close(sp.cancel(-diag * (1 + _s) ** 2), (1 - _s) ** 2, r"$-(1 - \alpha(1 + s^2))(1 + s)^2 = (1 - s)^2 \ge 0$: "
            r"the diagonal is $\le 0$")
    d.close(sp.cancel(-diag + 2 * alpha * _s), 1,
            r"column sum $= \alpha(1 + s^2) - 1 + 2\alpha s = 1 \le 1.01$: no halving")


# -- N8 -------------------------------------------------------------------------------------------------


def _inner(x: sp.Matrix, y: sp.Matrix) -> sp.Expr:
    return sum(x[i, j] * y[i, j] for i in range(x.rows) for j in range(x.cols))


@BACKWARD_INVERSE.derivation("differentiate_inverse")
def _diff_inverse(d: Derivation) -> None:
    r"""Differentiating $A(t)W(t) = I$ gives $\dot W = -W\dot AW$ ($W = A^{-1}$, not commuting with $\dot A$);
    then $\langle G, -W\dot AW\rangle = \langle -W^\top GW^\top, \dot A\rangle$ for every $2 \times 2$ $W$,
    $\dot A$, $G$."""
    w, adot = sp.symbols("W Adot", commutative=False)
    wdot = d.step(r"candidate $\dot W$", -w * adot * w, "")
    d.close(sp.expand(adot * w + _A * wdot).subs(_A * w, 1), 0, r"$\dot AW + A\dot W = 0$ (with $AW = I$)",
            method="expand")
    wm = sp.Matrix(2, 2, sp.symbols("w0:4"))
    e = sp.Matrix(2, 2, sp.symbols("e0:4"))
    g = sp.Matrix(2, 2, sp.symbols("g0:4"))
    d.close(_inner(g, -wm * e * wm), _inner(-wm.T * g * wm.T, e), r"$\langle G, -WEW\rangle = "
            r"\langle -W^\top GW^\top, E\rangle$ (trace cyclicity, generic $2 \times 2$)", method="expand")


def _rank_one_pinv(b: sp.Matrix) -> sp.Matrix:
    return b * b.T / (b.T * b)[0, 0] ** 2


@BACKWARD_RANGE.derivation("golub_pereyra")
def _golub_pereyra(d: Derivation) -> None:
    r"""Rank one, $A(t) = b_tb_t^\top$ with $b_t = b + te$, $b = (2, 1)$, $e$ symbolic: $\dot{(A^+)} =
    -A^+\dot AA^+ + A^+A^+\dot A(I - AA^+) + (I - AA^+)\dot AA^+A^+$; the last two terms vanish when
    $e \parallel b$."""
    b = sp.Matrix([2, 1])
    e = sp.Matrix(sp.symbols("e0:2", real=True))
    bt = b + _t * e
    a, adot = b * b.T, (bt * bt.T).diff(_t).subs(_t, 0)
    p = _rank_one_pinv(b)
    _close_matrix(d, a * p * a, a, r"$bb^\top/(b^\top b)^2$ is $A^+$: $AA^+A = A$")
    lhs = _rank_one_pinv(bt).diff(_t).subs(_t, 0)
    proj = sp.eye(2) - a * p
    gp = -p * adot * p + p * p * adot * proj + proj * adot * p * p
    _close_matrix(d, lhs, gp, r"$\dot{(A^+)}$ equals the Golub–Pereyra expression")
    mu = sp.symbols("mu", real=True)
    along = adot.subs({e[0]: mu * b[0], e[1]: mu * b[1]})
    _close_matrix(d, proj * along, sp.zeros(2, 2), r"$e = \mu b$: $(I - AA^+)\dot A = 0$, only $-A^+\dot AA^+$ remains")


@BACKWARD_PINV.derivation("rank_one_rotation", shows="negation")
def _rotation(d: Derivation) -> None:
    r"""$b = (1, 0)$, $e = (0, 1)$: $\dot{(A^+)} = \begin{pmatrix}0 & 1\\ 1 & 0\end{pmatrix}$ but
    $-A^+\dot AA^+ = 0$; with $G = \begin{pmatrix}0 & 1\\ 0 & 0\end{pmatrix}$ the derivative is 1, the backward's
    value 0."""
    bt = sp.Matrix([1, _t])
    p = _rank_one_pinv(bt)
    _close_matrix(d, (bt * bt.T) * p * (bt * bt.T), bt * bt.T, r"$A(t)^+ = A(t)/(1 + t^2)^2$ ($AA^+A = A$)",
                  denominator=(1 + _t**2) ** 2)
    true = p.diff(_t).subs(_t, 0)
    adot = (bt * bt.T).diff(_t).subs(_t, 0)
    p0 = p.subs(_t, 0)
    release = -p0.T * sp.Matrix([[0, 1], [0, 0]]) * p0.T
    _close_matrix(d, true, sp.Matrix([[0, 1], [1, 0]]), r"$\dot{(A^+)}(0)$")
    _close_matrix(d, -p0 * adot * p0, sp.zeros(2, 2), r"$-A^+\dot AA^+ = 0$")
    g = sp.Matrix([[0, 1], [0, 0]])
    d.close_true(sp.Ne(_inner(g, true), _inner(release, adot)), r"$\langle G, \dot{(A^+)}\rangle = 1 \ne 0 = "
                 r"\langle -A^{+\top}GA^{+\top}, \dot A\rangle$")


# -- N9 -------------------------------------------------------------------------------------------------


@KERNEL_PROPERTIES.derivation("factorisation_entries_norm")
def _kernel(d: Derivation) -> None:
    r"""$e^{-\lVert x - y\rVert^2/2} = e^{-\lVert x\rVert^2/2}e^{x\cdot y}e^{-\lVert y\rVert^2/2}$; entries in
    $(0, 1]$; $|\lambda| \le \lVert A\rVert_1$; positive definiteness by the Schur product theorem (not a sympy
    computation)."""
    x = sp.symbols("x0:2", real=True)
    y = sp.symbols("y0:2", real=True)
    sq = sum((xi - yi) ** 2 for xi, yi in zip(x, y))
    d.close(-sq / 2, -sum(xi**2 for xi in x) / 2 + sum(xi * yi for xi, yi in zip(x, y)) - sum(yi**2 for yi in y) / 2,
            r"$-\lVert x - y\rVert^2/2 = -\lVert x\rVert^2/2 + x\cdot y - \lVert y\rVert^2/2$", method="expand")
    q = sp.symbols("q", nonnegative=True)
    d.close_true(sp.And(sp.exp(-q) > 0, -q <= 0), r"$e^{-q} > 0$ and $-q \le 0$, so $0 < e^{-q} \le 1$; "
                 r"$q = 0$ on the diagonal gives 1")
    a = sp.symbols("a1:4", positive=True)
    delta = sp.symbols("delta1:4", nonnegative=True)
    xm = sp.symbols("x_max", positive=True)
    gap = sum(ai * xm for ai in a) - sum(ai * (xm - di) for ai, di in zip(a, delta))
    d.close_true(sp.expand(gap) >= 0, r"$r_i x_{\max} - \sum_j a_{ij}x_j = \sum_j a_{ij}(x_{\max} - x_j) \ge 0$: "
                 r"$|\lambda| \le \max_i r_i = \lVert A\rVert_1$")
    d.step(r"$e^{x_i\cdot x_j} = \sum_n (x_i\cdot x_j)^n/n!$", sp.Sum(sp.Symbol("z") ** sp.Symbol("n") /
           sp.factorial(sp.Symbol("n")), (sp.Symbol("n"), 0, sp.oo)), "each Hadamard power of a Gram matrix is "
           "positive semidefinite (Schur)")
    d.open("positive (semi)definiteness needs the Schur product theorem and, for distinct points, the strict "
           "positivity of the Gaussian's Fourier transform (Bochner): stated, not derived by sympy; checked at 40 "
           "digits")


@NORM_EQUALITY.derivation("perron_vector")
def _perron(d: Derivation) -> None:
    r"""If $A\mathbf 1 = r\mathbf 1$ then $\lambda_{\max} \ge \mathbf 1^\top A\mathbf 1/m = r = \lVert A\rVert_1$;
    conversely $\sum_j a_{ij}(x_{\max} - x_j) = 0$ with $a_{ij} > 0$ forces a constant Perron vector."""
    r, m = sp.symbols("r m", positive=True)
    d.close((m * r) / m, r, r"Rayleigh quotient of $\mathbf 1$: $\mathbf 1^\top A\mathbf 1/m = r$")
    a = sp.symbols("a1:4", positive=True)
    delta = sp.symbols("delta1:4", positive=True)
    d.close_true(sum(ai * di for ai, di in zip(a, delta)) > 0, r"any $x_j < x_{\max}$ makes "
                 r"$\sum_j a_{ij}(x_{\max} - x_j) > 0$: $\lambda < r_i \le \lVert A\rVert_1$")
    two = sp.Matrix([[1, _s], [_s, 1]])
    d.close_true(sp.Eq(two * sp.ones(2, 1), (1 + _s) * sp.ones(2, 1)), r"$m = 2$: both row sums are $1 + s$")


# -- N10 ------------------------------------------------------------------------------------------------

_n, _m, _d, _r = sp.symbols("n m d r", positive=True)
_COUNT = (3 * _n * _m * _d + 3 * _m**2 * _d + 20 * 2 * _m**3 + _n * _m**2 + _m * _n * _d + _n * _m * _d
          + _n * _d**2)


@LINEAR.derivation("multiply_add_count")
def _count(d: Derivation) -> None:
    r"""$K_1$: $3nmd$; $K_2$: $3m^2d$; 20 Newton steps: $40m^3$; $K_1\cdot\mathrm{inv}$: $nm^2$; $K_1^\top V$ and
    the last product: $2nmd$; landmark convolution: $nd^2$. The sum is affine in $n$; exact attention's $2n^2d$
    is not."""
    count = d.step("the multiply-adds, product by product", _COUNT, "shapes of the release's forward")
    d.close(count, _n * (5 * _m * _d + _m**2 + _d**2) + 3 * _m**2 * _d + 40 * _m**3, "collected in n",
            method="expand")
    d.close(sp.diff(count, _n, 2), 0, r"$\partial^2/\partial n^2 = 0$: linear in $n$")
    d.close_true(sp.Eq(sp.limit(2 * _n**2 * _d / count, _n, sp.oo), sp.oo), r"exact attention / SOFT $\to \infty$")


@LANDMARKS.derivation("cubic_at_fixed_ratio")
def _cubic(d: Derivation) -> None:
    r"""With $m = n/r^2$ the count is a cubic in $n$ with leading coefficient $1/r^4 + 40/r^6 > 0$."""
    cubic = d.step(r"count with $m = n/r^2$", sp.expand(_COUNT.subs(_m, _n / _r**2)), "release: stride-r landmarks")
    poly = sp.Poly(cubic, _n)
    d.close(poly.degree(), 3, "degree 3 in n")
    d.close(poly.LC(), 1 / _r**4 + 40 / _r**6, r"leading coefficient $1/r^4 + 40/r^6$")
