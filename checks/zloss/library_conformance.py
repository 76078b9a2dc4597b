"""The library against high-precision ground truth at every scale (zloss.library_z_loss,
zloss.library_z_loss_grad, zloss.library_spherical) and on the inputs where the Z-loss is undefined
(zloss.library_degenerate_inputs)."""

from __future__ import annotations

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.zloss import claims_library as C
from ...theorems.zloss import formulas as F
from .strategies import log_uniform, seeds


def _scores_mp(values):
    """z-scores of mpmath logits, two-pass moments (no cancellation beyond the data's own)."""
    mu = mpmath.fsum(values) / len(values)
    dev = [x - mu for x in values]
    sigma = mpmath.sqrt(mpmath.fsum(x * x for x in dev) / len(values))
    return [x / sigma for x in dev], sigma


def _loss_mp(values, c, a, b):
    z, _ = _scores_mp(values)
    return mpmath.log1p(mpmath.exp(mpmath.mpf(a) * (mpmath.mpf(b) - z[c]))) / mpmath.mpf(a)


def _batch(seed, n_classes, exponent, offset, rows):
    rng = np.random.default_rng(seed)
    o = 10.0**exponent * (rng.normal(size=(rows, n_classes)) + offset)
    return o, rng.integers(0, n_classes, size=rows)


#: Logits of size 1e300 with an offset of 1e8 and a = 1e3: every planted bug fails here at once.
EXTREME = {"seed": 1, "n_classes": 5, "exponent": 300.0, "offset": 1e8, "a": 1e3, "b": 10.0, "batch": False}


@C.LIBRARY_LOSS.check(given={"seed": seeds, "n_classes": st.integers(2, 200), "exponent": st.floats(-300.0, 300.0),
                             "offset": st.sampled_from([0.0, 1.0, 1e4, 1e8]), "a": log_uniform(1e-3, 1e3),
                             "b": st.floats(-10.0, 10.0), "batch": st.booleans()}, examples=10,
                      precision="mpmath 50 digits on the same floats",
                      tolerance=r"relative $10^{-13}(1 + a(|b| + \sqrt{D}))$: the condition of $L_Z$ in $z_c$ times a "
                                "few ulps", regressions=[EXTREME])
def matches_fifty_digits(subject, ev, seed, n_classes, exponent, offset, a, b, batch):
    r"""z_loss equals the definition at 50 digits, for a vector or for each row of a batch of three."""
    o, c = _batch(seed, n_classes, exponent, offset, 3 if batch else 1)
    with mpmath.workdps(50):
        truth = [_loss_mp(F.to_mp(row), int(k), a, b) for row, k in zip(o, c)]
    ev.assume(all(t > mpmath.mpf("1e-300") for t in truth))
    got = np.atleast_1d(subject(o, c, a, b) if batch else subject(o[0], int(c[0]), a, b))
    ev.show("first logits", o[0][:5])
    ev.show("z_loss", got)
    ev.show("50-digit L_Z", [mpmath.nstr(t, 17) for t in truth])
    rtol = 1e-13 * (1 + a * (abs(b) + np.sqrt(n_classes)))
    ev.close(got, np.array([float(t) for t in truth]), rtol=rtol, what="L_Z",
             labels=("z_loss", "the definition at 50 digits"))


def _gradient_mp(o, c, a, b, scale):
    """∂L_Z/∂o at 30 digits by mpmath's numerical derivative of the definition, computed on o/scale (L_Z is
    scale-invariant, its gradient scales as 1/scale)."""
    with mpmath.workdps(30):
        base = [mpmath.mpf(float(x)) / mpmath.mpf(scale) for x in o]
        grads = [mpmath.diff(lambda t, k=k: _loss_mp([x + (t if j == k else 0) for j, x in enumerate(base)], c, a, b),
                             0) for k in range(len(base))]
        _, sigma = _scores_mp(base)
        return np.array([float(g / mpmath.mpf(scale)) for g in grads]), float(sigma * mpmath.mpf(scale))


@C.LIBRARY_GRAD.check(given={"seed": seeds, "n_classes": st.integers(2, 8), "exponent": st.floats(-300.0, 300.0),
                             "offset": st.sampled_from([0.0, 1.0, 1e3, 1e6]), "a": log_uniform(1e-2, 1e2),
                             "b": st.floats(-5.0, 5.0)}, examples=6,
                      precision="mpmath 30 digits (numerical differentiation of the definition)",
                      tolerance=r"$10^{-12}(1 + a(|b| + \sqrt{D}))/\sigma$ per entry")
def matches_numerical_derivative(subject, ev, seed, n_classes, exponent, offset, a, b):
    r"""z_loss_grad equals mpmath's derivative of the definition, entry by entry."""
    o, c = _batch(seed, n_classes, exponent, offset, 1)
    scale = 10.0**exponent
    truth, sigma = _gradient_mp(o[0], int(c[0]), a, b, scale)
    got = subject(o[0], int(c[0]), a, b)
    ev.show("o", o[0])
    ev.show("z_loss_grad", got)
    ev.show("30-digit derivative", truth)
    ev.close(got, truth, atol=1e-12 * (1 + a * (abs(b) + np.sqrt(n_classes))) / sigma, what="∇L_Z",
             labels=("z_loss_grad", "numerical derivative at 30 digits"))


def _layer(seed, n_classes, dim, offset, w_exp, h_exp):
    rng = np.random.default_rng(seed)
    W = 10.0**w_exp * (rng.normal(size=(n_classes, dim)) + offset * rng.normal(size=dim))
    return W, 10.0**h_exp * rng.normal(size=dim), int(seed % n_classes)


def _spherical_truth(W, h, c, a, b):
    """(L_Z, ∂L_Z/∂h) at 50 digits: o = Wh, then Wᵀ times the closed-form ∇_o L_Z."""
    with mpmath.workdps(50):
        hh = F.to_mp(h)
        rows = [F.to_mp(row) for row in W]
        o = [mpmath.fsum(w * x for w, x in zip(row, hh)) for row in rows]
        loss = _loss_mp(o, c, a, b)
        g = F.Z_LOSS_GRADIENT(o, c, mpmath.mpf(a), mpmath.mpf(b), F.MPMATH)
        grad = [mpmath.fsum(rows[k][j] * g[k] for k in range(len(rows))) for j in range(len(hh))]
        return float(loss), np.array([float(x) for x in grad])


@C.LIBRARY_SPHERICAL.check(given={"seed": seeds, "n_classes": st.integers(2, 60), "dim": st.integers(1, 8),
                                  "offset": st.sampled_from([0.0, 1e2, 1e6, 1e10]), "w_exp": st.floats(-100.0, 100.0),
                                  "h_exp": st.floats(-100.0, 100.0)}, examples=4,
                           precision="mpmath 50 digits on the same floats",
                           tolerance=r"loss: relative 1e-12; gradient: $10^{-10}$ of its largest entry plus $1/\|h\|$",
                           regressions=[{"seed": 3, "n_classes": 20, "dim": 4, "offset": 1e10, "w_exp": 0.0,
                                         "h_exp": 0.0}])
def matches_fifty_digits_for_any_offset(subject, ev, seed, n_classes, dim, offset, w_exp, h_exp):
    r"""SphericalZLoss's loss and gradient equal $L_Z(Wh)$ and $W^\top\nabla_o L_Z$ at 50 digits ($a = 1.5$,
    $b = 0.5$)."""
    W, h, c = _layer(seed, n_classes, dim, offset, w_exp, h_exp)
    loss_true, grad_true = _spherical_truth(W, h, c, 1.5, 0.5)
    loss, grad = subject(W, 1.5, 0.5).loss_and_grad(h, c)
    ev.show("h", h)
    ev.show("loss: SphericalZLoss, 50 digits", [loss, loss_true])
    ev.show("∂L/∂h: SphericalZLoss", grad)
    ev.show("∂L/∂h: 50 digits", grad_true)
    ev.close(loss, loss_true, rtol=1e-12, what="L_Z", labels=("SphericalZLoss", "50 digits"))
    scale = float(np.max(np.abs(grad_true))) + 1 / float(np.linalg.norm(h))  # ∂L/∂h is of size 1/‖h‖
    ev.close(grad, grad_true, atol=1e-10 * scale, what="∂L_Z/∂h",
             labels=("SphericalZLoss", "50 digits"))


# -- Z8: degenerate inputs ------------------------------------------------------------------------------

_CALLS = {
    "z_scores": (lambda lib, o, D: lib.z_scores(o), "o"),
    "z_loss": (lambda lib, o, D: lib.z_loss(o, 0, 1.0, 0.0), "o"),
    "z_loss_grad": (lambda lib, o, D: lib.z_loss_grad(o, 0, 1.0, 0.0), "o"),
    "z_loss_batch": (lambda lib, o, D: lib.z_loss(np.vstack([np.arange(D) + 1.0, o]), np.zeros(2, dtype=int)), "o"),
    "spherical_rows": (lambda lib, o, D: lib.SphericalZLoss(np.column_stack([o, o])), "W"),
    "spherical_null_h": (lambda lib, o, D: lib.SphericalZLoss(np.array([[1.0, 0.0], [2.0, 0.0], [3.0, 0.0]]))
                         .loss_and_grad(np.array([0.0, o[0] if o[0] != 0 else 1.0]), 0), "h"),
}


@C.LIBRARY_DEGENERATE.check(given={"value": st.sampled_from([0.1, 1 / 3, 1e300, -7.5, 5e-324, 0.0]),
                                   "n_classes": st.integers(1, 300), "which": st.sampled_from(sorted(_CALLS))},
                            examples=12, precision="exact: the outcome of the call",
                            tolerance="none: a ValueError naming the argument is required",
                            regressions=[{"value": 0.1, "n_classes": 3, "which": "z_loss"}])
def raises_on_equal_logits(subject, ev, value, n_classes, which):
    r"""Each public function, given logits that are all equal (or one class, or a $W$ with equal rows, or an $h$
    with $\tilde W h = 0$), raises a ValueError naming its argument."""
    call, name = _CALLS[which]
    ev.assume(which != "z_loss_batch" or n_classes >= 2)
    o = np.full(n_classes, value)
    ev.show("logits (all equal)", o[:5])
    try:
        result = call(subject, o, n_classes)
    except ValueError as exc:
        ev.that(name in str(exc), f"{which}: the ValueError does not name {name}: {exc}")
        return
    except Exception as exc:  # any other exception is not the clear error required
        ev.that(False, f"{which} raised {type(exc).__name__}: {exc}", claimed="ValueError",
                observed=type(exc).__name__, labels=("required", "raised"))
        return
    ev.show("returned", result)
    ev.that(False, f"{which} returned {result!r} on equal logits", claimed="ValueError", observed=repr(result),
            labels=("required", "returned"))
