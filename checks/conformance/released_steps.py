"""Step-for-step checks of installed SGDP/AdamP against the released rule (adamp v0.3.0, as
``checks/scale_invariance/release_reference.py`` states it), with counterexamples re-verified against the rule
computed at 50 digits.

* ``steps_follow_the_released_rule``: the base family's comparison (``library_conformance.steps_match_the_release``:
  drawn hyper-parameters, gradients skipped, zero, isotropic or near the threshold, magnitudes 10^±200) run on the
  package, re-verified by :func:`exact_release`.
* ``buffer_projected_in_place``: the base's hand-built case (zero gradient, radial buffer), re-verified exactly.
* ``eps_after_bias_correction`` and ``skipped_parameter_keeps_its_step``: two hand-built AdamP cases on a bias
  vector (no projection involved), whose released result is computed at 50 digits.
"""

from __future__ import annotations

from typing import Any

import mpmath
import numpy as np

from ...checks.scale_invariance.invariance_blocks import TINY_EPS
from ...checks.scale_invariance.library_conformance import FLIP_GUARD, PINNED_CASES, STEP_TOL, _release_cases
from ...checks.scale_invariance.library_conformance import steps_match_the_release as _base_steps
from ...checks.scale_invariance.release_reference import RELEASED_DEFAULTS, reference_run, view_rows
from ...checks.scale_invariance.released_rules import raw_gradient_decides_and_buffer_is_projected as _base_buffer
from ...theorems.conformance import claims_adamp as A
from ...theorems.conformance import claims_pytorch_optimizer as P
from ...theorems.conformance.adapters_torch import PackageRefused

DIGITS = 50
#: A counterexample is confirmed when the package departs from the 50-digit rule by more than this, relative to
#: the array's scale: 10⁴ × the check's STEP_TOL, far beyond float64 roundoff of a few steps.
CONFIRM_GAP = 1e-8


# -- the released rule at 50 digits -----------------------------------------------------------------------------


def _mp(values: Any) -> list[Any]:
    return [mpmath.mpf(float(v)) for v in np.ravel(values)]


def _fires(w: list[Any], g: list[Any], rows: list[list[int]], delta: float, eps: float) -> tuple[bool, Any]:
    """The released cosine test on a view at 50 digits, and how far its largest ratio is from the threshold."""
    if delta == 0:
        return False, mpmath.inf
    worst = mpmath.mpf(0)
    e2, d2 = mpmath.mpf(eps) ** 2, mpmath.mpf(delta) ** 2
    for row in rows:
        dot = mpmath.fsum(g[k] * w[k] for k in row)
        xx, yy = mpmath.fsum(g[k] ** 2 for k in row), mpmath.fsum(w[k] ** 2 for k in row)
        worst = max(worst, dot * dot * len(row) / (d2 * max(xx, e2) * max(yy, e2)))
    return worst < 1, abs(worst - 1)


def _project(shape: tuple[int, ...], w: list[Any], g: list[Any], d: list[Any], h: dict[str, Any]):
    if len(shape) < 2:
        return d, mpmath.mpf(1), None, mpmath.inf
    closest = mpmath.inf
    for view in ("channel", "layer"):
        rows = view_rows(shape, view)
        fires, distance = _fires(w, g, rows, h["delta"], h["eps"])
        closest = min(closest, distance)
        if fires:
            out = list(d)
            for row in rows:
                norm = mpmath.sqrt(mpmath.fsum(w[k] ** 2 for k in row))
                p = {k: w[k] / (norm + h["eps"]) for k in row}
                along = mpmath.fsum(p[k] * d[k] for k in row)
                for k in row:
                    out[k] = d[k] - p[k] * along
            return out, mpmath.mpf(h["wd_ratio"]), view, closest
    return d, mpmath.mpf(1), None, closest


def _sgdp(shape, w, g, state, h):
    mom, damp, lr, wd = (mpmath.mpf(h[k]) for k in ("momentum", "dampening", "lr", "weight_decay"))
    buf = [mom * b + (1 - damp) * x for b, x in zip(state.get("momentum", [mpmath.mpf(0)] * len(w)), g)]
    d = [x + mom * b for x, b in zip(g, buf)] if h["nesterov"] else buf
    d, ratio, view, near = _project(shape, w, g, d, h)
    if not h["nesterov"]:
        buf = d  # the released update is the buffer tensor, projected in place
    if wd > 0:
        w = [x * (1 - lr * wd * ratio / (1 - mom)) for x in w]
    return [x - lr * u for x, u in zip(w, d)], {"momentum": buf}, (view, float(ratio)), near


def _adamp(shape, w, g, state, h):
    b1, b2 = (mpmath.mpf(b) for b in h["betas"])
    lr, wd, eps = (mpmath.mpf(h[k]) for k in ("lr", "weight_decay", "eps"))
    t = state.get("step", 0) + 1
    zeros = [mpmath.mpf(0)] * len(w)
    m = [b1 * a + (1 - b1) * x for a, x in zip(state.get("exp_avg", zeros), g)]
    v = [b2 * a + (1 - b2) * x * x for a, x in zip(state.get("exp_avg_sq", zeros), g)]
    denom = [mpmath.sqrt(a) / mpmath.sqrt(1 - b2**t) + eps for a in v]
    numer = [b1 * a + (1 - b1) * x for a, x in zip(m, g)] if h["nesterov"] else m
    d = [a / q for a, q in zip(numer, denom)]
    d, ratio, view, near = _project(shape, w, g, d, h)
    if wd > 0:
        w = [x * (1 - lr * wd * ratio) for x in w]
    return ([x - lr / (1 - b1**t) * u for x, u in zip(w, d)], {"step": t, "exp_avg": m, "exp_avg_sq": v},
            (view, float(ratio)), near)


def exact_release(optimizer: str, start: list[np.ndarray], grads: list[list[np.ndarray | None]],
                  hyper: dict[str, Any]) -> tuple[list[dict[str, Any]], Any]:
    """The released ``optimizer`` ("SGDP" or "AdamP", defaults of v0.3.0 unless in ``hyper``) run at 50 digits from
    the float parameters ``start`` on the float gradients ``grads`` (per step, None: skipped). Returns per step
    ``{"params": […], "states": […], "records": […]}`` as mpmath lists, and the smallest distance of a cosine-test
    decision from flipping."""
    h = {**RELEASED_DEFAULTS[optimizer], **hyper}
    step = _sgdp if optimizer == "SGDP" else _adamp
    with mpmath.workdps(DIGITS):
        shapes = [tuple(p.shape) for p in start]
        params = [_mp(p) for p in start]
        states: list[dict[str, Any]] = [{} for _ in start]
        records: list[Any] = [None] * len(start)
        out, closest = [], mpmath.inf
        for gs in grads:
            for i, g in enumerate(gs):
                if g is None:
                    continue
                params[i], states[i], records[i], near = step(shapes[i], params[i], _mp(g), states[i], h)
                closest = min(closest, near)
            out.append({"params": [list(p) for p in params], "states": [dict(s) for s in states],
                        "records": list(records)})
    return out, closest


def _departure(got: np.ndarray, exact: list[Any]) -> float:
    """The largest |got − exact| relative to the largest |exact|, with the 50-digit values rounded to float64 first:
    an exact value float64 cannot hold (a square of 1e-200 underflows to 0) is not held against the package."""
    want = np.array([float(v) for v in exact])
    scale = float(np.max(np.abs(want))) if want.size else 0.0
    gap = float(np.max(np.abs(np.ravel(got) - want))) if want.size else 0.0
    return gap / scale if scale > 0 else gap


def rerun_against_exact(subject: dict[str, Any], optimizer: str, start: list[np.ndarray],
                        grads: list[list[np.ndarray | None]], hyper: dict[str, Any]) -> tuple[bool, str]:
    """Re-run the package and compare every step with the rule at 50 digits: (departs by more than CONFIRM_GAP or
    in a projection record, what departs first)."""
    exact, closest = exact_release(optimizer, start, grads, hyper)
    if closest <= FLIP_GUARD:
        return False, f"a cosine-test decision lies within {FLIP_GUARD:g} of its threshold: not decided"
    params = [p.copy() for p in start]
    try:
        opt = subject[optimizer](params, **hyper)
    except PackageRefused as exc:
        return True, f"re-run: {exc}; the released rule is defined there (step 0 at {DIGITS} digits computed)"
    for t, (gs, want) in enumerate(zip(grads, exact)):
        opt.step([None if g is None else g.copy() for g in gs])
        for i, p in enumerate(params):
            if gs[i] is None and want["records"][i] is None:
                continue
            if opt.last_projection[i] != want["records"][i]:
                return True, (f"step {t}, parameter {i}: the package's (view, ratio) is {opt.last_projection[i]}, the "
                              f"released rule's at {DIGITS} digits {want['records'][i]}")
            gap = _departure(p, want["params"][i])
            if gap > CONFIRM_GAP:
                return True, (f"step {t}, parameter {i}: the package's weights depart from the released rule at "
                              f"{DIGITS} digits by {gap:.3g} of their scale")
            for key, value in want["states"][i].items():
                if isinstance(value, list):
                    gap = _departure(opt.state[i][key], value)
                    if gap > CONFIRM_GAP:
                        return True, (f"step {t}, parameter {i}: state {key} departs from the released rule at "
                                      f"{DIGITS} digits by {gap:.3g} of its scale")
                elif opt.state[i][key] != value:
                    return True, f"step {t}, parameter {i}: state {key} is {opt.state[i][key]}, the rule's {value}"
    return False, f"the package follows the released rule at {DIGITS} digits on this case"


# -- the drawn step-for-step comparison -------------------------------------------------------------------------


def _confirm_steps(subject: dict[str, Any], case: dict[str, Any]) -> tuple[bool, str]:
    run = reference_run(case["optimizer"], case["shape"], case["seed"], case["hyper"], case["steps"],
                        case["weight_exponent"], case["grad_exponent"])
    return rerun_against_exact(subject, case["optimizer"], list(run.start), [list(g) for g in run.grads],
                               dict(case["hyper"]))


def steps_follow_the_released_rule(subject, ev, case):
    """SGDP or AdamP of the package on [W, b] for 1–4 steps (the base's cases: released defaults or drawn
    hyper-parameters, gradients skipped, zero, isotropic or near the threshold $\\delta/\\sqrt{L}$, weights and
    gradients from $10^{-200}$ to $10^{200}$): after every step the weights, the state and the projection record
    equal the independent re-implementation's (a counterexample is re-run against the rule at 50 digits); a
    package that refuses the case's hyper-parameters departs from the release, which takes them."""
    try:
        _base_steps(subject, ev, case)
    except PackageRefused as exc:
        ev.show("hyper-parameters", dict(case["hyper"]))
        ev.that(False, f"{exc} (the release takes them)", claimed="refused", observed="a step of the released rule",
                labels=("the package", "the released rule"))


for _claim in (A.RELEASE, P.RELEASE):
    _claim.check(given={"case": _release_cases()}, examples=40, regressions=PINNED_CASES, confirm=_confirm_steps,
                 tolerance=f"{STEP_TOL:g} of each array's scale (the base's STEP_TOL); confirmed when the package "
                           f"departs from the {DIGITS}-digit rule by more than {CONFIRM_GAP:g}",
                 precision="float64; the cosine test decided in exact rationals; re-verified at 50 digits",
                 )(steps_follow_the_released_rule)


# -- hand-built cases --------------------------------------------------------------------------------------------

_BUFFER_W = np.array([[1.0, 2.0], [3.0, -1.0]])


def _confirm_buffer(subject: Any) -> tuple[bool, str]:
    """The base's case (zero gradient, buffer 0.5 W, lr 0.1, momentum 0.9) at 50 digits: the released stored buffer
    is exactly ⊥ every row of W; the package's, re-run, is not."""
    w = _BUFFER_W.copy()
    opt = subject([w], lr=0.1, momentum=0.9, eps=TINY_EPS)
    opt.state[0]["momentum"] = 0.5 * _BUFFER_W
    opt.step([np.zeros_like(_BUFFER_W)])
    stored = opt.state[0]["momentum"]
    with mpmath.workdps(DIGITS):
        buf = [mpmath.mpf("0.9") * mpmath.mpf(0.5 * v) for v in _BUFFER_W.ravel()]
        h = {**RELEASED_DEFAULTS["SGDP"], "lr": 0.1, "momentum": 0.9, "eps": TINY_EPS}
        projected, _, view, _ = _project((2, 2), _mp(_BUFFER_W), [mpmath.mpf(0)] * 4, buf, h)
        gap = _departure(stored, projected)
    return gap > CONFIRM_GAP, (f"at {DIGITS} digits the released rule fires the {view} view and stores the projected "
                               f"buffer {[mpmath.nstr(v, 6) for v in projected]}; the package stores "
                               f"{stored.ravel().tolist()} (departure {gap:.3g} of its scale)")


def buffer_projected_in_place(subject, ev):
    r"""Zero gradient, radial momentum buffer: the test (on the raw gradient) fires, the radial update is removed
    ($w$ unchanged) and the stored buffer is left $\perp w$, as the release projects it in place (the base's case,
    re-verified at 50 digits)."""
    _base_buffer(subject, ev)


P.RULES.check(confirm=_confirm_buffer, tolerance="1e-12 absolute: one projection in float64 (eps = 1e-30)",
              precision="float64; re-verified at 50 digits")(buffer_projected_in_place)


def _bias_case() -> list[np.ndarray]:
    """[W, b]: a 3 × 4 weight matrix and a bias vector (seed 3)."""
    rng = np.random.default_rng(3)
    return [rng.normal(size=(3, 4)), rng.normal(size=3)]


# Small gradients (1e-6) with the default eps = 1e-8: at step 1 the released denominator is |g| + eps, so eps is a
# relative 1e-2 of it; moving eps inside the bias correction multiplies it by 1/√(1 − β2) ≈ 31.6.
EPS_CASE_GRADS = [[None, np.array([1e-6, -2e-6, 5e-7])], [None, np.array([-1e-6, 1e-6, 2e-6])]]
# Two parameters; the bias vector gets no gradient at step 1: its first update happens at step 2, where the release
# uses t = 1 for it (a per-parameter counter).
SKIP_CASE_GRADS = [[np.full((3, 4), 0.1), None], [np.full((3, 4), -0.1), np.array([0.3, -0.2, 0.1])]]
#: A departure beyond this (relative to the parameter's scale) is not roundoff: 1e4 × STEP_TOL.
CASE_TOL = 1e-12


def _case_check(subject, ev, grads: list[list[np.ndarray | None]], hyper: dict[str, Any], what: str) -> None:
    start = _bias_case()
    exact, _ = exact_release("AdamP", start, grads, hyper)
    params = [p.copy() for p in start]
    opt = subject["AdamP"](params, **hyper)
    ev.show("b_0", start[1])
    for t, gs in enumerate(grads):
        opt.step([None if g is None else g.copy() for g in gs])
        ev.show(f"gradients at step {t}", ["skipped (None)" if g is None else g for g in gs])
        want = np.array([float(v) for v in exact[t]["params"][1]])
        ev.show(f"b after step {t} (package)", params[1].copy())
        ev.show(f"b after step {t} (released rule, {DIGITS} digits)", want)
        ev.close(params[1], want, rtol=CASE_TOL, atol=CASE_TOL * float(np.max(np.abs(want))), what=what,
                 context=f"step {t}, {hyper}", labels=("the package gives", "the released rule gives"))


def _confirm_case(grads: list[list[np.ndarray | None]], hyper: dict[str, Any]):
    def confirm(subject: Any) -> tuple[bool, str]:
        start = _bias_case()
        return rerun_against_exact(subject, "AdamP", start, grads, hyper)

    return confirm


def eps_after_bias_correction(subject, ev):
    r"""AdamP on a bias vector with gradients of size $10^{-6}$ and the default $\epsilon = 10^{-8}$, two steps: the
    released update divides by $\sqrt{v_t}/\sqrt{1 - \beta_2^t} + \epsilon$ (the rule at 50 digits)."""
    _case_check(subject, ev, EPS_CASE_GRADS, {}, "bias vector after the step")


def skipped_parameter_keeps_its_step(subject, ev):
    r"""AdamP on [W, b] where b has no gradient at the first step: b's first update uses the bias corrections of its
    own first step, $1 - \beta^1$ (the release keeps the step count per parameter; the rule at 50 digits)."""
    _case_check(subject, ev, SKIP_CASE_GRADS, {"lr": 0.01}, "bias vector after its first update")


P.RELEASE.check(confirm=_confirm_case(EPS_CASE_GRADS, {}), precision=f"float64 against the rule at {DIGITS} digits",
                tolerance=f"{CASE_TOL:g} relative (CASE_TOL)")(eps_after_bias_correction)
P.RELEASE.check(confirm=_confirm_case(SKIP_CASE_GRADS, {"lr": 0.01}),
                precision=f"float64 against the rule at {DIGITS} digits",
                tolerance=f"{CASE_TOL:g} relative (CASE_TOL)")(skipped_parameter_keeps_its_step)



#: wd_ratio = 1 (no reduction of the decay where the projection fires): the release takes any ratio ≥ 0.
RATIO_ONE = {"lr": 0.1, "momentum": 0.9, "weight_decay": 0.01, "wd_ratio": 1.0}
RATIO_GRADS = [[np.array([[2.0, -1.0], [1.0, 3.0]])]]


def _confirm_ratio_one(subject: Any) -> tuple[bool, str]:
    return rerun_against_exact(subject, "SGDP", [_BUFFER_W.copy()], RATIO_GRADS, RATIO_ONE)


def takes_a_wd_ratio_of_one(subject, ev):
    r"""SGDP with wd_ratio = 1 (the decay not reduced where the projection fires), one step on a gradient $\perp$
    every row: the release takes it, and the step equals the released rule's at 50 digits."""
    ev.show("hyper-parameters", RATIO_ONE)
    ev.show("W", _BUFFER_W)
    ev.show("gradient", RATIO_GRADS[0][0])
    try:
        w = _BUFFER_W.copy()
        opt = subject["SGDP"]([w], **RATIO_ONE)
    except PackageRefused as exc:
        ev.that(False, f"{exc} (the release takes it)", claimed="refused", observed="a step of the released rule",
                labels=("the package", "the released rule"))
        return
    opt.step([RATIO_GRADS[0][0].copy()])
    exact, _ = exact_release("SGDP", [_BUFFER_W.copy()], RATIO_GRADS, RATIO_ONE)
    want = np.array([float(v) for v in exact[0]["params"][0]]).reshape(w.shape)
    ev.close(w, want, rtol=CASE_TOL, atol=CASE_TOL, what="W after the step",
             labels=("the package gives", "the released rule gives"))


P.RELEASE.check(confirm=_confirm_ratio_one, precision=f"float64 against the rule at {DIGITS} digits",
                tolerance=f"{CASE_TOL:g} relative (CASE_TOL)")(takes_a_wd_ratio_of_one)
