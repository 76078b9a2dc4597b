"""Checks that the library does what it says: leaky_relu by hand values and against max(x, s·x); mip_hypernet's
residual against the MLP evaluated at the encoding computed here."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from ...theorems.hypernet_mip import formulas as F
from ...theorems.hypernet_mip.claims_library import LIBRARY_ACTIVATION, LIBRARY_MIP
from .strategies import random_net, seeds


@LIBRARY_ACTIVATION.check(given=None, precision="float64 against hand values", tolerance="exact equality")
def hand_values(subject, ev):
    """leaky_relu(−2) = −0.02, leaky_relu(3) = 3, leaky_relu(0) = 0; slope 0 gives ReLU; shape (2, 1) is kept."""
    got = [subject(-2.0), subject(3.0), subject(0.0), subject(-2.0, slope=0.0)]
    ev.show("leaky_relu(−2, 3, 0), ReLU(−2)", got)
    ev.that(got == [-0.02, 3.0, 0.0, 0.0], "hand values differ", claimed=got, observed=[-0.02, 3.0, 0.0, 0.0],
            labels=("leaky_relu", "hand values"))
    ev.that(np.shape(subject(np.array([[1.0], [-1.0]]))) == (2, 1), "shape (2, 1) not kept")


@LIBRARY_ACTIVATION.check(given={"seed": seeds, "exponent": st.floats(-300, 300), "slope": st.floats(0, 1)},
                          examples=20, precision="float64", tolerance="exact equality (one rounding on each side)")
def equals_max_form(subject, ev, seed, exponent, slope):
    r"""leaky_relu$(x, s) = \max(x, sx)$ elementwise for 32 values of scale $10^{\mathrm{exponent}}$."""
    x = np.random.default_rng(seed).standard_normal(32) * 10.0**exponent
    ev.assume(bool(np.all(np.isfinite(x))))
    ev.that(bool(np.array_equal(subject(x, slope), np.maximum(x, slope * x))), "leaky_relu ≠ max(x, s·x)",
            claimed=subject(x, slope)[:4], observed=np.maximum(x, slope * x)[:4], labels=("leaky_relu", "max(x, sx)"))


# θ − θ₀ and the MLP at the encoding are the same operations in another order: a few ε of the absolute-value scale.
MIP_ATOL = 1e-12


@LIBRARY_MIP.check(given={"seed": seeds, "k": st.integers(1, 3), "width": st.integers(1, 16)}, examples=15,
                   precision="float64", tolerance=f"absolute {MIP_ATOL:g}·(1 + ‖θ₀‖) (MIP_ATOL)")
def residual_is_additive(subject, ev, seed, k, width):
    r"""For two residuals $\theta_0, \theta_0'$: $\theta - \theta' = \theta_0 - \theta_0'$, and $\theta - \theta_0$ is
    the MLP at $[\cos(\pi\gamma/2), \sin(\pi\gamma/2)]$ computed here."""
    rng = np.random.default_rng(seed)
    net = random_net(rng, [2 * k, width, 5], bias_scale=0.5)
    theta0, theta0b = rng.standard_normal(5), rng.standard_normal(5)
    gamma = rng.uniform(0.0, 1.0, (4, k))
    first, second = subject(net, theta0, gamma), subject(net, theta0b, gamma)
    enc = np.concatenate([np.cos(np.pi * gamma / 2), np.sin(np.pi * gamma / 2)], axis=-1)
    direct = np.array([F.forward(net, e, F.leaky(0.01)) for e in enc])
    tol = MIP_ATOL * (1 + float(np.linalg.norm(theta0)) + float(np.linalg.norm(theta0b)))
    ev.show("γ", gamma)
    ev.close(first - second, np.broadcast_to(theta0 - theta0b, first.shape), atol=tol, what="θ − θ′",
             labels=("θ − θ′", "θ₀ − θ₀′"))
    ev.close(first - theta0, direct, atol=tol * (1 + float(np.max(np.abs(direct)))), what="θ − θ₀",
             labels=("θ − θ₀", "h(E(γ)) computed here"))
