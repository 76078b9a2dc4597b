"""Checks of L4 (the box), L5 (phase 1) and L8 (coupled decay) on discrete Lion as released.

Exact route: the port run on numpy object arrays of ``Fraction`` (every sign decided exactly, no rounding).
Float route: the same port in float64 on seeded batches of 128 runs, reporting the worst overshoot of the box
and the worst contraction ratio.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from ...theorems.lion_k import claims_discrete as D
from .strategies import fractions, rational, rational_vector, seeds

BETAS = (Fraction(9, 10), Fraction(99, 100))


def _exact_run(seed: int, eta_lam_max: Fraction, outside: bool) -> dict:
    """λ ∈ [1/10, 10], ηλ ∈ (0, eta_lam_max] (the maximum itself a quarter of the time), x₀ in units of 1/λ (in
    [−1, 1] with faces often; or in [−20, 20] with ``outside``), 1–8 integer gradient vectors in [−9, 9]."""
    rng = np.random.default_rng(seed)
    lam = rational(rng, Fraction(1, 10), 10, 10)
    eta_lam = Fraction(eta_lam_max) if rng.random() < 0.25 else rational(rng, Fraction(1, 50), eta_lam_max, 50)
    span = 20 if outside else 1
    x0 = rational_vector(rng, -span, span, n_max=3, faces=(span, -span))
    grads = [[int(v) for v in rng.integers(-9, 10, size=len(x0))] for _ in range(int(rng.integers(1, 9)))]
    return {"lam": lam, "eta_lam": eta_lam, "x0": x0, "grads": grads}


def exact_runs(eta_lam_max: Fraction, outside: bool = False):
    return seeds.map(lambda seed: _exact_run(seed, eta_lam_max, outside))


def _exact_trajectory(step, case):
    """[(x_{t−1}, x_t)] of ``step`` run exactly from x₀/λ with m₀ = 0 on the case's gradients."""
    lam, eta = case["lam"], case["eta_lam"] / case["lam"]
    x = np.array([v / lam for v in case["x0"]], dtype=object)
    m = np.array([Fraction(0)] * len(x), dtype=object)
    out = []
    for g in case["grads"]:
        prev = x
        x, m = step(x, m, np.array([Fraction(v) for v in g], dtype=object), eta, BETAS, lam)
        out.append((prev, x))
    return out


def _stays_in_box(step, ev, case):
    lam = case["lam"]
    radius = 1 / lam
    worst, at = Fraction(-1), None
    for t, (_, x) in enumerate(_exact_trajectory(step, case), start=1):
        excess = max(abs(v) for v in x) - radius
        if excess > worst:
            worst, at = excess, (t, [str(v) for v in x])
    ev.show("λ, ηλ", [str(lam), str(case["eta_lam"])])
    ev.show("largest ‖x_t‖∞ − 1/λ, at (t, x_t)", [str(worst), at])
    ev.le(worst, 0, what="‖x_t‖∞ − 1/λ", labels=("largest ‖x_t‖∞ − 1/λ", "0"))


WITNESS_BOX = {"lam": Fraction(1), "eta_lam": Fraction(3, 2), "x0": [Fraction(1)], "grads": [[1]]}


@D.BOX.check(given={"case": exact_runs(Fraction(3))}, examples=8, regressions=[{"case": WITNESS_BOX}],
             precision="exact rationals", tolerance="none: exact", confirm="exact")
def stays_in_box_any_step(subject, ev, case):
    r"""From $\lVert x_0\rVert_\infty \le 1/\lambda$, every iterate stays in the box, for $0 < \eta\lambda \le 3$ (exact
    rationals, integer gradients of any sign)."""
    _stays_in_box(subject, ev, case)


# λ = 1, ηλ = 9/10, x₀ = 1 on the face. Gradients −2 push outward: x stays at 1, while no decay, flipped or
# coupled decay reach 1.9 or more. Gradient 2: x₁ = −0.8, while the doubled decay reaches −1.7.
BOX_CASES = [{"case": {"lam": Fraction(1), "eta_lam": Fraction(9, 10), "x0": [Fraction(1)], "grads": [[-2], [-2]]}},
             {"case": {"lam": Fraction(1), "eta_lam": Fraction(9, 10), "x0": [Fraction(1)], "grads": [[2]]}}]


@D.BOX_SMALL_STEP.check(given={"case": exact_runs(Fraction(1))}, examples=8, regressions=BOX_CASES,
                        precision="exact rationals", tolerance="none: exact", confirm="exact")
def stays_in_box_exact(subject, ev, case):
    r"""From $\lVert x_0\rVert_\infty \le 1/\lambda$ with $0 < \eta\lambda \le 1$, every iterate stays in the box
    (exact)."""
    _stays_in_box(subject, ev, case)


@D.BOX_SMALL_STEP.check(given={"eta_lam": fractions(Fraction(1001, 1000), 3, 1000)}, examples=5,
                        regressions=[{"eta_lam": Fraction(3, 2)}], precision="exact rationals",
                        tolerance="none: exact", confirm="exact")
def large_step_leaves_from_the_face(subject, ev, eta_lam):
    r"""For $\eta\lambda > 1$: one step from $x_0 = 1/\lambda$ ($\lambda = 1$) with $g_0 = 1$ ($c_0 > 0$) leaves the
    box."""
    x, _ = subject(np.array([Fraction(1)], dtype=object), np.array([Fraction(0)], dtype=object),
                   np.array([Fraction(1)], dtype=object), eta_lam, BETAS, Fraction(1))
    ev.show("x_1", str(x[0]))
    ev.lt(1, abs(x[0]), what="|x_1| beyond the face", labels=("1/λ", "|x_1|"))


# Float64 rounding bound. With u = 2⁻⁵³, R = 1/λ and q = ηλ (the exact product of the floats η, λ), one step is
# p = fl(ηλ), a = fl(1 − p) ≤ 1 − q + u + qu², y = fl(x·a), x' = fl(y − η·sign c) (η·sign c is exact), so
# |x'| ≤ (1 + u)²a|x| + (1 + u)η. For the excess e = |x| − R: e' ≤ A·e + K, A = (1 + u)²a ≤ 1 − q + 3u, and
# K = R((1 + u)²a + (1 + u)q − 1) ≤ (3 − q)uR + O(u²R) ≤ 3uR (the slack quR absorbs the O(u²) terms and the rounding
# of this bound). The exact step keeps the face, but a float step may add 3uR and an excess already there only
# shrinks by 1 − q: max(e_t, 0) ≤ e_0 + 3uR·min(t, 1/(q − 3u)), with e_0 ≤ uR (x₀ = ±fl(1/λ)). The rounding
# accumulates over up to 1/(ηλ) steps, and does not wash out: 1 − a differs from q by up to u, relatively u/q, so on
# the face the float iteration's fixed point η/(1 − a) lies up to ~u/(ηλ) relatively beyond 1/λ (thorough batch 13,
# run 55: ηλ = 0.0018, λ = 2.04, fixed point 115 ulps out; 16 outward steps climb 1 ulp each, to 16 ulps).
# Measured against r = fl(1/λ) ≥ R(1 − u) and in units of ulp(r) ≥ uR, the overshoot after t steps is at most
# OVERSHOOT_START_ULPS + OVERSHOOT_STEP_ULPS·min(t, 1/(ηλ − 3u)) ulps: 5 at ηλ = 1, 302 after 100 steps at ηλ ≤ 0.01.
OVERSHOOT_START_ULPS, OVERSHOOT_STEP_ULPS = 2.0, 3.0
RUNS, STEPS = 128, 100


def float_batch(seed: int, eta_lam_max: float, outside: bool):
    """A seeded batch of RUNS two-coordinate runs: λ log-uniform in [0.1, 10], ηλ in (0, eta_lam_max] (the top
    value exactly in an eighth of the runs), x₀ on the faces (or up to 20/λ with ``outside``), gradients of scale
    10^[−2, 2] with random signs, outward pushes in half the steps."""
    rng = np.random.default_rng(seed)
    lam = 10 ** rng.uniform(-1, 1, size=(RUNS, 1))
    eta_lam = rng.uniform(0.001, eta_lam_max, size=(RUNS, 1))
    eta_lam[: RUNS // 8] = eta_lam_max
    span = rng.uniform(1.0, 20.0, size=(RUNS, 2)) if outside else np.ones((RUNS, 2))
    x0 = rng.choice([-1.0, 1.0], size=(RUNS, 2)) * span / lam
    scales = 10 ** rng.uniform(-2, 2, size=(STEPS, RUNS, 1))
    noise = rng.normal(size=(STEPS, RUNS, 2)) * scales
    push = rng.random(size=(STEPS, RUNS, 1)) < 0.5
    return lam, eta_lam / lam, x0, noise, push


def overshoot_bound_ulps(t: int, eta_lam: np.ndarray) -> np.ndarray:
    """The rounding bound above on ‖x_t‖∞ − fl(1/λ), in ulps of fl(1/λ), after t float64 steps from the faces."""
    u = 2.0**-53
    return OVERSHOOT_START_ULPS + OVERSHOOT_STEP_ULPS * np.minimum(t, 1 / (eta_lam - 3 * u))


@D.BOX_SMALL_STEP.check(precision="float64 (128 seeded runs of 100 steps; ×10 thorough)",
                        tolerance=f"‖x_t‖∞ ≤ 1/λ + ({OVERSHOOT_START_ULPS:g} + {OVERSHOOT_STEP_ULPS:g}"
                                  "·min(t, 1/(ηλ − 3u))) ulp(1/λ) (OVERSHOOT_START_ULPS, OVERSHOOT_STEP_ULPS): "
                                  "rounding only")
def float_iterates_overshoot_by_rounding_only(subject, ev):
    r"""In float64, 128 runs from the faces with $\eta\lambda \le 1$ ($\eta\lambda = 1$ in 16 of them) and gradients
    from $10^{-2}$ to $10^2$, half the steps pushing outward: no iterate exceeds $1/\lambda$ by more than rounding."""
    worst, worst_in_bounds, at = 0.0, 0.0, None
    for seed in range(7, 8 if ev.profile != "thorough" else 17):
        lam, eta, x, noise, push = float_batch(seed, 1.0, outside=False)
        m = np.zeros_like(x)
        radius = 1 / lam
        ulp = np.spacing(radius)
        for t in range(1, STEPS + 1):
            g = np.where(push[t - 1], -np.sign(x) * np.abs(noise[t - 1]), noise[t - 1])
            x, m = subject(x, m, g, eta, (0.9, 0.99), lam)
            ev.finite(x, "x_t")
            overshoot = np.max((np.abs(x) - radius) / ulp, axis=1, keepdims=True)
            in_bounds = overshoot / overshoot_bound_ulps(t, eta * lam)
            i = int(np.argmax(in_bounds))
            worst = max(worst, float(np.max(overshoot)))
            if in_bounds[i, 0] > worst_in_bounds:
                worst_in_bounds = float(in_bounds[i, 0])
                at = (seed, i, t, float(lam[i, 0]), float(eta[i, 0] * lam[i, 0]), float(overshoot[i, 0]))
    ev.metric("worst_overshoot_ulps", worst)
    ev.metric("worst_overshoot_in_bounds", worst_in_bounds)
    ev.show("tightest (batch seed, run, t, λ, ηλ, overshoot in ulps)", at)
    ev.le(worst_in_bounds, 1.0, what="largest overshoot of 1/λ in units of its rounding bound",
          labels=("overshoot / bound", "1"))


# -- L5 --------------------------------------------------------------------------------------------------------


def _contracts(step_and_rate, ev, case):
    step, rate = step_and_rate
    lam, eta = case["lam"], case["eta_lam"] / case["lam"]
    radius = 1 / lam
    r = rate(eta, lam)
    worst, at = None, None
    for t, (prev, x) in enumerate(_exact_trajectory(step, case), start=1):
        for i in range(len(x)):
            before = abs(prev[i]) - radius
            if before <= 0:
                continue
            gap = r * before - (abs(x[i]) - radius)
            if worst is None or gap < worst:
                worst, at = gap, (t, i, str(prev[i]), str(x[i]))
    ev.assume(worst is not None)
    ev.show("λ, ηλ, claimed rate", [str(lam), str(case["eta_lam"]), str(r)])
    ev.show("tightest step (t, i, x[t−1, i], x[t, i])", at)
    ev.le(0, worst, what="rate·(|x[t−1]| − 1/λ) − (|x[t]| − 1/λ)",
          labels=("0", "rate·excess before − excess after"))


WITNESS_PHASE = {"lam": Fraction(1), "eta_lam": Fraction(3, 2), "x0": [Fraction(2)], "grads": [[1]]}


@D.PHASE_ONE.check(given={"case": exact_runs(Fraction(3), outside=True)}, examples=8,
                   regressions=[{"case": WITNESS_PHASE}], precision="exact rationals", tolerance="none: exact",
                   confirm="exact")
def contraction_any_step(subject, ev, case):
    r"""Outside the box, $|x_{t,i}| - 1/\lambda \le (1 - \eta\lambda)(|x_{t-1,i}| - 1/\lambda)$ at every step, for
    $0 < \eta\lambda \le 3$ (exact)."""
    _contracts(subject, ev, case)


# From x₀ = 2 (λ = 1, ηλ = 1/2) with outward gradients: the excess goes 1 → 1/2 → 1/4, exactly the rate.
PHASE_CASES = [{"case": {"lam": Fraction(1), "eta_lam": Fraction(1, 2), "x0": [Fraction(2)], "grads": [[-1], [-1]]}}]


@D.PHASE_ONE_SMALL_STEP.check(given={"case": exact_runs(Fraction(1), outside=True)}, examples=8,
                              regressions=PHASE_CASES, precision="exact rationals", tolerance="none: exact",
                              confirm="exact")
def contraction_exact(subject, ev, case):
    r"""Outside the box with $0 < \eta\lambda \le 1$, every coordinate's excess over $1/\lambda$ shrinks at least by the
    claimed rate (exact)."""
    _contracts(subject, ev, case)


def _attained_case(seed: int):
    rng = np.random.default_rng(seed)
    return (rational(rng, Fraction(1, 10), 10, 10), rational(rng, Fraction(1, 50), Fraction(49, 50), 50),
            rational(rng, Fraction(21, 20), 20, 20), int(rng.choice([1, -1])))


@D.PHASE_ONE_SMALL_STEP.check(given={"case": seeds.map(_attained_case)}, examples=6,
                              regressions=[{"case": (Fraction(1), Fraction(1, 2), Fraction(2), 1)}],
                              precision="exact rationals", tolerance="none: exact", confirm="exact")
def rate_is_attained_exact(subject, ev, case):
    r"""From $x_0 = \pm x_0/\lambda$ outside the box, $m_0 = 0$ and an outward gradient ($c_0$ of the sign of $-x_0$),
    the excess shrinks by exactly the claimed rate: the bound is attained."""
    step, rate = subject
    lam, eta_lam, x0, sign = case
    eta = eta_lam / lam
    x = np.array([sign * x0 / lam], dtype=object)
    x1, _ = step(x, np.array([Fraction(0)], dtype=object), np.array([Fraction(-sign)], dtype=object), eta, BETAS, lam)
    before, after = x0 / lam - 1 / lam, abs(x1[0]) - 1 / lam
    ev.show("excess before, after", [str(before), str(after)])
    ev.close(rate(eta, lam) * before, after, what="excess after one outward step",
             labels=("rate × excess before", "excess after (exact)"))


# Float64 excess |x| − 1/λ is taken only where the excess before the step is ≥ 1e-6/λ: each excess carries a
# rounding of a few ulps of 1/λ, so the ratio is off by at most ~4·1.1e-16/1e-6 ≈ 5e-10 absolute; 1e-8 (absolute, and
# relative to the rate) covers it ×20.
RATIO_TOL = 1e-8


@D.PHASE_ONE_SMALL_STEP.check(precision="float64 (128 seeded runs of 100 steps; ×10 thorough)",
                              tolerance=f"ratio ≤ rate·(1 + {RATIO_TOL:g}) + {RATIO_TOL:g} (RATIO_TOL)")
def float_contraction_ratio(subject, ev):
    r"""In float64, 128 runs from outside the box ($|x_0| \le 20/\lambda$, $\eta\lambda < 1$, gradients from $10^{-2}$
    to $10^2$, half the steps pushing outward): the worst ratio of consecutive excesses minus the claimed rate."""
    step, rate = subject
    worst = -float("inf")
    for seed in range(11, 12 if ev.profile != "thorough" else 21):
        lam, eta, x, noise, push = float_batch(seed, 0.999, outside=True)
        m = np.zeros_like(x)
        radius = 1 / lam
        r = rate(eta, lam)
        for t in range(STEPS):
            g = np.where(push[t], -np.sign(x) * np.abs(noise[t]), noise[t])
            before = np.abs(x) - radius
            x, m = step(x, m, g, eta, (0.9, 0.99), lam)
            after = np.abs(x) - radius
            ok = before >= 1e-6 * radius
            if np.any(ok):
                ratio = np.where(ok, after / np.where(ok, before, 1.0), -np.inf)
                excess = ratio - r * (1 + RATIO_TOL) - RATIO_TOL
                i = np.unravel_index(int(np.argmax(excess)), excess.shape)
                worst = max(worst, float((ratio - r)[i]))
                ev.le(float(excess[i]), 0.0, what="ratio of excesses above the rate",
                      labels=("ratio − rate (− tolerance)", "0"))
    ev.metric("worst_ratio_minus_rate", worst)


# -- L8 --------------------------------------------------------------------------------------------------------

WITNESS_COUPLED = {"lam": Fraction(1), "eta_lam": Fraction(1, 10), "x0": [Fraction(1)], "grads": [[-2]]}


@D.COUPLED_DECAY.check(given={"case": exact_runs(Fraction(1))}, examples=8, regressions=[{"case": WITNESS_COUPLED}],
                       precision="exact rationals", tolerance="none: exact", confirm="exact")
def coupled_stays_in_box_exact(subject, ev, case):
    r"""From $\lVert x_0\rVert_\infty \le 1/\lambda$ with $\eta\lambda \le 1$, Lion with coupled decay keeps every
    iterate in the box (exact)."""
    _stays_in_box(subject, ev, case)
