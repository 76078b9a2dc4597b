"""Checks that the library's public names follow the released code v0.3.0: SGDP and AdamP step for step
against the independent re-implementation in ``release_reference`` (exact cosine-test decisions), the
cosine against 40-digit mpmath at any scale, and the views against the released index layout.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.scale_invariance import claims as C
from .release_reference import reference_run, view_rows

#: Library and reference do the same float64 operations except the norms (math.hypot against a
#: rescaled sum) and the projection's row sums (fsum against einsum). Each entry of a step's result is
#: then off by a few ulps (u = 1.1e-16) of the largest operand that produced it, S (the reference's
#: ``scales``, up to √12 times the largest entry of a projected row: |Σ_row p_n·d| ≤ ‖d_row‖), not of the
#: result, which a cancellation can make ~1e-8 of S (a buffer along w projected to ≈ 2·eps/‖w‖ of itself).
#: Earlier errors carry over with factors ≤ 1 (momentum, β, I − p_n p_nᵀ) or the decay factor
#: |1 − lr·wd·ρ/(1 − μ)| ≤ 1.5 (lr ≤ 0.5, wd ≤ 0.05, μ ≤ 0.99), which S carries too. About 20 operations
#: per step and ≤ 4 steps: ≤ 80·u·S ≈ 1e-14 S, so 1e-12 of S leaves 100× headroom; every mutant is off by
#: O(1) or by its own projection (≥ 1e-3 of the step here).
STEP_TOL = 1e-12
#: A cosine-test decision closer than this (relative) to its threshold could flip under float64
#: roundoff (≈ 1e-15 relative in the cosine): such cases are skipped, not compared.
FLIP_GUARD = 1e-9
#: The library's cosine from rescaled rows: a few ulps; mpmath at 40 digits is exact at this scale.
COSINE_TOL = 1e-13

SHAPES = ((1, 6), (3, 4), (2, 3, 2), (2, 2, 2, 2))

#: Cases tried first in every run: SGDP on weights near 1e200 (a view fires, so the stored buffer is
#: projected with unit rows that need overflow-free norms); SGDP with every default but lr (the default
#: delta decides); AdamP with every default and Nesterov; SGDP with dampening; SGDP with delta = 5e-324 on a
#: zero gradient (the released threshold delta / math.sqrt(6) rounds to 0.0: cos = 0 does not fire).
PINNED_CASES = [
    {"case": {"optimizer": "SGDP", "shape": (3, 4), "seed": 0, "hyper": (("lr", 0.1), ("momentum", 0.9)),
              "steps": 2, "weight_exponent": 200, "grad_exponent": 0}},
    {"case": {"optimizer": "SGDP", "shape": (2, 3, 2), "seed": 0, "hyper": (("lr", 0.1),), "steps": 3,
              "weight_exponent": 0, "grad_exponent": 0}},
    {"case": {"optimizer": "AdamP", "shape": (3, 4), "seed": 0, "hyper": (("nesterov", True),), "steps": 2,
              "weight_exponent": 0, "grad_exponent": 0}},
    {"case": {"optimizer": "SGDP", "shape": (3, 4), "seed": 0, "hyper": (("dampening", 0.3), ("lr", 0.1)),
              "steps": 2, "weight_exponent": 0, "grad_exponent": 0}},
    {"case": {"optimizer": "SGDP", "shape": (1, 6), "seed": 1, "hyper": (("delta", 5e-324), ("lr", 0.5),
              ("momentum", 0.5), ("nesterov", True)), "steps": 1, "weight_exponent": 0, "grad_exponent": 0}},
]


@st.composite
def _hyperparameters(draw: st.DrawFn, optimizer: str) -> tuple[tuple[str, object], ...]:
    """Constructor arguments: each either left at the released default (absent) or drawn."""
    out: dict[str, object] = {}

    def maybe(name: str, strategy: st.SearchStrategy) -> None:
        if draw(st.booleans()):
            out[name] = draw(strategy)

    if optimizer == "SGDP":
        out["lr"] = draw(st.floats(1e-3, 0.5))
        nesterov = draw(st.booleans())
        if nesterov:
            out.update(nesterov=True, momentum=draw(st.floats(0.1, 0.99)))
        else:
            maybe("momentum", st.floats(0.0, 0.99))
            maybe("dampening", st.floats(0.0, 0.5))
    else:
        maybe("lr", st.floats(1e-4, 0.1))
        maybe("betas", st.tuples(st.floats(0.0, 0.99), st.floats(0.9, 0.9999)))
        maybe("nesterov", st.booleans())
    maybe("weight_decay", st.sampled_from((0.0, 1e-3, 0.05)))
    maybe("eps", st.sampled_from((1e-12, 1e-8, 1e-6)))
    maybe("delta", st.floats(0.0, 0.5))
    maybe("wd_ratio", st.floats(0.0, 1.0))
    return tuple(sorted(out.items()))


@st.composite
def _release_cases(draw: st.DrawFn) -> dict[str, object]:
    optimizer = draw(st.sampled_from(("SGDP", "AdamP")))
    return {"optimizer": optimizer, "shape": draw(st.sampled_from(SHAPES)),
            "seed": draw(st.integers(0, 2**32 - 1)), "hyper": draw(_hyperparameters(optimizer)),
            "steps": draw(st.integers(1, 4)),
            "weight_exponent": draw(st.sampled_from((0, 0, -3, 2, 200, -200))),
            "grad_exponent": draw(st.sampled_from((0, 0, -2, 1, 150, -200)))}


def _compare(ev, library: np.ndarray, reference: np.ndarray, operand_scale: float, what: str, context: str) -> None:
    """``library`` equals ``reference`` to STEP_TOL of the largest operand that produced it."""
    scale = max(float(np.max(np.abs(reference))), operand_scale)
    ev.close(library, reference, rtol=STEP_TOL, atol=STEP_TOL * scale, what=what, context=context,
             labels=("the library gives", "the released rule gives"))


@C.LIBRARY_RELEASE.check(given={"case": _release_cases()}, examples=40, regressions=PINNED_CASES,
                         tolerance="1e-12 of each array's scale: float64 roundoff of ≤ 4 steps (STEP_TOL)",
                         precision="float64; the cosine test decided in exact rationals")
def steps_match_the_release(subject, ev, case):
    """SGDP or AdamP on [W, b] for 1–4 steps (released defaults or drawn hyperparameters; gradients skipped,
    zero, isotropic or built to sit near the threshold $\\delta/\\sqrt{L}$; weights and gradients from
    $10^{-200}$ to $10^{200}$): after every step the weights, the state and the projection record equal the
    independent re-implementation's."""
    run = reference_run(case["optimizer"], case["shape"], case["seed"], case["hyper"], case["steps"],
                        case["weight_exponent"], case["grad_exponent"])
    ev.assume(run.closest > FLIP_GUARD)
    params = [p.copy() for p in run.start]
    ev.show("W_0", run.start[0])
    ev.show("b_0", run.start[1])
    opt = subject[case["optimizer"]](params, **dict(case["hyper"]))
    for t, grads in enumerate(run.grads):
        for i, g in enumerate(grads):
            ev.show(f"gradient {i} at step {t}", "skipped (None)" if g is None else g)
        opt.step([None if g is None else g.copy() for g in grads])
        ev.show(f"W after step {t} (library)", params[0].copy())
        ev.show(f"W after step {t} (released rule)", run.params[t][0])
        for i, (p, ref) in enumerate(zip(params, run.params[t])):
            context = f"{case['optimizer']}, parameter {i}, step {t}"
            ev.that(opt.last_projection[i] == run.records[t][i],
                    f"projection record after step {t}: {opt.last_projection[i]}, released rule "
                    f"{run.records[t][i]} [{context}]", claimed=opt.last_projection[i], observed=run.records[t][i],
                    labels=("the library's (view, ratio)", "the released rule's (view, ratio)"))
            _compare(ev, p, ref, run.scales[t][i]["weights"], "weights", context)
            for key, value in run.states[t][i].items():
                if isinstance(value, np.ndarray):
                    _compare(ev, opt.state[i][key], value, run.scales[t][i][key], f"state {key}", context)
                else:
                    ev.that(opt.state[i][key] == value, f"state {key}: {opt.state[i][key]} but the released "
                            f"rule has {value} [{context}]", claimed=opt.state[i][key], observed=value)


def _mp_cosine(x: np.ndarray, y: np.ndarray, eps: float) -> list:
    """Row-wise x·y / (max(‖x‖, eps)·max(‖y‖, eps)) at 40 digits (mpmath has no overflow)."""
    out = []
    with mpmath.workdps(40):
        for xr, yr in zip(x, y):
            xs, ys = [mpmath.mpf(float(v)) for v in xr], [mpmath.mpf(float(v)) for v in yr]
            dot = mpmath.fsum(a * b for a, b in zip(xs, ys))
            nx = mpmath.sqrt(mpmath.fsum(a * a for a in xs))
            ny = mpmath.sqrt(mpmath.fsum(b * b for b in ys))
            out.append(dot / (max(nx, mpmath.mpf(eps)) * max(ny, mpmath.mpf(eps))))
    return out


@C.LIBRARY_RELEASE.check(given={"seed": st.integers(0, 2**32 - 1), "rows": st.integers(1, 4),
                                "length": st.integers(2, 5),
                                "x_exponent": st.sampled_from((0, -5, 200, -200, 150)),
                                "y_exponent": st.sampled_from((0, 3, 200, -200, -150)),
                                "eps": st.sampled_from((1e-8, 1e-12, 1e-300))},
                         examples=25, precision="mpmath, 40 digits",
                         tolerance="1e-13 absolute on a cosine in [-1, 1]: a few ulps (COSINE_TOL)")
def cosine_matches_high_precision(subject, ev, seed, rows, length, x_exponent, y_exponent, eps):
    """The library's cosine of two row stacks (a zero row included when the seed says so, entries scaled by
    $10^{\\pm 200}$) equals $x \\cdot y/(\\max(\\|x\\|, \\epsilon)\\max(\\|y\\|, \\epsilon))$ at 40 digits."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(rows, length)) * 10.0**x_exponent
    y = rng.normal(size=(rows, length)) * 10.0**y_exponent
    if seed % 3 == 0:
        x[rng.integers(rows)] = 0.0
    ev.show("x", x)
    ev.show("y", y)
    truth = [float(v) for v in _mp_cosine(x, y, eps)]
    got = np.asarray(subject["cosine"](x, y, eps))
    ev.show("library cosine", got)
    ev.that(got.shape == (rows,), f"one cosine per row: shape {got.shape} for {rows} rows",
            claimed=list(got.shape), observed=[rows], labels=("the library's shape", "rows"))
    ev.show("40-digit cosine", truth)
    ev.close(got, truth, atol=COSINE_TOL, what="row cosines", context=f"10^{x_exponent} vs 10^{y_exponent}, eps={eps}",
             labels=("the library gives", "40-digit mpmath gives"))


#: Every shape the views are checked on: a vector, matrices with one row or one column, 3-D and 4-D.
VIEW_SHAPES = ((5,), (3, 4), (2, 3, 2), (2, 2, 2, 2), (1, 6), (4, 1))


# Deterministic: the shapes are a finite set, tried exhaustively (hypothesis would run out of distinct
# draws after six examples, below the thorough profile's minimum).
@C.LIBRARY_RELEASE.check(tolerance="none: exact equality of entries")
def views_match_the_release(subject, ev):
    """channel_view, layer_view and VIEWS["channel"], VIEWS["layer"] (in that order) put entry $k$ of the
    C-order flattening at the row and column of the released views ($\\texttt{x.view(x.size(0), -1)}$,
    $\\texttt{x.view(1, -1)}$), for every shape of VIEW_SHAPES."""
    ev.that(list(subject["VIEWS"]) == ["channel", "layer"], f"VIEWS lists {list(subject['VIEWS'])}, the release "
            "tries channel then layer")
    for shape in VIEW_SHAPES:
        x = np.arange(1.0, math.prod(shape) + 1).reshape(shape)
        ev.show(f"x of shape {shape}", x)
        for name, function in (("channel", subject["channel_view"]), ("layer", subject["layer_view"]),
                               ("channel", subject["VIEWS"]["channel"]), ("layer", subject["VIEWS"]["layer"])):
            expected = np.array([[x.ravel()[k] for k in row] for row in view_rows(shape, name)])
            got = function(x)
            ev.show(f"{name} view of shape {shape}", got)
            ev.close(got, expected, what=f"{name} view of shape {shape}",
                     labels=("the library's view", "the released view"))
