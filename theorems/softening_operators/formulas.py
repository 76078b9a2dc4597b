"""The operators and formulas under test, as the specification formalises them, and their mutants.

Every operator here takes a probability vector ``p`` (a sequence of numbers mpmath can read: Fractions,
floats, mpf) and a temperature ``T`` and returns a list of ``mpmath.mpf`` at the working precision, so
the checks can evaluate them at 40 digits where float64 would underflow (``p_i^{1/T}`` at ``T = 10⁻³``).

- power family (abstract: $p^{1/T} \\propto \\operatorname{softmax}(z/T)$): :func:`power_op`;
- (M) power mixed with uniform, $\\lambda(T) = \\max(0, 1 - 1/T)$: :func:`mix_op`;
- (S) additive smoothing $(p + (T - 1)^+)/\\Sigma$: :func:`smoothing_op`;
- (E) $\\operatorname{sparsemax}(\\log p / T)$: :func:`sparsemax_op`;
- the entropy derivative of O3, the limits of O4, the KL projection of O7.

The mutants (plausible wrong variants) follow each formula.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath

mpf = mpmath.mpf


def to_mpf(x) -> mpmath.mpf:
    """A number as mpf at the working precision (a Fraction exactly rounded once)."""
    if isinstance(x, Fraction):
        return mpf(x.numerator) / x.denominator
    return mpf(x)


def _normalise(w):
    s = mpmath.fsum(w)
    return [x / s for x in w]


# -- the power family ------------------------------------------------------------------------------


def power_op(p, T):
    """$F_T(p)_i = p_i^{1/T}/\\sum_j p_j^{1/T}$ with $0^{1/T} = 0$, in log space (the specification's setup)."""
    q = [to_mpf(x) for x in p]
    T = to_mpf(T)
    top = max(mpmath.log(x) for x in q if x > 0)
    return _normalise([mpmath.exp((mpmath.log(x) - top) / T) if x > 0 else mpf(0) for x in q])


def sharpen_op(p, T):
    """Mutant: $F_T(p) \\propto p^T$ (the temperature inverted: entropy decreasing in $T$)."""
    return power_op(p, 1 / to_mpf(T))


def unnormalised_op(p, T):
    """Mutant: normalise before powering and not after: $(p/\\sum p)^{1/T}$."""
    q = [to_mpf(x) for x in p]
    s = mpmath.fsum(q)
    return [(x / s) ** (1 / to_mpf(T)) if x > 0 else mpf(0) for x in q]


def eps_floor_op(p, T):
    """Mutant: zeros replaced by $\\varepsilon = 10^{-6}$ before powering (renormalised)."""
    eps = mpf("1e-6")
    return power_op([max(to_mpf(x), eps) for x in p], T)


def log_zero_as_zero_op(p, T):
    """Mutant: $\\operatorname{softmax}(\\log p / T)$ with $\\log 0$ replaced by 0 (a NaN-to-number patch)."""
    q = [to_mpf(x) for x in p]
    return _normalise([mpmath.exp(mpmath.log(x) / to_mpf(T)) if x > 0 else mpf(1) for x in q])


def softmax(z):
    """$\\operatorname{softmax}(z)$ at the working precision."""
    z = [to_mpf(x) for x in z]
    m = max(z)
    return _normalise([mpmath.exp(x - m) for x in z])


# -- the other candidate families (the specification's O5) --------------------------------------------------------


def mix_op(p, T):
    """(M): $G_T = (1 - \\lambda(T)) F_T(p) + \\lambda(T) u$, $\\lambda(T) = \\max(0, 1 - 1/T)$."""
    T = to_mpf(T)
    lam = max(mpf(0), 1 - 1 / T)
    f = power_op(p, T)
    return [(1 - lam) * x + lam / len(f) for x in f]


def mix_unclamped_op(p, T):
    """Mutant of (M): $\\lambda(T) = 1 - 1/T$ without the clamp at 0 (negative weight below $T = 1$)."""
    T = to_mpf(T)
    lam = 1 - 1 / T
    f = power_op(p, T)
    return [(1 - lam) * x + lam / len(f) for x in f]


def mix_with_p_op(p, T):
    """Mutant of (M): mixing with $p$ instead of the uniform distribution."""
    T = to_mpf(T)
    lam = max(mpf(0), 1 - 1 / T)
    q = _normalise([to_mpf(x) for x in p])
    return [(1 - lam) * x + lam * y for x, y in zip(power_op(p, T), q)]


def mix_reversed_op(p, T):
    """Mutant of (M): $\\lambda(T) = \\max(0, 1 - T)$ (uniform weight at low temperature)."""
    T = to_mpf(T)
    lam = max(mpf(0), 1 - T)
    f = power_op(p, T)
    return [(1 - lam) * x + lam / len(f) for x in f]


def mix_halved_op(p, T):
    """Mutant of (M): $\\lambda(T) = \\max(0, 1 - 1/(2T))$."""
    T = to_mpf(T)
    lam = max(mpf(0), 1 - 1 / (2 * T))
    f = power_op(p, T)
    return [(1 - lam) * x + lam / len(f) for x in f]


def smoothing_op(p, T):
    """(S): additive smoothing $(p_i + (T - 1)^+)/\\sum_j (p_j + (T - 1)^+)$."""
    c = max(mpf(0), to_mpf(T) - 1)
    return _normalise([to_mpf(x) + c for x in p])


def sparsemax(z):
    """Sparsemax (Martins and Astudillo 2016): the Euclidean projection of $z$ onto the simplex; $-\\infty$ maps
    to 0."""
    finite = sorted((x for x in z if x != -mpmath.inf), reverse=True)
    cum, tau = mpf(0), None
    for j, x in enumerate(finite, start=1):
        cum += x
        if 1 + j * x > cum:
            tau = (cum - 1) / j
    return [max(x - tau, mpf(0)) if x != -mpmath.inf else mpf(0) for x in z]


def sparsemax_op(p, T):
    """(E): $\\operatorname{sparsemax}(\\log p / T)$ with $\\log 0 = -\\infty$."""
    T = to_mpf(T)
    return sparsemax([mpmath.log(to_mpf(x)) / T if x > 0 else -mpmath.inf for x in p])


# -- entropy (O3) -------------------------------------------------------------------------------------


def entropy(q):
    """$H(q) = -\\sum q_i \\log q_i$ (nats), $0 \\log 0 = 0$."""
    return -mpmath.fsum(x * mpmath.log(x) for x in q if x > 0)


def _variance_of_log(p, weights):
    logs = [(w, mpmath.log(to_mpf(x))) for x, w in zip(p, weights) if x > 0]
    m = mpmath.fsum(w * lg for w, lg in logs)
    return mpmath.fsum(w * (lg - m) ** 2 for w, lg in logs)


def entropy_derivative(p, beta):
    """O3: $dH(q_\\beta)/d\\beta = -\\beta \\operatorname{Var}_{q_\\beta}(\\log p)$, $q_\\beta \\propto p^\\beta$."""
    beta = to_mpf(beta)
    return -beta * _variance_of_log(p, power_op(p, 1 / beta))


def entropy_derivative_plus(p, beta):
    """Mutant: $+\\beta \\operatorname{Var}$ (the sign flipped)."""
    return -entropy_derivative(p, beta)


def entropy_derivative_no_beta(p, beta):
    """Mutant: $-\\operatorname{Var}_{q_\\beta}(\\log p)$ (the factor $\\beta$ dropped)."""
    return entropy_derivative(p, beta) / to_mpf(beta)


def entropy_derivative_under_p(p, beta):
    """Mutant: the variance taken under $p$ instead of $q_\\beta$."""
    q = _normalise([to_mpf(x) for x in p])
    return -to_mpf(beta) * _variance_of_log(p, q)


# -- strictness of O3 -----------------------------------------------------------------------------------


def strictly_increasing(p) -> bool:
    """O3 refined: $T \\mapsto H(F_T(p))$ is strictly increasing iff $p$ is not uniform on its support."""
    return len({Fraction(x) for x in p if x > 0}) > 1


def strict_unless_uniform_on_all(p) -> bool:
    """Mutant: strictly increasing unless $p$ is uniform on all $V$ classes (zeros ignored)."""
    return len({Fraction(x) for x in p}) > 1


def always_strict(p) -> bool:
    """Mutant: strictly increasing for every $p$."""
    return True


# -- boundary behaviour (O4) ----------------------------------------------------------------------------


def one_hot_argmax(p):
    """O4 as stated, $T \\to 0$: the one-hot on $\\operatorname{argmax} p$ (a tie goes to the first index)."""
    i = max(range(len(p)), key=lambda j: (p[j], -j))
    return [Fraction(int(j == i)) for j in range(len(p))]


def uniform_on_argmax(p):
    """O4 refined, $T \\to 0$: uniform on the set of maximisers of $p$."""
    top = max(p)
    n = sum(1 for x in p if x == top)
    return [Fraction(1, n) if x == top else Fraction(0) for x in p]


def one_hot_last_argmax(p):
    """Mutant: a tie at the maximum goes to the last index."""
    i = max(range(len(p)), key=lambda j: (p[j], j))
    return [Fraction(int(j == i)) for j in range(len(p))]


def uniform_on_classes(p):
    """O4 as stated, $T \\to \\infty$: uniform on all $V$ classes."""
    return [Fraction(1, len(p))] * len(p)


def uniform_on_support(p):
    """O4 refined, $T \\to \\infty$: uniform on the support $\\{i : p_i > 0\\}$."""
    n = sum(1 for x in p if x > 0)
    return [Fraction(1, n) if x > 0 else Fraction(0) for x in p]


def renormalised_p(p):
    """Mutant: $T \\to \\infty$ leaves $p$ unchanged."""
    s = sum(Fraction(x) for x in p)
    return [Fraction(x) / s for x in p]


# -- students (O7) --------------------------------------------------------------------------------------


def argmax_set(p):
    """O7: the top-1 student of any ranking-preserving operator predicts the maximisers of $p$."""
    top = max(p)
    return frozenset(i for i, x in enumerate(p) if x == top)


def first_argmax_only(p):
    """Mutant: only the first maximiser."""
    top = max(p)
    return frozenset({next(i for i, x in enumerate(p) if x == top)})


def argmin_set(p):
    """Mutant: the minimisers (a ranking-reversing operator)."""
    low = min(p)
    return frozenset(i for i, x in enumerate(p) if x == low)


def kl_projection(target):
    """O7, full simplex: $\\operatorname{argmin}_{q \\in \\Delta^V} \\operatorname{KL}(t \\| q) = t$."""
    return [to_mpf(x) for x in target]


def kl_projection_one_hot(target):
    """Mutant: the projection is the one-hot on the target's argmax (the top-1 student)."""
    t = [to_mpf(x) for x in target]
    i = max(range(len(t)), key=lambda j: t[j])
    return [mpf(int(j == i)) for j in range(len(t))]


def kl_projection_smoothed(target):
    """Mutant: the projection is the target mixed half-and-half with the uniform distribution."""
    t = [to_mpf(x) for x in target]
    return [(x + mpf(1) / len(t)) / 2 for x in t]
