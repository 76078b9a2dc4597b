"""Unit tests of the perceptron family's library (theorems/perceptron/library.py and formulas.py)."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

from claimkit_project.theorems.perceptron import formulas as F
from claimkit_project.theorems.perceptron import library as P

THM51_5 = F.thm51_data(5)
GAUSS_A = np.array([[1.0, 0.2], [0.3, 1.1], [-0.8, -0.9], [-1.2, 0.1]])
GAUSS_Y = np.array([1.0, 1.0, -1.0, -1.0])


def test_public_names_are_exported():
    """Every algorithm of the paper and the helpers a user needs are in __all__."""
    for name in ("lr_gd", "batch_perceptron", "perceptron", "normalized_batch_perceptron", "normalized_lr_gd",
                 "max_margin", "iterations_to_solve", "logistic_loss", "is_separable"):
        assert name in P.__all__


def test_first_lr_step_over_gamma_is_bp_first_step():
    """θ_1/γ of LR+GD equals BP's θ̂_1 = (1/(2n))Σz_i for any γ."""
    for gamma in (1e-3, 1.0, 1e5):
        th1 = P.lr_gd(GAUSS_A, GAUSS_Y, gamma, 1)[1] / gamma
        expected = (GAUSS_A * GAUSS_Y[:, None]).sum(axis=0) / 8
        np.testing.assert_allclose(th1, expected, rtol=1e-13)


def test_lr_gd_matches_a_hand_computed_gradient_step():
    """One LR+GD step from a non-zero θ_0 equals θ_0 + (γ/n)Σσ(−m_i)z_i computed by hand."""
    th0 = np.array([0.3, -0.2])
    Z = GAUSS_A * GAUSS_Y[:, None]
    m = Z @ th0
    expected = th0 + 0.7 / 4 * ((1 / (1 + np.exp(m))) @ Z)
    np.testing.assert_allclose(P.lr_gd(GAUSS_A, GAUSS_Y, 0.7, 1, theta0=th0)[1], expected, rtol=1e-14)


def test_normalized_lr_gd_survives_huge_margins():
    """Normalized LR+GD stays finite where the literal β_t = 1/mean σ overflows (margins ~ 1e5)."""
    its = P.normalized_lr_gd(GAUSS_A, GAUSS_Y, 1e5, 5)
    assert np.all(np.isfinite(its))
    assert P.solves(GAUSS_A, GAUSS_Y, its[-1])


def test_normalized_lr_step_is_weighted_average_of_z():
    """A Normalized LR+GD step has length ≤ γR (a convex combination of the z_i, times γ)."""
    its = P.normalized_lr_gd(GAUSS_A, GAUSS_Y, 2.0, 3)
    R = P.data_radius(GAUSS_A)
    assert all(np.linalg.norm(b - a) <= 2.0 * R + 1e-12 for a, b in zip(its[:-1], its[1:]))


def test_batch_perceptron_exact_on_thm51_data():
    """Exact BP on Thm 5.1's data with n = 5 gives θ̂_1 = (1/4, 3/10) and stops moving once solved."""
    A, y = THM51_5
    its = P.batch_perceptron(A, y, 4, exact=True)
    assert list(its[1]) == [Fraction(1, 4), Fraction(3, 10)]
    assert P.solves(A, y, its[2], exact=True)
    assert list(its[3]) == list(its[2])


def test_bp_counts_agree_in_float_and_exact_arithmetic():
    """BP's iteration count on Thm 5.1's data is the same in float64 and in Fractions, and follows the formula."""
    for n in (3, 7, 20, 55):
        A, y = F.thm51_data(n)
        assert (P.iterations_to_solve("bp", A, y) == P.iterations_to_solve("bp", A, y, exact=True)
                == F.thm51_bp_iterations(n))


def test_perceptron_on_orthonormal_basis_takes_d_updates():
    """The Perceptron from 0 on z_i = e_i needs exactly d iterations, for every pick rule."""
    A, y = np.eye(4), np.ones(4)
    for pick in ("first", "last", "worst", "best"):
        assert P.iterations_to_solve("perceptron", A, y, pick=pick) == 4


def test_perceptron_accepts_a_callable_pick_rule():
    """A callable pick rule receives the margins and the misclassified indices."""
    seen = []

    def rule(m, S):
        seen.append(list(S))
        return S[-1]

    its = P.perceptron(np.eye(2), np.ones(2), 2, pick=rule)
    assert seen and its.shape == (3, 2)


def test_nbp_first_step_is_mean_of_z():
    """NBP's first step (all margins 0) is the plain mean of the z_i."""
    its = P.normalized_batch_perceptron(GAUSS_A, GAUSS_Y, 1)
    np.testing.assert_allclose(its[1], (GAUSS_A * GAUSS_Y[:, None]).mean(axis=0))


def test_max_margin_known_case():
    """μ of Thm 5.1's dataset is 1/2 with maximiser (1, 0)."""
    mu, w = P.max_margin(*THM51_5)
    assert abs(mu - 0.5) < 1e-8
    np.testing.assert_allclose(w, [1.0, 0.0], atol=1e-7)


def test_max_margin_two_points():
    """For z_1 = (1, 0), z_2 = (0, 1) the margin is 1/√2 along (1, 1)/√2."""
    mu, w = P.max_margin(np.eye(2), np.ones(2))
    assert abs(mu - 1 / math.sqrt(2)) < 1e-8
    np.testing.assert_allclose(w, [1 / math.sqrt(2)] * 2, atol=1e-7)


def test_logistic_loss_is_stable_for_large_margins():
    """f(θ) is finite and ≈ γ·slope for huge negative margins (log-add-exp, no overflow)."""
    th = np.array([0.0, -1e6])
    f = P.logistic_loss([[0.0, 1.0]], [1], th)
    assert math.isfinite(f) and abs(f - 1e6) < 1e-6


def test_lr_and_normalized_counts_reproduce_table1_row_at_n_1000():
    """At n = 1000 the float64 counts are Table 1's first row."""
    A, y = F.thm51_data(1000)
    assert [P.iterations_to_solve("normalized_lr", A, y, gamma=g) for g in (100, 10, 1)] == [2, 2, 16]
    assert P.iterations_to_solve("lr", A, y, gamma=100) == 308


def test_labels_must_be_plus_minus_one():
    """0/1 labels are rejected with a message naming the bad values."""
    with pytest.raises(ValueError, match="y must hold labels −1 or \\+1"):
        P.lr_gd(GAUSS_A, [0, 1, 1, 0], 1.0, 1)


def test_shape_mismatch_is_reported():
    """A label count different from the number of rows is an error."""
    with pytest.raises(ValueError, match="rows but y has"):
        P.batch_perceptron(GAUSS_A, [1, -1], 2)


def test_one_dimensional_A_is_rejected():
    """A must be two-dimensional."""
    with pytest.raises(ValueError, match=r"shape \(n, d\)"):
        P.lr_gd([1.0, 2.0], [1, 1], 1.0, 1)


def test_non_finite_data_is_rejected():
    """NaN in A is an error."""
    with pytest.raises(ValueError, match="finite"):
        P.lr_gd([[np.nan, 1.0]], [1], 1.0, 1)


@pytest.mark.parametrize("gamma", [0.0, -1.0, math.inf, math.nan])
def test_step_size_must_be_positive_and_finite(gamma):
    """γ ≤ 0, infinite or NaN is rejected, naming gamma."""
    with pytest.raises(ValueError, match="step size"):
        P.lr_gd(GAUSS_A, GAUSS_Y, gamma, 1)


def test_non_separable_data_is_rejected_where_separability_is_required():
    """Counting iterations and computing μ need separable data: XOR-like labels raise."""
    A, y = [[1.0, 0.0], [-1.0, 0.0]], [1, 1]
    assert not P.is_separable(A, y)
    with pytest.raises(ValueError, match="not separable"):
        P.iterations_to_solve("bp", A, y)
    with pytest.raises(ValueError, match="not separable"):
        P.max_margin(A, y)


def test_exact_arithmetic_is_refused_for_lr():
    """LR+GD involves exp(): exact=True is refused with a clear message."""
    with pytest.raises(ValueError, match="exact arithmetic"):
        P.iterations_to_solve("lr", GAUSS_A, GAUSS_Y, gamma=1.0, exact=True)


def test_unknown_method_and_missing_gamma():
    """An unknown method name, or LR without γ, is an error."""
    with pytest.raises(ValueError, match="method must be one of"):
        P.iterations_to_solve("svm", GAUSS_A, GAUSS_Y)
    with pytest.raises(ValueError, match="needs a step size"):
        P.iterations_to_solve("lr", GAUSS_A, GAUSS_Y)


def test_theta0_shape_is_checked():
    """θ_0 of the wrong length is rejected, naming theta0."""
    with pytest.raises(ValueError, match="theta0 must have shape"):
        P.lr_gd(GAUSS_A, GAUSS_Y, 1.0, 1, theta0=[1.0, 2.0, 3.0])


def test_unknown_pick_rule_is_rejected():
    """The Perceptron's pick rule must be a known name or a callable."""
    with pytest.raises(ValueError, match="pick must be one of"):
        P.perceptron(GAUSS_A, GAUSS_Y, 2, pick="random")


def test_limit_recursion_gives_ties_half_weight():
    """On z_1 = (1, 0), z_2 = (−1, 1) the γ → ∞ limit differs from BP at t = 2 (tie weight 1/2 vs 1)."""
    A, y = [[1, 0], [-1, 1]], [1, 1]
    assert list(F.lr_limit_iterates(A, y, 2)[2]) == [Fraction(1, 4), Fraction(1, 4)]
    assert list(F.bp_exact(A, y, 2)[2]) == [Fraction(1, 2), Fraction(1, 4)]


def test_thm51_count_formula_is_exact_in_float64_and_at_50_digits():
    """THM51_BP_COUNT is ⌊(3n − 8)/10⌋ + 2 exactly on its whole domain, ties n ≡ 6 (mod 10) included, where
    the distributed form 3n/10 − 4/5 would round below the integer."""
    ns = np.arange(1, F.THM51_N_MAX + 1)
    assert all(F.THM51_BP_COUNT(int(n)) == (3 * int(n) - 8) // 10 + 2 for n in ns)
    assert [F.thm51_bp_iterations(n) for n in (1, 2, 3, 6, 16, 26)] == [1, 1, 2, 3, 6, 9]
    assert all(F.THM51_BP_COUNT.at_precision(50, n) == (3 * n - 8) // 10 + 2 for n in range(1, 400))
    assert isinstance(F.thm51_bp_iterations(7), int)


def test_thm51_count_formula_refuses_n_outside_its_domain():
    """The count is declared for n = 1, …, THM51_N_MAX; other n (and non-integers) are refused by name."""
    for bad in (0, -3, F.THM51_N_MAX + 1):
        with pytest.raises(ValueError, match="n"):
            F.thm51_bp_iterations(bad)
    with pytest.raises(ValueError, match="integer"):
        F.THM51_BP_COUNT(2.5)


def test_bp_in_integers_is_the_library_bp_times_4n():
    """The exact-count claim's ground truth runs BP in integers: Θ_t = 4n·θ̂_t and margins 8n·m_i(θ̂_t), for every
    iterate, and it stops at the library's exact count."""
    from claimkit_project.checks.perceptron.thm51 import _thm51_exact_problem

    for n in list(range(1, 60)) + [116, 301]:
        prob = _thm51_exact_problem(n)
        theta = P._zero(prob)
        for t, big, m in F.thm51_bp_in_integers(n):
            theta = P._bp_step(prob, theta, t - 1)
            assert [Fraction(v, 4 * n) for v in big] == theta
            assert m == [8 * n * v for v in P._margins(prob, theta)]
        assert F.thm51_bp_count_by_running_bp(n) == t == P._count(prob, "bp", None, 10**6)


def test_thm51_float_problem_is_what_as_problem_builds():
    """The two-point float64 Problem of Thm 5.1's data is ``as_problem`` on all n rows, and counts the same."""
    from claimkit_project.checks.perceptron.strategies import thm51_float_problem

    for n in (1, 2, 3, 6, 17, 40):
        built, compact = P.as_problem(*F.thm51_data(n)), thm51_float_problem(n)
        assert (built.counts, built.n, built.d, built.exact) == (compact.counts, compact.n, compact.d, compact.exact)
        np.testing.assert_array_equal(built.rows, compact.rows)
        for method, gamma in (("lr", 100.0), ("normalized_lr", 1.0)):
            count = P._count(compact, method, gamma, 10**5)
            assert P.iterations_to_solve(method, *F.thm51_data(n), gamma=gamma) == count


def test_checks_separability_agrees_with_the_library():
    """The checks' cached exact separability test (d ≤ 2) agrees with ``is_separable`` on small integer data."""
    import itertools

    from claimkit_project.checks.perceptron.strategies import separable

    values = (-1, 0, 2)
    for A in itertools.product(itertools.product(values, repeat=2), repeat=2):
        for y in ([1, 1], [1, -1]):
            assert separable([list(r) for r in A], y) == P.is_separable([list(r) for r in A], y)
    assert separable(GAUSS_A, GAUSS_Y) == P.is_separable(GAUSS_A, GAUSS_Y)


def test_normalized_step_is_scipy_softmax_bit_for_bit():
    """Normalized LR+GD's step normalises with scipy.special.softmax's own operations: the same bits."""
    from scipy import special

    rng = np.random.default_rng(3)
    for _ in range(200):
        A = rng.normal(size=(int(rng.integers(1, 9)), 2)) * float(rng.choice([1e-3, 1.0, 40.0]))
        prob = P.as_problem(A, np.where(rng.random(len(A)) < 0.5, -1.0, 1.0))
        theta = rng.normal(size=2) * 10
        m = prob.rows @ theta
        p = special.softmax(np.log(prob.weights) - np.logaddexp(0.0, m))
        np.testing.assert_array_equal(P._nlr_step(prob, theta, 0.7), theta + 0.7 * (p @ prob.rows))


def test_equal_margins_average_is_the_weighted_average():
    """The Jensen check's worst case groups the n − 1 equal margins: the same value as the general average."""
    from claimkit_project.checks.perceptron.bounds import _equal_margins_average, _weighted_average_margin

    for n in (2, 3, 10, 60):
        for M in (0.0, 0.5, 3.0, 17.0, 59.0):
            assert float(_equal_margins_average(n, M)) == pytest.approx(
                float(_weighted_average_margin([0.0] + [M] * (n - 1))), rel=1e-14, abs=1e-300)


def test_thm51_tie_condition():
    """Ties on Thm 5.1's data occur exactly for n ≡ 6 (mod 10)."""
    assert [n for n in range(3, 40) if F.thm51_has_tie(n)] == [6, 16, 26, 36]


# -- input validation: every public function, every kind of bad input ---------------------------------------

A2 = [[1.0, 0.0], [0.0, 1.0]]
Y2 = [1, 1]
TH2 = [1.0, 1.0]
NAN, INF = math.nan, math.inf
ZP = P.as_problem(A2, Y2)

# (function, positional arguments, keyword arguments, the argument the message must name)
BAD_INPUTS = [
    # A: NaN, ±inf, empty, wrong shape, wrong type, booleans, ragged
    (P.as_problem, ([[NAN, 0.0]], [1]), {}, "A"),
    (P.as_problem, ([[INF, 0.0]], [1]), {}, "A"),
    (P.as_problem, ([[-INF, 0.0]], [1]), {}, "A"),
    (P.as_problem, (np.zeros((0, 2)), []), {}, "A"),
    (P.as_problem, (np.zeros((2, 0)), Y2), {}, "A"),
    (P.as_problem, ([1.0, 2.0], Y2), {}, "A"),
    (P.as_problem, ("data", Y2), {}, "A"),
    (P.as_problem, ([[True, False], [False, True]], Y2), {}, "A"),
    (P.as_problem, ([[1.0, 2.0], [3.0]], Y2), {}, "A"),
    (P.as_problem, ([[NAN, 0.0]], [1]), {"exact": True}, "A"),
    (P.as_problem, ([[True, 0]], [1]), {"exact": True}, "A"),
    (P.as_problem, ([[1, 0], [2]], Y2), {"exact": True}, "A"),
    (P.as_problem, ([], []), {"exact": True}, "A"),
    # y: 0/1, booleans, NaN, wrong shape, empty, length mismatch
    (P.as_problem, (A2, [0, 1]), {}, "y"),
    (P.as_problem, (A2, [True, True]), {}, "y"),
    (P.as_problem, (A2, [1, NAN]), {}, "y"),
    (P.as_problem, (A2, [[1, 1]]), {}, "y"),
    (P.as_problem, (A2, []), {}, "y"),
    (P.as_problem, (A2, [1]), {}, "y"),
    (P.as_problem, (A2, "ab"), {}, "y"),
    (P.as_problem, (A2, [0, 1]), {"exact": True}, "y"),
    # exact must be a boolean
    (P.as_problem, (A2, Y2), {"exact": "yes"}, "exact"),
    (P.as_problem, (A2, Y2), {"exact": 1}, "exact"),
    # Problem: inconsistent fields
    (P.Problem, (ZP.rows, (1, 2), 2, 2, False), {}, "counts"),
    (P.Problem, (ZP.rows, (1, 1), 2, 2, 0), {}, "exact"),
    (P.Problem, (ZP.rows, (1, 1), 2, 0, False), {}, "d"),
    (P.Problem, (np.full((2, 2), NAN), (1, 1), 2, 2, False), {}, "rows"),
    # margins, logistic_loss, solves: θ
    (P.margins, ([[NAN, 0.0]], [1], [1.0, 0.0]), {}, "A"),
    (P.margins, (A2, [0, 1], TH2), {}, "y"),
    (P.margins, (A2, Y2, [NAN, 1.0]), {}, "theta"),
    (P.margins, (A2, Y2, [1.0]), {}, "theta"),
    (P.margins, (A2, Y2, [True, False]), {}, "theta"),
    (P.logistic_loss, (A2, Y2, [INF, 0.0]), {}, "theta"),
    (P.logistic_loss, (A2, Y2, [1.0, 2.0, 3.0]), {}, "theta"),
    (P.logistic_loss, (A2, Y2, "θ"), {}, "theta"),
    (P.logistic_loss, ([[1.0, 0.0]], [2], [1.0, 0.0]), {}, "y"),
    (P.solves, (A2, Y2, [NAN, 0.0]), {}, "theta"),
    (P.solves, (A2, Y2, [True, True]), {}, "theta"),
    (P.solves, (A2, Y2, [1, 2, 3]), {"exact": True}, "theta"),
    (P.solves, (A2, Y2, [NAN, 1]), {"exact": True}, "theta"),
    (P.solves, (A2, Y2, [True, True]), {"exact": True}, "theta"),
    (P.solves, (A2, Y2, TH2), {"exact": "no"}, "exact"),
    # is_separable, max_margin, data_radius
    (P.is_separable, ([[NAN, 0.0]], [1]), {}, "A"),
    (P.is_separable, (A2, [1, 0]), {}, "y"),
    (P.max_margin, ([[1.0, 0.0], [-1.0, 0.0]], Y2), {}, "A"),
    (P.max_margin, (np.zeros((0, 2)), []), {}, "A"),
    (P.data_radius, ([[NAN, 1.0]],), {}, "A"),
    (P.data_radius, ([[INF, 1.0]],), {}, "A"),
    (P.data_radius, (np.zeros((0, 2)),), {}, "A"),
    (P.data_radius, ([1.0, 2.0],), {}, "A"),
    (P.data_radius, ([[True, False]],), {}, "A"),
    (P.data_radius, ("A",), {}, "A"),
    # lr_gd, normalized_lr_gd: γ, steps, θ_0
    (P.lr_gd, (A2, Y2, 0.0, 1), {}, "gamma"),
    (P.lr_gd, (A2, Y2, -1.0, 1), {}, "gamma"),
    (P.lr_gd, (A2, Y2, NAN, 1), {}, "gamma"),
    (P.lr_gd, (A2, Y2, INF, 1), {}, "gamma"),
    (P.lr_gd, (A2, Y2, True, 1), {}, "gamma"),
    (P.lr_gd, (A2, Y2, "1", 1), {}, "gamma"),
    (P.lr_gd, (A2, Y2, 1.0, -1), {}, "steps"),
    (P.lr_gd, (A2, Y2, 1.0, True), {}, "steps"),
    (P.lr_gd, (A2, Y2, 1.0, 1.5), {}, "steps"),
    (P.lr_gd, (A2, Y2, 1.0, 1), {"theta0": [NAN, 0.0]}, "theta0"),
    (P.lr_gd, (A2, Y2, 1.0, 1), {"theta0": [0.0]}, "theta0"),
    (P.lr_gd, (A2, Y2, 1.0, 1), {"theta0": [True, False]}, "theta0"),
    (P.lr_gd, ([[NAN, 0.0]], [1], 1.0, 1), {}, "A"),
    (P.normalized_lr_gd, (A2, Y2, False, 1), {}, "gamma"),
    (P.normalized_lr_gd, (A2, Y2, -INF, 1), {}, "gamma"),
    (P.normalized_lr_gd, (A2, Y2, 1.0, -2), {}, "steps"),
    (P.normalized_lr_gd, (A2, Y2, 1.0, 1), {"theta0": [INF, 0.0]}, "theta0"),
    (P.normalized_lr_gd, (A2, [1, 2], 1.0, 1), {}, "y"),
    # the perceptron-type algorithms: steps, exact, pick, data
    (P.batch_perceptron, (A2, Y2, -1), {}, "steps"),
    (P.batch_perceptron, (A2, Y2, True), {}, "steps"),
    (P.batch_perceptron, (A2, Y2, 2), {"exact": "yes"}, "exact"),
    (P.batch_perceptron, ([[NAN, 0.0]], [1], 2), {}, "A"),
    (P.batch_perceptron, (A2, [1, 0], 2), {}, "y"),
    (P.normalized_batch_perceptron, (A2, Y2, 2.0), {}, "steps"),
    (P.normalized_batch_perceptron, (A2, Y2, 2), {"exact": None}, "exact"),
    (P.normalized_batch_perceptron, (np.zeros((0, 2)), [], 2), {}, "A"),
    (P.perceptron, (A2, Y2, -3), {}, "steps"),
    (P.perceptron, (A2, Y2, 2), {"pick": "random"}, "pick"),
    (P.perceptron, (A2, Y2, 2), {"pick": 3}, "pick"),
    (P.perceptron, (A2, Y2, 2), {"exact": 1.0}, "exact"),
    (P.perceptron, ([[INF, 0.0]], [1], 2), {}, "A"),
    # iterations_to_solve: method, γ, exact, max_iter, θ_0, pick, data
    (P.iterations_to_solve, ("svm", A2, Y2), {}, "method"),
    (P.iterations_to_solve, (3, A2, Y2), {}, "method"),
    (P.iterations_to_solve, ("lr", A2, Y2), {}, "gamma"),
    (P.iterations_to_solve, ("lr", A2, Y2), {"gamma": True}, "gamma"),
    (P.iterations_to_solve, ("lr", A2, Y2), {"gamma": NAN}, "gamma"),
    (P.iterations_to_solve, ("normalized_lr", A2, Y2), {"gamma": -1.0}, "gamma"),
    (P.iterations_to_solve, ("bp", A2, Y2), {"gamma": 1.0}, "gamma"),
    (P.iterations_to_solve, ("lr", A2, Y2), {"gamma": 1.0, "exact": True}, "exact"),
    (P.iterations_to_solve, ("bp", A2, Y2), {"exact": "no"}, "exact"),
    (P.iterations_to_solve, ("bp", A2, Y2), {"max_iter": 0}, "max_iter"),
    (P.iterations_to_solve, ("bp", A2, Y2), {"max_iter": True}, "max_iter"),
    (P.iterations_to_solve, ("bp", A2, Y2), {"max_iter": 10.0}, "max_iter"),
    (P.iterations_to_solve, ("lr", A2, Y2), {"gamma": 1.0, "theta0": [NAN, 0.0]}, "theta0"),
    (P.iterations_to_solve, ("nbp", A2, Y2), {"theta0": [1.0, 0.0]}, "theta0"),
    (P.iterations_to_solve, ("perceptron", A2, Y2), {"pick": "random"}, "pick"),
    (P.iterations_to_solve, ("bp", A2, Y2), {"pick": "last"}, "pick"),
    (P.iterations_to_solve, ("bp", [[1.0, 0.0], [-1.0, 0.0]], Y2), {}, "A"),
    (P.iterations_to_solve, ("bp", [[NAN, 0.0]], [1]), {}, "A"),
    (P.iterations_to_solve, ("bp", A2, [1, 0]), {}, "y"),
    (P.iterations_to_solve, ("lr", np.asarray(A2) * 2.0**-600, Y2), {"gamma": 1.0}, "gamma"),
]


@pytest.mark.parametrize(("function", "args", "kwargs", "argument"), BAD_INPUTS,
                         ids=[f"{f.__name__}-{i}" for i, (f, *_) in enumerate(BAD_INPUTS)])
def test_bad_input_is_refused_naming_the_argument(function, args, kwargs, argument):
    """Each bad input raises ValueError (TypeError for a wrong type) whose message names the argument."""
    with pytest.raises((ValueError, TypeError), match=rf"(?<![\w.]){argument}(?!\w)"):
        function(*args, **kwargs)


def test_every_public_function_has_bad_input_rows():
    """The validation table covers every public function and class of the library."""
    covered = {f.__name__ for f, *_ in BAD_INPUTS}
    public = {name for name in P.__all__ if callable(getattr(P, name))}
    assert public <= covered, public - covered


# -- scale-free computation at 1e±200 ----------------------------------------------------------------------

THM51_7 = (np.asarray(F.thm51_data(7)[0], dtype=float), F.thm51_data(7)[1])


@pytest.mark.parametrize("scale", [1e-200, 1e200, 2.0**-1000, 2.0**1000])
@pytest.mark.parametrize("method", ["bp", "nbp", "perceptron"])
def test_perceptron_type_counts_do_not_depend_on_the_data_scale(method, scale):
    """Counts of BP, NBP and the Perceptron on Thm 5.1's data are the same at 1e±200 as at scale 1."""
    A, y = THM51_7
    assert P.iterations_to_solve(method, A * scale, y) == P.iterations_to_solve(method, A, y) is not None


def test_lr_count_on_rescaled_data_and_step_is_unchanged():
    """LR+GD's count on (cZ, γ/c²) equals its count on (Z, γ), here with c = 2^-300."""
    A, y = THM51_7
    c = 2.0**-300
    for method in ("lr", "normalized_lr"):
        assert (P.iterations_to_solve(method, A * c, y, gamma=3.0 / c**2)
                == P.iterations_to_solve(method, A, y, gamma=3.0))


def test_lr_count_whose_effective_step_underflows_is_an_error():
    """At data scale 1e-200 and γ = 1 the step γc² underflows: a ValueError naming gamma, not None."""
    A, y = THM51_7
    with pytest.raises(ValueError, match="gamma"):
        P.iterations_to_solve("lr", A * 1e-200, y, gamma=1.0)


@pytest.mark.parametrize("scale", [1e-200, 1e200])
def test_solves_and_is_separable_at_extreme_scales(scale):
    """solves and is_separable give the scale-1 answers for data and θ at 1e±200."""
    A, y = THM51_7
    assert P.solves(A * scale, y, [scale, 0.0]) is True
    assert P.solves(A * scale, y, [0.0, scale]) is False
    assert P.solves(A, y, [1e-300, 0.0]) is True
    assert P.is_separable(A * scale, y) is True
    assert P.is_separable(np.asarray([[1.0, 0.0], [-1.0, 0.0]]) * scale, [1, 1]) is False


@pytest.mark.parametrize("scale", [1e-200, 1e200])
def test_max_margin_and_radius_scale_with_the_data(scale):
    """μ and R at data scale 1e±200 are scale times their values at 1 (the maximiser unchanged)."""
    A, y = THM51_7
    mu, w = P.max_margin(A * scale, y)
    assert mu == pytest.approx(0.5 * scale, rel=1e-9)
    np.testing.assert_allclose(w, [1.0, 0.0], atol=1e-7)
    assert P.data_radius([[3 * scale, 4 * scale]]) == pytest.approx(5 * scale, rel=1e-15)


def test_batch_perceptron_iterates_scale_exactly_with_powers_of_two():
    """BP, NBP and the Perceptron on data × 2^±660 return exactly 2^±660 times the iterates at scale 1."""
    A, y = THM51_7
    for run in (P.batch_perceptron, P.normalized_batch_perceptron, P.perceptron):
        for c in (2.0**-660, 2.0**660):
            np.testing.assert_array_equal(run(A * c, y, 5) / c, run(A, y, 5))


def test_distinct_points_keep_the_order_of_the_data():
    """Problem rows come in order of first appearance, so the Perceptron's "first" is the same in float and exact."""
    A, y = [[1, 0], [0, 1], [1, 0]], [1, 1, 1]
    prob = P.as_problem(A, y)
    np.testing.assert_array_equal(prob.rows, [[1.0, 0.0], [0.0, 1.0]])
    assert prob.counts == (2, 1)
    float_its = P.perceptron(A, y, 2, pick="first")
    exact_its = P.perceptron(A, y, 2, pick="first", exact=True)
    np.testing.assert_array_equal(float_its, np.asarray(exact_its, dtype=float))
    np.testing.assert_array_equal(float_its[1], [1.0, 0.0])


def test_thm51_problem_built_from_two_points_equals_the_library_representation():
    """The Thm 5.1 checks' two-point Problem is what as_problem builds from all n rows."""
    from claimkit_project.checks.perceptron.strategies import thm51_problem
    from claimkit_project.checks.perceptron.thm51 import _thm51_exact_problem

    for n in (1, 2, 3, 6, 17):
        assert _thm51_exact_problem(n) == P.as_problem(*thm51_problem(n), exact=True)


def test_the_exact_sign_flip_p_value_equals_enumeration_over_every_sign_pattern() -> None:
    """The abstract (ii) test's p-value, by convolution over integer sums, equals brute-force enumeration."""
    import itertools

    from claimkit_project.checks.perceptron.speed import exact_sign_flip_p

    rng = np.random.default_rng(7)
    for _ in range(100):
        d = rng.integers(-5, 6, size=int(rng.integers(1, 9))).astype(float)
        patterns = list(itertools.product([-1, 1], repeat=d.size))
        brute = sum(float(np.dot(s, d)) >= d.sum() for s in patterns) / len(patterns)
        assert exact_sign_flip_p(d) == pytest.approx(brute, abs=1e-12)
    assert exact_sign_flip_p(np.array([3.0] * 20)) == pytest.approx(2.0**-20, rel=1e-12)
