"""Checks of the released computation: steps 1–5 (bnpo_advantages, with the fields of the record it
returns) and V8, the advantage decomposition (step 6, with each component's record), against the
exact-rational / 30-digit reference on random batches."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from ...theorems.bnpo import claims as C
from .reference import Reference, reference_advantages
from .strategies import EQUAL_P_HAT_ROUNDED, batches

# The advantages: float64 log-density roundoff amplified by the exponent α − 1 ≤ 10⁴ stays below 1e-9
# relative to the batch's largest advantage.
ADVANTAGE_RTOL = 1e-9
# The record's m (one rounding per term of a sum of ≤ 6 values) and p̂: 1e-12 relative is 100× roundoff.
MEAN_RTOL = 1e-12
# ci examples of the reference comparison: every mutant fails by the ninth batch drawn; the thorough profile keeps
# its 800 (20 × 40).
REFERENCE_EXAMPLES = 20
# v, a, b, α, β: the float variance loses ≈ eps·m²/v ≤ 1e-12 relative (v ≥ 1/(24²·6) on these batches),
# and k = m(1 − m)/v − 1 turns that into an absolute error ≤ 1e-12·(k + 1) in a, b: 1e-9 absolute on
# max(1, |value|) leaves 1000× headroom.
FIT_TOL = 1e-9


def _field_matches(ev, got, truth, tol, ctx: str, what: str, name: str) -> None:
    """|got − truth| ≤ tol elementwise, as a pass/fail property (a record field is not a margin of the claim)."""
    got_arr, truth_arr = np.asarray(got, dtype=float), np.asarray(truth, dtype=float)
    ok = bool(np.all(np.isfinite(got_arr)) and np.all(np.abs(got_arr - truth_arr) <= tol))
    # the message prints arrays: written only for a failure
    ev.that(ok, "" if ok else f"{what}: the record's {name} is {got} but the computation gives {truth} [{ctx}]",
            claimed=got, observed=truth, labels=(f"the record's {name}", f"exact {name}"))


def _compare_record(ev, res, ref: Reference, ctx: str, what: str) -> None:
    """The fields of a BNPOAdvantages record against the exact reference."""
    p_hat = np.array([float(x) for x in ref.p_hat])
    _field_matches(ev, res.p_hat, p_hat, MEAN_RTOL * np.abs(p_hat), ctx, what, "p̂")
    _field_matches(ev, res.m, float(ref.m), MEAN_RTOL * abs(float(ref.m)) + 1e-15, ctx, what, "m")
    for name in ("v", "a", "b", "alpha", "beta"):
        truth = float(getattr(ref, name))
        _field_matches(ev, getattr(res, name), truth, FIT_TOL * max(1.0, abs(truth)), ctx, what, name)


@C.RELEASED.check(given={"batch": batches()}, examples=REFERENCE_EXAMPLES, thorough_factor=40,
                  precision="exact rationals (moments) and mpmath 30 digits (density)",
                  tolerance="advantages: 1e-9 relative to max|A| (≥ 1e-12 absolute), float64 log-density roundoff "
                            "amplified by the exponent α − 1 ≤ 10⁴; the record's m and p̂ 1e-12 relative; v, a, b, α, "
                            "β 1e-9 on max(1, |value|)")
def matches_exact_reference(subject, ev, batch):
    r"""bnpo_advantages equals an exact-rational / 30-digit reference of steps 1–5 on random batches, the
    returned record's $\hat p$, $m$, $v$, $a$, $b$, $\alpha$, $\beta$ included."""
    ids, rewards = batch
    ref = reference_advantages(ids, rewards, 4)
    ev.assume(not ref.zero_variance)
    res = subject(ids, rewards, reward_range=(0.0, 4.0))
    truth = np.array([float(x) for x in ref.advantages])
    ev.show("advantages (bnpo_advantages)", res.advantages)
    ev.show("advantages (exact reference)", truth)
    ev.show("α, β (bnpo_advantages)", [res.alpha, res.beta])
    ev.show("α, β (exact reference)", [float(ref.alpha), float(ref.beta)])
    scale = max(1e-3, float(np.max(np.abs(truth))))
    ctx = f"ids={ids}, rewards={rewards}"
    ev.close(res.advantages, truth, atol=ADVANTAGE_RTOL * scale, what="advantages", context=ctx,
             labels=("bnpo_advantages", "exact reference"))
    _compare_record(ev, res, ref, ctx, "record")


@st.composite
def component_batches(draw: st.DrawFn) -> tuple[list[int], list[list[int]]]:
    """(prompt ids, K = 1–3 binary reward components of the same responses)."""
    ids, first = draw(batches(levels=1))
    k = draw(st.integers(1, 3))
    more = [draw(st.lists(st.integers(0, 1), min_size=len(ids), max_size=len(ids))) for _ in range(k - 1)]
    return ids, [first, *more]


@C.DECOMPOSITION.check(given={"batch": component_batches()}, examples=20,
                       precision="exact rationals and mpmath 30 digits per component",
                       tolerance="1e-9 relative to max|A|: float64 log-density roundoff; each component's record as "
                                 "in bnpo.released_advantage",
                       regressions=[{"batch": (EQUAL_P_HAT_ROUNDED[0], [EQUAL_P_HAT_ROUNDED[1]])}])
def mean_of_component_references(subject, ev, batch):
    """The decomposed advantage equals the mean over components of the exact per-component reference, and
    the result holds one record per component, each equal to that component's reference."""
    ids, comps = batch
    k = len(comps)
    refs = [reference_advantages(ids, c, 1) for c in comps]
    per_component = [np.array([float(x) for x in ref.advantages]) for ref in refs]
    truth = np.mean(per_component, axis=0)
    res = subject(ids, np.array(comps, dtype=float).T)
    ev.show("decomposed advantages", res.advantages)
    ev.show("mean of the component references", truth)
    ctx = f"K={k}, ids={ids}, rewards={comps}"
    scale = max(1e-3, float(np.max(np.abs(truth))))
    ev.close(res.advantages, truth, atol=ADVANTAGE_RTOL * scale, what="decomposed advantages", context=ctx,
             labels=("bnpo_decomposed_advantages", "mean of the exact references"))
    ev.that(len(res.components) == k, f"{len(res.components)} component records for K = {k} components [{ctx}]",
            claimed=len(res.components), observed=k, labels=("records returned", "components"))
    for j, (comp, ref, adv) in enumerate(zip(res.components, refs, per_component)):
        _field_matches(ev, comp.advantages, adv, ADVANTAGE_RTOL * max(1e-3, float(np.max(np.abs(adv)))), ctx,
                       f"component {j}", "advantages")
        _compare_record(ev, comp, ref, ctx, f"component {j}")
