"""Checks of an installed ADAHESSIAN against the release (image_classification/optim_adahessian.py, 85ebc00, ported in
``theorems/adahessian_hutchinson/formulas.py``): the update step for step for every Hessian power $k \\in [0, 1]$, and
the spatial averaging of a 4-D (convolution) weight's estimate. Counterexamples are re-verified against the port
run at 50 digits.
"""

from __future__ import annotations

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...checks.adahessian_hutchinson.library_conformance import LIB_RTOL
from ...checks.adahessian_hutchinson.library_conformance import _stream as release_stream
from ...checks.adahessian_hutchinson.strategies import integer_symmetric
from ...theorems.adahessian_hutchinson.formulas import ReleaseState, released_optimizer_step, released_step
from ...theorems.conformance import claims_pytorch_optimizer as P
from ...theorems.conformance.adapters_torch import PackageRefused

DIGITS = 50
#: A counterexample is confirmed when the package departs from the port at 50 digits by more than this, relative
#: to the iterate's scale: 10⁴ × LIB_RTOL, beyond any rounding of ten steps.
CONFIRM_GAP = 1e-8


def _package_run(subject, g, D, x0, hyper) -> list[np.ndarray]:
    x, state = x0, ReleaseState(np.zeros(x0.shape), np.zeros(x0.shape), 0)
    out = []
    for t in range(len(g)):
        x, state = subject["adahessian_step"](x, g[t], D[t], state, **hyper)
        out.append(x)
    return out


def _port_run(g, D, x0, hyper, *, digits: int | None = None) -> list[np.ndarray]:
    """The release's step (the port) from ``x0`` on the streams, in float64 or at ``digits`` digits."""
    if digits is None:
        y, rstate = x0, ReleaseState(np.zeros(x0.shape), np.zeros(x0.shape), 0)
        out = []
        for t in range(len(g)):
            y, rstate = released_step(y, g[t], D[t], rstate, **hyper)
            out.append(y)
        return out
    with mpmath.workdps(digits):
        to_mp = np.vectorize(lambda v: mpmath.mpf(float(v)), otypes=[object])
        mp_hyper = {k: (tuple(mpmath.mpf(b) for b in v) if k == "betas" else mpmath.mpf(v)) for k, v in hyper.items()}
        y = to_mp(x0)
        rstate = ReleaseState(to_mp(np.zeros(x0.shape)), to_mp(np.zeros(x0.shape)), 0)
        out = []
        for t in range(len(g)):
            y, rstate = released_step(y, to_mp(g[t]), to_mp(D[t]), rstate, **mp_hyper)
            out.append(y)
        return out


def _confirm_port(subject, seed):
    g, D, x0, hyper = release_stream(seed)
    try:
        xs = _package_run(subject, g, D, x0, hyper)
    except PackageRefused as exc:
        return True, f"re-run: {exc}; the release takes every k in [0, 1] (k = {hyper['hessian_power']} here)"
    with mpmath.workdps(DIGITS):
        ys = _port_run(g, D, x0, hyper, digits=DIGITS)
        for t, (x, y) in enumerate(zip(xs, ys), start=1):
            yf = np.array([float(v) for v in y.ravel()])
            gap = float(np.max(np.abs(x.ravel() - yf))) / (float(np.max(np.abs(yf))) + 1)
            if gap > CONFIRM_GAP:
                return True, f"the port at {DIGITS} digits: x_{t} departs by {gap:.3g} of its scale"
    return False, f"the package follows the port at {DIGITS} digits on this stream"


@P.ADAH_RELEASE.check(given={"seed": st.integers(0, 2**32 - 1)}, examples=4, confirm=_confirm_port,
                      precision="float64 against the port of the release; re-verified at 50 digits",
                      tolerance=f"{LIB_RTOL:g} × (|x_t| + 1) (the base's LIB_RTOL)")
def steps_match_release_port(subject, ev, seed):
    r"""Over up to 10 steps of random gradients and curvature estimates (the base's streams: any $k \in [0, 1]$, a
    quarter of them $k = 0$, $\varepsilon \in \{0, 10^{-4}, 10^{-2}\}$, weight decay, betas), the package's step
    with the estimate passed in equals the release's, iterate by iterate."""
    g, D, x0, hyper = release_stream(seed)
    ev.show("hyper-parameters", hyper)
    try:
        xs = _package_run(subject, g, D, x0, hyper)
    except PackageRefused as exc:
        ev.that(False, f"{exc} (the release takes every k in [0, 1])", claimed="refused",
                observed=f"a step of the release with k = {hyper['hessian_power']}",
                labels=("the package", "the release"))
        return
    for t, (x, y) in enumerate(zip(xs, _port_run(g, D, x0, hyper)), start=1):
        ev.close(x, y, atol=LIB_RTOL * (float(np.max(np.abs(y))) + 1), what=f"x_{t}",
                 labels=("the package", "the release (port)"))


def _conv_case():
    """A 4-D weight (2 output, 2 input channels, 3 × 3 kernel) of a separable quadratic whose curvatures differ
    across each kernel: h = 1 + (kernel position), c = 0, x₀ normal (seed 0)."""
    rng = np.random.default_rng(0)
    shape = (2, 2, 3, 3)
    h = 1.0 + np.arange(9.0).reshape(1, 1, 3, 3) * np.ones(shape)
    return h, rng.normal(size=shape)


def _conv_hyper():
    return {"lr": 0.1, "betas": (0.9, 0.999), "eps": 1e-4}


def _conv_steps(subject):
    h, x0 = _conv_case()
    states = [ReleaseState(np.zeros(x0.shape), np.zeros(x0.shape), 0)]
    (x_pkg,), _ = subject["optimizer_step"]([x0], lambda ps: [h * ps[0]], lambda ps, vs: [h * vs[0]],
                                            np.random.default_rng(0), states, **_conv_hyper())
    (x_rel,), _ = released_optimizer_step([x0], lambda ps: [h * ps[0]], lambda ps, vs: [h * vs[0]],
                                          np.random.default_rng(0), states, **_conv_hyper())
    return h, x0, x_pkg, x_rel


def _confirm_conv(subject):
    """At 50 digits: the release's first step with the block-averaged estimate, x₁ = x₀ − lr·g/(mean|h| + ε)
    (bias corrections cancel at step 1), against the package's re-run."""
    h, x0, x_pkg, _ = _conv_steps(subject)
    hyper = _conv_hyper()
    with mpmath.workdps(DIGITS):
        worst = mpmath.mpf(0)
        for idx in np.ndindex(x0.shape):
            block = np.abs(h[idx[0], idx[1]])
            d_bar = mpmath.fsum(mpmath.mpf(float(v)) for v in block.ravel()) / block.size
            g = mpmath.mpf(float(h[idx])) * mpmath.mpf(float(x0[idx]))
            want = mpmath.mpf(float(x0[idx])) - mpmath.mpf(hyper["lr"]) * g / (d_bar + mpmath.mpf(hyper["eps"]))
            worst = max(worst, abs(mpmath.mpf(float(x_pkg[idx])) - want))
    return worst > CONFIRM_GAP, (f"at {DIGITS} digits the release's first step x₀ − lr·g/(mean over the kernel of |h| "
                                 f"+ ε) differs from the package's by up to {mpmath.nstr(worst, 6)}")


@P.ADAH_RELEASE.check(confirm=_confirm_conv, precision="float64 against the port; re-verified at 50 digits",
                      tolerance=f"{LIB_RTOL:g} × (|x_1| + 1) (LIB_RTOL)")
def conv_estimate_averaged_over_kernel(subject, ev):
    r"""One optimizer step on a 4-D weight whose curvatures differ across the $3 \times 3$ kernel: the release
    averages $|Hv|$ over the kernel dimensions (get_trace) before its moving average, so $x_1$ equals the port's."""
    h, x0, x_pkg, x_rel = _conv_steps(subject)
    ev.show("curvatures h (one kernel)", h[0, 0])
    ev.show("x₀ (first kernel)", x0[0, 0])
    ev.show("x₁ (package, first kernel)", x_pkg[0, 0])
    ev.show("x₁ (release, first kernel)", x_rel[0, 0])
    ev.close(x_pkg, x_rel, atol=LIB_RTOL * (float(np.max(np.abs(x_rel))) + 1), what="x₁ of the 4-D weight",
             labels=("the package", "the release (port)"))


#: The package accumulates the n samples, each scaled by 1/n (``addcmul_(h_z, z, value=1/n)``): each product and
#: addition rounds, n·u·max|z ⊙ Hz| each; 4n·u·max|z ⊙ Hz| leaves 2× headroom. A probe that is not ±1, or a sample
#: without the product with z, is off by O(1).
U = 2.0**-53


@P.ADAH_RELEASE.check(given={"H": st.tuples(st.integers(0, 2**32 - 1), st.integers(1, 6)).map(
    lambda sd: integer_symmetric(np.random.default_rng(sd[0]), sd[1])), "probes": st.integers(1, 5)}, examples=4,
    precision="float64; the samples from integer probes and matrix are exact",
    tolerance="4n·u·max|z ⊙ Hz|: the rounding of n scaled additions")
def hutchinson_mean_of_passed_probes(subject, ev, H, probes):
    r"""The package's Hutchinson estimate, its Hessian-vector products taken through a callable, is the mean of
    $z \odot Hz$ over the probes it passed (to the rounding of its $n$ scaled additions), and the probes are
    $\pm 1$."""
    seen = []

    def hvp(z):
        seen.append(z.copy())
        return H @ z

    est = subject["hutchinson_diagonal"](hvp, dim=len(H), probes=probes, rng=7)
    Z = np.array(seen)
    ev.show("H", H)
    ev.show("probes passed", Z)
    ev.that(bool(len(Z) == probes and np.all(np.abs(Z) == 1)), "the probes are not ±1 or not as many as asked",
            claimed=Z.tolist(), observed=probes, labels=("probes passed", "probes asked"))
    samples = Z * (Z @ H.T)
    ev.close(est, samples.sum(axis=0) / probes, atol=4 * probes * U * float(np.max(np.abs(samples))),
             what="estimate", labels=("the package's estimate", "mean of z ⊙ Hz"))
