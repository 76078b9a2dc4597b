"""Checks on the port of the release's initialisation (HyperNet defaults): M3's proportionality of the whole
hypernetwork (refuted by the residual θ₀, re-verified in exact rationals) and of h − θ₀; the release's second-moment
constants by Monte Carlo over initialisations."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from claimkit.stats import normal_tail

from ...theorems.hypernet_mip import formulas as F
from ...theorems.hypernet_mip.claims_encoding import RELEASE_SECOND_MOMENT
from ...theorems.hypernet_mip.claims_homogeneity import INIT_BACKBONE, INIT_PROPORTIONAL
from .strategies import abs_net_scale, exact_vector, seeds

#: The primary network of the example: one linear layer 2 → 8 with a bias (torch names).
OUTPUTS = {"0.weight": (8, 2), "0.bias": (8,)}
HIDDEN = (16, 16)
SLOPE = 0.01
# Roundoff of a 16-16-24 network: (depth·width + 2)·ε ≈ 1e-14 of the absolute-value scale; 100× headroom.
ROUNDOFF = 1e-12


def _case(subject, seed: int, k: int):
    layers = subject(2 * k, HIDDEN, OUTPUTS, seed)
    z = np.random.default_rng(seed).uniform(0.0, 1.0, k)
    x = F.release_encode_input(z)
    return layers, x


def _confirm_init(subject, seed, k, c):
    """Exact rationals: h(cx) − c·h(x) at the drawn case, with the float weights and input read as rationals."""
    layers, x = _case(subject, seed, k)
    xq, cq, s = exact_vector(x), Fraction(c), Fraction(SLOPE)
    lhs = F.forward_exact(layers, [cq * v for v in xq], s)
    rhs = [cq * v for v in F.forward_exact(layers, xq, s)]
    worst = max(abs(a - b) for a, b in zip(lhs, rhs))
    return worst != 0, f"exactly, the largest |h(cx) − c·h(x)| is {float(worst):.6g}"


@INIT_PROPORTIONAL.check(given={"seed": seeds, "k": st.integers(1, 3), "c": st.floats(2, 10)}, examples=5,
                         precision="float64; a counterexample re-verified in exact rationals", confirm=_confirm_init,
                         tolerance=f"absolute {ROUNDOFF:g}·c·scale (ROUNDOFF)")
def proportional_at_init(subject, ev, seed, k, c):
    r"""$h(cx)$ against $c\,h(x)$ at the release's initialisation, $x = E(z)$ the encoded hyperparameters."""
    layers, x = _case(subject, seed, k)
    act = F.leaky(SLOPE)
    ev.show("x = E(z)", x)
    ev.show("output bias θ₀ (first 4 entries)", layers[-1][1][:4])
    ev.close(F.forward(layers, c * x, act), c * F.forward(layers, x, act),
             atol=ROUNDOFF * c * abs_net_scale(layers, x), what="h(cx)", labels=("h(cx)", "c·h(x)"))


@INIT_BACKBONE.check(given={"seed": seeds, "k": st.integers(1, 3), "c": st.floats(0, 10)}, examples=8,
                     precision="float64", tolerance=f"absolute {ROUNDOFF:g}·c·scale (ROUNDOFF)")
def residual_subtracted_proportional(subject, ev, seed, k, c):
    r"""$h(cx) - \theta_0$ against $c\,(h(x) - \theta_0)$, $\theta_0$ the output bias."""
    layers, x = _case(subject, seed, k)
    theta0 = layers[-1][1]
    act = F.leaky(SLOPE)
    ev.show("x = E(z)", x)
    ev.close(F.forward(layers, c * x, act) - theta0, c * (F.forward(layers, x, act) - theta0),
             atol=ROUNDOFF * max(c, 1.0) * abs_net_scale(layers, x), what="h(cx) − θ₀",
             labels=("h(cx) − θ₀", "c·(h(x) − θ₀)"))


@INIT_BACKBONE.check(given={"seed": seeds}, examples=5, precision="exact comparisons of the drawn parameters",
                     tolerance="exact: hidden biases 0; θ₀ zero on the '.bias' entries, non-zero on '.weight'")
def biases_at_init(subject, ev, seed):
    """Every hidden bias is exactly 0; the output bias θ₀ is 0 on the primary bias's entries and non-zero on the
    primary weight's."""
    layers = subject(2, HIDDEN, OUTPUTS, seed)
    hidden = np.concatenate([b for _, b in layers[:-1]])
    theta0 = layers[-1][1]
    ev.show("θ₀", theta0)
    ev.that(bool(np.all(hidden == 0)), "a hidden bias is not 0", claimed=float(np.max(np.abs(hidden))), observed=0.0,
            labels=("largest hidden |b|", "0"))
    ev.that(bool(np.all(theta0[16:] == 0) and np.all(theta0[:16] != 0)), "θ₀ is not (Kaiming weight, zero bias)")


MC_DRAWS = 400
MC_Z = 5.5


def _ratios(subject, base: int) -> dict[str, np.ndarray]:
    """‖h(x)‖²/((1 + s²)²‖x‖²) for the backbone and ‖h(x) − θ₀‖²/(2m(1 + s²)²‖x‖²) for the HyperNet, one value per
    initialisation (seeds base, base + 2, …: the port draws from seed and seed + 1)."""
    factor = (1 + SLOPE**2) ** 2
    rng = np.random.default_rng(base)
    x_fc = rng.standard_normal(3)
    x_hyper = F.release_encode_input(rng.uniform(0.0, 1.0, 2))
    act = F.leaky(SLOPE)
    fc, hyper = np.empty(MC_DRAWS), np.empty(MC_DRAWS)
    for i in range(MC_DRAWS):
        layers = subject["fc"]([3, 16, 16, 40], base + 2 * i)
        fc[i] = float(np.sum(F.forward(layers, x_fc, act) ** 2)) / (factor * float(x_fc @ x_fc))
        layers = subject["hyper"](4, HIDDEN, OUTPUTS, base + 2 * i)
        delta = F.forward(layers, x_hyper, act) - layers[-1][1]
        hyper[i] = float(delta @ delta) / (2 * len(OUTPUTS) * factor * float(x_hyper @ x_hyper))
    return {"fc": fc, "hyper": hyper}


@RELEASE_SECOND_MOMENT.check(given={"seed": st.integers(0, 2**30)}, examples=1, thorough_factor=10,
                             false_alarm_rate=2 * normal_tail(MC_Z),
                             power="both mutants: their ratios are 2 and 1/m = 1/2, over 10 standard errors away",
                             precision=f"Monte Carlo over {MC_DRAWS} initialisations of the port",
                             tolerance=f"{MC_Z:g} standard errors (two z-tests)")
def release_constants_by_monte_carlo(subject, ev, seed):
    """The mean of each ratio to the stated constant is 1 within 5.5 standard errors."""
    ratios = _ratios(subject, seed)
    shown = []
    for name, values in ratios.items():
        mean, se = float(np.mean(values)), float(np.std(values, ddof=1) / np.sqrt(values.size))
        shown.append(f"{mean:.3f} ± {se:.3f}")
        ev.show(f"{name}: mean ratio and standard error", [mean, se])
        ev.le(abs(mean - 1.0) / se, MC_Z, what=f"{name}: |mean ratio − 1| in standard errors",
              labels=("standard errors", "threshold"))
    ev.metric("ratios", ", ".join(shown))
