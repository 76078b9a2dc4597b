"""Checks of S3 (‖w_t+1‖² = ‖w_t‖² + η²‖∇f(w_t)‖² under GD) and S4 (the effective step size η/‖w‖² and
the bound ‖w_t‖⁴ ≥ ‖w_0‖⁴ + 2η²G²t), by simulating gradient descent and in exact rationals.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from ...fixtures.scale_problems import complex_step_grad, scale_problems
from ...theorems.scale_invariance import claims as C


@C.GD_NORM_GROWTH.check(given={"p": scale_problems(), "eta": st.floats(1e-3, 2.0),
                                "steps": st.integers(1, 8)}, examples=20,
                        tolerance="relative 1e-10: float64 roundoff of a few norms")
def gd_simulation_matches(subject, ev, p, eta, steps):
    """Simulated GD (complex-step gradients) follows the predicted squared norm at every step."""
    w = p.w.copy()
    ev.show("w_0", p.w)
    predictions, norms = [], []
    for t in range(steps):
        g = complex_step_grad(p.f, w)
        predicted = subject(float(np.sum(w * w)), eta, float(np.sum(g * g)))
        w = w - eta * g
        actual = float(np.sum(w * w))
        predictions.append(predicted)
        norms.append(actual)
        ev.show("predicted ‖w_t‖², t = 1, 2, …", predictions)
        ev.show("simulated ‖w_t‖², t = 1, 2, …", norms)
        ev.close(predicted, actual, rtol=1e-10, what=f"‖w_{t + 1}‖²", context=f"{p.name}, η={eta:.3g}")


@st.composite
def _rational_orthogonal(draw: st.DrawFn) -> tuple[list[Fraction], list[Fraction]]:
    n = draw(st.integers(2, 6))
    ints = st.integers(-20, 20)
    w = [Fraction(draw(ints), draw(st.integers(1, 9))) for _ in range(n)]
    g = [Fraction(draw(ints), draw(st.integers(1, 9))) for _ in range(n)]
    ww = sum(x * x for x in w)
    if ww == 0:
        w[0] = Fraction(1)
        ww = sum(x * x for x in w)
    proj = sum(a * b for a, b in zip(w, g)) / ww
    return w, [b - proj * a for a, b in zip(w, g)]


@C.GD_NORM_GROWTH.check(given={"wg": _rational_orthogonal(), "eta": st.fractions(Fraction(1, 100), 3)},
                        examples=30, precision="exact rationals", tolerance="none: exact equality")
def exact_step_with_orthogonal_gradient(subject, ev, wg, eta):
    r"""With $w \perp g$ in exact rationals, $\|w - \eta g\|^2$ equals the formula exactly."""
    w, g = wg
    ev.assume(any(x != 0 for x in g))
    nxt = [a - eta * b for a, b in zip(w, g)]
    ev.show("w", [str(x) for x in w])
    ev.show("g (⊥ w)", [str(x) for x in g])
    ev.show("w − ηg", [str(x) for x in nxt])
    ev.close(subject(sum(x * x for x in w), eta, sum(x * x for x in g)), sum(x * x for x in nxt),
             what="‖w − ηg‖²")


# Problems with one invariance block only (LayerNorm nets and generic g(w/‖w‖)): drawn as such rather than drawn
# among BatchNorm nets too and rejected.
@C.EFFECTIVE_STEP.check(given={"p": scale_problems(("layer", "generic")), "eta": st.floats(1e-3, 3.0)}, examples=20,
                        tolerance="1e-9 absolute on unit vectors: complex-step roundoff")
def sphere_step_matches_gd_direction(subject, ev, p, eta):
    r"""$\operatorname{normalize}(w - \eta \nabla f(w))$ equals $\operatorname{normalize}(u - \eta_{\mathrm{eff}}
    \nabla f(u))$ with $u = w/\|w\|$ (one invariance block)."""
    ev.assume(len(p.blocks) == 1)
    norm = float(np.sqrt(np.sum(p.w * p.w)))
    u = p.w / norm
    gd = p.w - eta * complex_step_grad(p.f, p.w)
    sphere = u - subject(eta, norm) * complex_step_grad(p.f, u)
    ev.show("w", p.w)
    ev.show("GD direction", gd / np.sqrt(np.sum(gd**2)))
    ev.show("sphere-step direction", sphere / np.sqrt(np.sum(sphere**2)))
    ev.close(sphere / np.sqrt(np.sum(sphere**2)), gd / np.sqrt(np.sum(gd**2)), atol=1e-9,
             what="direction after one step", context=f"{p.name}, ‖w‖={norm:.3g}, η={eta:.3g}",
             labels=("sphere step with the predicted rate", "GD step"))


def _constant_norm_run(norm0: float, eta: float, G: float, steps: int, dim: int, seed: int) -> list[float]:
    """‖w_t‖ under GD with a tangent gradient of norm G/‖w‖ (G on the unit sphere), random directions."""
    rng = np.random.default_rng(seed)
    w = rng.normal(size=dim)
    w *= norm0 / np.linalg.norm(w)
    norms = [norm0]
    for _ in range(steps):
        d = rng.normal(size=dim)
        d -= (d @ w) / (w @ w) * w
        g = d / np.linalg.norm(d) * G / np.linalg.norm(w)
        w = w - eta * g
        norms.append(float(np.linalg.norm(w)))
    return norms


@C.NORM4_BOUND.check(given={"norm0": st.floats(0.1, 10.0), "eta": st.floats(0.01, 2.0),
                             "G": st.floats(0.01, 5.0), "steps": st.integers(1, 60),
                             "seed": st.integers(0, 2**32 - 1)}, examples=30,
                     tolerance="relative 1e-9 on ‖w_t‖⁴: float64 roundoff accumulated over ≤ 60 steps")
def bound_holds_at_every_step(subject, ev, norm0, eta, G, steps, seed):
    r"""Simulated $\|w_t\|^4$ stays above the bound at every $t$ (margin targeted)."""
    norms = _constant_norm_run(norm0, eta, G, steps, 4, seed)
    ev.show("simulated ‖w_t‖⁴, t = 0, 1, …", [n**4 for n in norms])
    ev.show("bound, t = 0, 1, …", [subject(norm0, eta, G, t) for t in range(len(norms))])
    for t, n in enumerate(norms):
        bound = subject(norm0, eta, G, t)
        ev.le(bound, n**4 * (1 + 1e-9), what="bound ≤ ‖w_t‖⁴",
              context=f"t={t}, ‖w0‖={norm0:.3g}, η={eta:.3g}, G={G:.3g}", labels=("bound", "‖w_t‖⁴ (1 + 1e-9)"))
