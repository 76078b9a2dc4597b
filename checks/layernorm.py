"""Numerical checks of Layer Normalization Table 1, §5.1, S13 and the ε / bias / eval-mode conditions.

Ground truth: the layers evaluated before and after each transformation (float64, and 50-digit
mpmath for re-verifying counterexamples); complex-step and 50-digit derivatives for S13.
"""

from __future__ import annotations

import mpmath
import numpy as np
from hypothesis import strategies as st

from ..fixtures.normalization import TinyNet, normalize, random_net
from ..fixtures.scale_problems import complex_step_directional
from ..fixtures.scale_tables import conditioned, instance, to_mp, transform
from ..theorems import layernorm as T

#: Standardized features are O(1); float64 roundoff of a standardization whose variance is at least
#: VAR_FLOOR (ill-conditioned draws are rejected) stays below 1e-12; 1e-9 leaves wide headroom while
#: every non-invariance measured here is ≥ 1e-3.
INV_TOL = 1e-9
#: 50-digit re-verification: a difference above 1e-30 is not roundoff (roundoff is ~1e-48).
MP_DIGITS = 50
MP_FLOOR = mpmath.mpf(10) ** -30

seeds = st.integers(0, 2**32 - 1)
factors = st.floats(0.1, 10.0)


def _case(seed: int, tf: str, delta: float):
    X, W = instance(seed)
    X2, W2 = transform(tf, X, W, delta, seed)
    return X, W, X2, W2


def _confirm_cell(subject, seed, delta, tf):
    X, W, X2, W2 = _case(seed, tf, delta)
    with mpmath.workdps(MP_DIGITS):
        H = subject(to_mp(X), to_mp(W))
        H2 = subject(to_mp(X2), to_mp(W2))
        diff = max(abs(a - b) for a, b in zip(H.ravel(), H2.ravel()))
        return diff > MP_FLOOR, f"at {MP_DIGITS} digits max |h′ − h| = {mpmath.nstr(diff, 6)}"


def _cell_check(claim, norm: str, tf: str) -> None:
    def confirm(subject, seed, delta):
        return _confirm_cell(subject, seed, delta, tf)

    @claim.check(given={"seed": seeds, "delta": factors}, examples=15, confirm=confirm,
                 name="features_unchanged", tolerance=f"{INV_TOL:g} absolute on standardized features "
                 "(roundoff; ill-conditioned draws rejected)", precision="float64; 50-digit mpmath to confirm")
    def features_unchanged(subject, ev, seed, delta):
        X, W, X2, W2 = _case(seed, tf, delta)
        ev.assume(conditioned(norm, X, W) and conditioned(norm, X2, W2))
        H, H2 = subject(X, W), subject(X2, W2)
        ev.close(H2, H, atol=INV_TOL * (1 + float(np.max(np.abs(H)))), what="features after the transformation",
                 context=f"{T.NORM_NAMES[norm]}, {tf}, δ={delta:.4g}")

    features_unchanged.__doc__ = (f"{T.NORM_NAMES[norm]} features of a random batch before and after "
                                  f"{T.TRANSFORMS[tf]} agree.")


for (_norm, _tf), _claim in T.CELLS.items():
    _cell_check(_claim, _norm, _tf)


def _measured_invariance(norm: str, tf: str, seed: int) -> bool | None:
    """True / False from the real layer on one instance; None if the instance is ill-conditioned or ambiguous."""
    X, W, X2, W2 = _case(seed, tf, 2.5)
    if not (conditioned(norm, X, W) and conditioned(norm, X2, W2)):
        return None
    H, H2 = T.FEATURES[norm](X, W), T.FEATURES[norm](X2, W2)
    diff = float(np.max(np.abs(H2 - H))) / (1 + float(np.max(np.abs(H))))
    if diff <= INV_TOL:
        return True
    if diff >= 1e-4:
        return False
    return None


@T.TABLE_CLAIM.check(tolerance=f"invariant if max|h′ − h| ≤ {INV_TOL:g}·(1 + max|h|), not if ≥ 1e-4; "
                     "in between the instance is skipped")
def every_cell_matches_the_layers(subject, ev):
    """For every (method, transformation) cell and seeds 0–2, the measured invariance equals the table entry."""
    rows = []
    for (norm, tf), entry in subject.items():
        measured = [m for m in (_measured_invariance(norm, tf, s) for s in range(3)) if m is not None]
        ev.that(bool(measured), f"no well-conditioned instance for {norm}/{tf}")
        verdict = all(measured)
        rows.append({"method": T.NORM_NAMES[norm], "transformation": tf, "table": entry, "measured": verdict})
        ev.that(verdict == entry, f"{T.NORM_NAMES[norm]} / {tf}: table says {'Invariant' if entry else 'No'}, "
                f"measured {'invariant' if verdict else 'not invariant'}")
    ev.table("cells", rows)


def _confirm_all_methods(subject, seed, delta):
    for norm, fn in subject.items():
        ok, detail = _confirm_cell(fn, seed, delta, "data_rescaling")
        if ok:
            return True, f"{T.NORM_NAMES[norm]}: {detail}"
    return False, "no method differs at 50 digits"


def _dataset_rescaling(subject, ev, seed, delta):
    X, W, X2, W2 = _case(seed, "data_rescaling", delta)
    for norm, fn in subject.items():
        ev.assume(conditioned(norm, X, W))
        H, H2 = fn(X, W), fn(X2, W2)
        ev.close(H2, H, atol=INV_TOL * (1 + float(np.max(np.abs(H)))), what=f"{T.NORM_NAMES[norm]} features",
                 context=f"δ={delta:.4g}")


T.DATA_RESCALING_ALL.check(given={"seed": seeds, "delta": factors}, examples=15, confirm=_confirm_all_methods,
                           tolerance=f"{INV_TOL:g} absolute on O(1) features: roundoff",
                           name="every_method_unchanged")(_dataset_rescaling)
T.DATA_RESCALING_BL.check(given={"seed": seeds, "delta": factors}, examples=15, confirm=_confirm_all_methods,
                          tolerance=f"{INV_TOL:g} absolute on O(1) features: roundoff",
                          name="batch_and_layer_unchanged")(_dataset_rescaling)


# -- S13 ---------------------------------------------------------------------------------------------------


def _confirm_blocks(subject, seed, norm):
    net, W = random_net(seed, norm=norm)
    with mpmath.workdps(MP_DIGITS):
        mp_net = TinyNet(to_mp(net.X), to_mp(net.V), to_mp(net.T), norm=norm)
        Wm = to_mp(W)
        for j, block in enumerate(subject(norm, W.shape)):
            V = to_mp(np.where(block, W, 0.0))
            slope = mpmath.diff(lambda t: mp_net.loss(Wm + t * V), 0)
            if abs(slope) > MP_FLOOR:
                return True, f"block {j}: w_B·∇_B f = {mpmath.nstr(slope, 10)} at {MP_DIGITS} digits"
    return False, "every block is orthogonal at 50 digits"


def _blocks_orthogonal(subject, ev, seed, norm):
    net, W = random_net(seed, norm=norm)
    ev.assume(conditioned(norm if norm != "none" else "layer", net.X, W))
    g = net.grad(W)
    for j, block in enumerate(subject(norm, W.shape)):
        v = np.where(block, W, 0.0)
        measured = complex_step_directional(net.loss, W, v)
        scale = 1.0 + float(np.sum(np.abs(v * g)))
        ev.close(0.0, measured, atol=1e-9 * scale, what=f"w_B·∇_B f on block {j}", context=f"{norm}norm, seed {seed}")


_S13_GIVEN = {"seed": seeds, "norm": st.sampled_from(("batch", "layer"))}
T.PER_ROW.check(given=_S13_GIVEN, examples=15, confirm=_confirm_blocks, name="blocks_orthogonal",
                tolerance="1e-9 × (1 + Σ|w∘∇f|): complex-step roundoff",
                precision="complex step; 50-digit mpmath.diff to confirm")(_blocks_orthogonal)
T.WHOLE_MATRIX.check(given=_S13_GIVEN, examples=15, confirm=_confirm_blocks, name="blocks_orthogonal",
                     tolerance="1e-9 × (1 + Σ|w∘∇f|): complex-step roundoff",
                     precision="complex step; 50-digit mpmath.diff to confirm")(_blocks_orthogonal)


# -- ε ------------------------------------------------------------------------------------------------------


def _layernorm_before_after(ev, seed: int, eps: float, delta: float):
    """Per-case variances of a = XWᵀ, LN_ε(a) and LN_ε(δa), for a well-conditioned instance."""
    X, W = instance(seed)
    a = X @ W.T
    ev.assume(conditioned("layer", X, W))
    return a.var(axis=1), normalize(a, axis=1, eps=eps), normalize(delta * a, axis=1, eps=eps)


@T.EPS_FACTOR.check(given={"seed": seeds, "eps": st.floats(1e-6, 1.0), "delta": factors}, examples=25,
                    tolerance="1e-12 relative: float64 roundoff of two standardizations")
def rescaled_features_are_kappa_times(subject, ev, seed, eps, delta):
    """LN_ε(δa) (fixtures' normalize) equals κ·LN_ε(a) per case, κ from the formula."""
    var, y, y2 = _layernorm_before_after(ev, seed, eps, delta)
    ev.close(subject(var, eps, delta)[:, None] * y, y2, rtol=1e-12, atol=1e-14, what="LN_ε(δa)",
             context=f"ε={eps:.3g}, δ={delta:.4g}")


@T.EPS_BOUND.check(given={"seed": seeds, "eps": st.floats(1e-6, 1.0), "delta": factors}, examples=25,
                   tolerance="1e-12 relative slack: float64 roundoff of the measured error")
def measured_error_within_bound(subject, ev, seed, eps, delta):
    """max_i |LN_ε(δa) − LN_ε(a)| / max_i |LN_ε(a)| per case is at most the bound (margin targeted)."""
    var, y, y2 = _layernorm_before_after(ev, seed, eps, delta)
    err = np.max(np.abs(y2 - y), axis=1) / np.max(np.abs(y), axis=1)
    bound = subject(var, eps, delta)
    for n in range(len(var)):
        ev.le(float(err[n]), float(bound[n]) * (1 + 1e-12) + 1e-15, what="error ≤ bound",
              context=f"case {n}, ε={eps:.3g}, δ={delta:.4g}, σ²={var[n]:.3g}")


@T.EPS_FACTOR.figure("eps_error", caption="Invariance error of LayerNorm under W′ = δW against ε/σ² "
                     "(δ = 2 and δ = 0.5): measured, and the bound (ε/2σ²)|1 − δ⁻²|.")
def _eps_figure():
    from claimkit.figures import pyplot

    plt = pyplot()
    fig, ax = plt.subplots(figsize=(5.5, 3.4))
    v = np.array([[1.0, -2.0, 0.5, 3.0]])
    var = float(v.var())
    ratios = np.logspace(-6, 1, 60)
    for delta, colour in ((2.0, "C0"), (0.5, "C1")):
        err = []
        for r in ratios:
            y, y2 = normalize(v, axis=1, eps=r * var), normalize(delta * v, axis=1, eps=r * var)
            err.append(float(np.max(np.abs(y2 - y)) / np.max(np.abs(y))))
        ax.loglog(ratios, err, color=colour, label=f"measured, δ={delta}")
        ax.loglog(ratios, ratios / 2 * abs(1 - delta**-2), color=colour, ls="--", label=f"bound, δ={delta}")
    ax.set_xlabel("ε/σ²")
    ax.set_ylabel("relative invariance error")
    ax.legend(fontsize=7)
    fig.tight_layout()
    return fig


# -- bias and eval mode --------------------------------------------------------------------------------------


def _bias(seed: int, m: int) -> np.ndarray:
    return np.random.default_rng(seed + 11).normal(size=m) * 2.0


def _confirm_bias(subject, seed, delta):
    X, W = instance(seed)
    b = _bias(seed, W.shape[0])
    with mpmath.workdps(MP_DIGITS):
        H, H2 = subject(to_mp(X), to_mp(W), to_mp(b)), subject(to_mp(X), to_mp(W) * mpmath.mpf(delta), to_mp(b))
        diff = max(abs(p - q) for p, q in zip(H.ravel(), H2.ravel()))
        return diff > MP_FLOOR, f"at {MP_DIGITS} digits max |h′ − h| = {mpmath.nstr(diff, 6)}"


def _bias_rescaling(subject, ev, seed, delta):
    X, W = instance(seed)
    b = _bias(seed, W.shape[0])
    ev.assume(conditioned("batch", X, W) and conditioned("layer", X, W))
    H, H2 = subject(X, W, b), subject(X, delta * W, b)
    ev.close(H2, H, atol=INV_TOL * (1 + float(np.max(np.abs(H)))), what="features with a bias",
             context=f"δ={delta:.4g}")


for _c in (T.BIAS_LAYER, T.BIAS_BATCH):
    _c.check(given={"seed": seeds, "delta": factors}, examples=15, confirm=_confirm_bias, name="features_unchanged",
             tolerance=f"{INV_TOL:g} absolute on O(1) features: roundoff")(_bias_rescaling)


def _running_stats(X: np.ndarray, W: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    a = X @ W.T
    return a.mean(axis=0), a.var(axis=0)


def _confirm_eval(subject, seed, delta):
    X, W = instance(seed)
    mean, var = _running_stats(X, W)
    with mpmath.workdps(MP_DIGITS):
        args = (to_mp(mean), to_mp(var))
        H = subject(to_mp(X), to_mp(W), *args)
        H2 = subject(to_mp(X), to_mp(W) * mpmath.mpf(delta), *args)
        diff = max(abs(p - q) for p, q in zip(H.ravel(), H2.ravel()))
        return diff > MP_FLOOR, f"at {MP_DIGITS} digits max |h′ − h| = {mpmath.nstr(diff, 6)}"


@T.BN_EVAL.check(given={"seed": seeds, "delta": factors}, examples=15, confirm=_confirm_eval,
                 tolerance=f"{INV_TOL:g} absolute on O(1) features: roundoff")
def eval_features_unchanged(subject, ev, seed, delta):
    """Eval-mode BatchNorm (running statistics of the original batch) before and after W′ = δW."""
    X, W = instance(seed)
    mean, var = _running_stats(X, W)
    H, H2 = subject(X, W, mean, var), subject(X, delta * W, mean, var)
    ev.close(H2, H, atol=INV_TOL * (1 + float(np.max(np.abs(H)))), what="eval-mode features",
             context=f"δ={delta:.4g}")

