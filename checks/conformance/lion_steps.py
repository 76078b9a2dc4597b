"""Checks of installed Lion steps against the algorithm listing of 2302.06675 computed exactly, and at subnormal
momenta.

* ``order_of_operations_stepwise``: 30 steps of the package; at each, its step from its own state is compared with
  the listing's (``theorems/lion_k/formulas.algorithm_lion_step``: the sign from the old momentum, the decay, the
  momentum after) computed in exact rationals on the same float inputs. The base family's float check compares
  two numpy computations of identical arithmetic, its tolerance relative to the result; a torch package rounds its
  momentum another way (a fused add, or ``lerp``), so the step is compared here with the exact one, to the
  rounding of one step.
* ``subnormal_momentum_moves``: a momentum of one subnormal spacing and a zero gradient: the released step moves by
  $-\\eta\\operatorname{sign}(c)$ with $c = 2^{-1075} > 0$.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from ...theorems.conformance import claims_lion_pytorch as LP
from ...theorems.conformance import claims_pytorch_optimizer as PO
from ...theorems.lion_k.formulas import algorithm_lion_step, released_lion_step

U = 2.0**-53
TINY = 5e-324
#: One step of x: (1 − ηλ) and the two products and the sum round, each by u: 4u(|x| + η) (the base's LIBRARY_STEPS
#: tolerance). The momentum: β2·m + (1 − β2)·g rounds by 3u of its terms; the package's (1 − β2), or torch.lerp's
#: 1 − (1 − β2), represents β2 to u absolute, which adds u(|m| + |g|): 8u(β2|m| + (1 − β2)|g|) + 2u(|m| + |g|)
#: covers both with 2× headroom. Every mutant is off by η (a sign) or by a fraction of m.
X_TOL_U, M_TOL_U, M_ABS_U = 4, 8, 2
#: A counterexample is confirmed when the package departs from the exact step by more than 100× its tolerance:
#: no rounding of one step does that.
CONFIRM_FACTOR = 100


def _exact(values) -> np.ndarray:
    return np.array([Fraction(float(v)) for v in np.ravel(values)], dtype=object)


def _case(seed: int):
    """η log-uniform in [1e-4, 0.1], λ ∈ [0, 2], β1, β2 ∈ [0, 0.999], x₀ normal (4), 30 normal gradients."""
    rng = np.random.default_rng(seed)
    eta, lam = float(10 ** rng.uniform(-4, -1)), float(rng.uniform(0, 2))
    betas = tuple(float(b) for b in rng.uniform(0, 0.999, size=2))
    return eta, lam, betas, rng.normal(size=4), [rng.normal(size=4) for _ in range(30)]


def _departures(x, m, g, x_new, m_new, eta, betas, lam) -> tuple[float, float, bool]:
    """The package's step from (x, m) against the listing's in exact rationals: its errors on x and m in units of
    their tolerances, and whether c was within 1e-12 of cancelling (where a rounding may flip the sign)."""
    b1, b2 = Fraction(betas[0]), Fraction(betas[1])
    xq, mq, gq = _exact(x), _exact(m), _exact(g)
    c = b1 * mq + (1 - b1) * gq
    size = [abs(b1 * a) + abs((1 - b1) * b) for a, b in zip(mq, gq)]
    near = any(s > 0 and abs(ci) < Fraction(1, 10**12) * s for ci, s in zip(c, size))
    x_true, m_true = algorithm_lion_step(xq, mq, gq, Fraction(eta), (b1, b2), Fraction(lam))
    x_err = np.abs(x_new - np.array([float(v) for v in x_true]))
    x_tol = X_TOL_U * U * (np.abs(x) + eta)
    m_err = np.abs(m_new - np.array([float(v) for v in m_true]))
    m_tol = (M_TOL_U * U * (betas[1] * np.abs(m) + (1 - betas[1]) * np.abs(g)) + M_ABS_U * U * (np.abs(m) + np.abs(g))
             + TINY)
    return float(np.max(x_err / x_tol)), float(np.max(m_err / m_tol)), near


def _run(subject, seed):
    eta, lam, betas, x, grads = _case(seed)
    m = np.zeros(4)
    for t, g in enumerate(grads, start=1):
        x_new, m_new = subject(x, m, g, eta, betas, lam)
        yield t, (x, m, g), (x_new, m_new), (eta, lam, betas)
        x, m = x_new, m_new


def _confirm_order(subject, seed):
    for t, (x, m, g), (x_new, m_new), (eta, lam, betas) in _run(subject, seed):
        dx, dm, near = _departures(x, m, g, x_new, m_new, eta, betas, lam)
        if not near and max(dx, dm) > CONFIRM_FACTOR:
            return True, (f"exact rationals, step {t}: the package's step departs from the listing's by {dx:.3g} "
                          f"(x) and {dm:.3g} (m) times the rounding tolerance of one step")
    return False, f"no step departs from the exact listing by more than {CONFIRM_FACTOR}× its rounding tolerance"


def order_of_operations_stepwise(subject, ev, seed):
    r"""30 steps of the package (random $\eta$, $\lambda$, $\beta$, normal gradients): each step, from the package's
    own $(x, m)$, equals the listing's $x - \eta(\operatorname{sign}(\beta_1 m + (1 - \beta_1)g) + \lambda x)$,
    $\beta_2 m + (1 - \beta_2)g$ computed in exact rationals, to the rounding of one step."""
    worst = (0.0, 0.0)
    for t, (x, m, g), (x_new, m_new), (eta, lam, betas) in _run(subject, seed):
        dx, dm, near = _departures(x, m, g, x_new, m_new, eta, betas, lam)
        ev.assume(not near)
        worst = (max(worst[0], dx), max(worst[1], dm))
        if max(dx, dm) > 1:
            ev.show("η, λ, β", [eta, lam, betas])
            ev.show(f"x, m, g before step {t}", [x, m, g])
            ev.show(f"the package's x, m after step {t}", [x_new, m_new])
        ev.le(dx, 1.0, what=f"x error over its tolerance at step {t}",
              labels=("|package − exact listing| / 4u(|x| + η)", "1"))
        ev.le(dm, 1.0, what=f"momentum error over its tolerance at step {t}",
              labels=("|package − exact listing| / tolerance", "1"))
    ev.metric("worst_x_error_in_tolerances", worst[0])
    ev.metric("worst_m_error_in_tolerances", worst[1])


for _claim in (LP.ORDER, PO.LION_ORDER):
    _claim.check(given={"seed": st.integers(0, 2**32 - 1)}, examples=5, confirm=_confirm_order,
                 precision="exact rationals on the package's float inputs, one step at a time",
                 tolerance=f"x: {X_TOL_U}u(|x| + η); m: {M_TOL_U}u(β2|m| + (1 − β2)|g|) + {M_ABS_U}u(|m| + |g|) + "
                           "the subnormal spacing; confirmed beyond 100× that")(order_of_operations_stepwise)


#: x = 1/2, m = 2⁻¹⁰⁷⁴ (one subnormal spacing), g = 0, lr = 0.01, β = (1/2, 0.99), λ = 1/2: the exact
#: c = β1 m = 2⁻¹⁰⁷⁵ > 0, so the released step is x(1 − lr λ) − lr = 0.4875.
SUBNORMAL = {"x": 0.5, "m": 5e-324, "g": 0.0, "lr": 0.01, "betas": (0.5, 0.99), "weight_decay": 0.5}


def _subnormal_step(subject):
    case = SUBNORMAL
    x_new, _ = subject["lion_step"](np.array([case["x"]]), np.array([case["m"]]), np.array([case["g"]]), case["lr"],
                       case["betas"], case["weight_decay"])
    x_true, _ = released_lion_step(_exact([case["x"]]), _exact([case["m"]]), _exact([case["g"]]),
                                   Fraction(case["lr"]), tuple(Fraction(b) for b in case["betas"]),
                                   Fraction(case["weight_decay"]))
    return float(x_new[0]), x_true[0]


def _confirm_subnormal(subject):
    got, exact = _subnormal_step(subject)
    gap = abs(Fraction(got) - exact)
    return gap > CONFIRM_FACTOR * X_TOL_U * U, (f"exact rationals: c = 2^-1075 > 0 and the released step gives x_1 = "
                                                f"{exact} = {float(exact)}; the package, re-run, gives {got}")


def subnormal_momentum_moves(subject, ev):
    r"""$x = 1/2$, $m = 2^{-1074}$ (one subnormal spacing), $g = 0$, $\eta = 0.01$, $\beta = (1/2, 0.99)$,
    $\lambda = 1/2$: $c = \beta_1 m = 2^{-1075} > 0$, so the step is $x(1 - \eta\lambda) - \eta = 0.4875$ (exact)."""
    got, exact = _subnormal_step(subject)
    ev.show("x, m, g, lr, betas, weight_decay", list(SUBNORMAL.values()))
    ev.show("c = β1 m + (1 − β1) g, exactly", "2^-1075")
    ev.show("x_1 (package)", got)
    ev.show("x_1 (released step, exact)", float(exact))
    ev.close(got, float(exact), atol=X_TOL_U * U, what="x after the step",
             labels=("the package gives", "the exact released step gives"))


for _claim in (LP.EXACT_STEP, PO.LION_EXACT_STEP):
    _claim.check(confirm=_confirm_subnormal, precision="exact rationals",
                 tolerance="4u: the rounding of one step of x")(subnormal_momentum_moves)
