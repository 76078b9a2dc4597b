"""The library's normalization layers (``fixtures/normalization.py``) as claim subjects, and bugs planted in it.

``LIBRARY`` maps each public name of the library to the object users call. Each planted bug is the
library's own source with one plausible slip, loaded as a module of its own: a mutant built from it is
the same bug planted in the library, so a killed mutant means that slip would turn a verdict red.
"""

from __future__ import annotations

import inspect
import sys
import types
from typing import Any

from ...fixtures import normalization as _library

__all__ = ["LIBRARY", "PLANTED", "planted"]


def _public(module: types.ModuleType) -> dict[str, Any]:
    return {name: getattr(module, name) for name in module.__all__}


#: The library's public names (NORMS, TinyNet, normalize, normalize_backward, random_net, weight_normalize).
LIBRARY: dict[str, Any] = _public(_library)


def planted(name: str, old: str, new: str, *, count: int = 1) -> dict[str, Any]:
    """The library's public names with ``old`` replaced by ``new`` in its source (``count`` occurrences, which
    must all be there: a slip that no longer matches the library is a load error, never a silent no-op)."""
    source = inspect.getsource(_library)
    found = source.count(old)
    if found != count:
        raise ValueError(f"planted bug {name}: {old!r} occurs {found} times in the library, expected {count}")
    module = types.ModuleType(f"{_library.__name__}__planted_{name}")
    module.__file__ = _library.__file__
    sys.modules[module.__name__] = module  # dataclasses look their module up while the class is built
    exec(compile(source.replace(old, new), f"{_library.__file__} [planted: {name}]", "exec"), module.__dict__)
    return _public(module)


#: name -> (description, the library with that slip).
PLANTED: dict[str, tuple[str, dict[str, Any]]] = {
    "variance_n_minus_1": (
        r"the variance divided by $n - 1$ instead of $n$ (per-row variance $0.8$ at $n = 5$)",
        planted("variance_n_minus_1", "var = (c * c).sum(axis=axis, keepdims=True) / n",
                "var = (c * c).sum(axis=axis, keepdims=True) / (n - 1)")),
    "no_centering": (
        r"the mean not subtracted (RMSNorm: $a/\sqrt{\overline{a^2}}$)",
        planted("no_centering", "c = at - at.sum(axis=axis, keepdims=True) / n", "c = at")),
    "eps_outside_root": (
        r"$\epsilon$ added outside the square root: $(a - \mu)/(\sigma + \epsilon)$",
        planted("eps_outside_root", "sd = _sqrt(var + eps / st / st) if eps else _sqrt(var)",
                "sd = _sqrt(var) + eps / st if eps else _sqrt(var)")),
    "unscaled": (
        r"squares taken before any re-scaling (the former code): $\sigma^2$ overflows for entries beyond "
        r"$10^{154}$ and underflows below $10^{-154}$",
        planted("unscaled", "    if x.dtype == object:\n        return 1\n",
                "    if True:  # planted: never re-scale\n        return 1\n")),
    "layernorm_over_batch": (
        "TinyNet's LayerNorm standardizing each unit over the batch instead of each case over its units",
        planted("layernorm_over_batch", 'if self.norm == "layer":\n            return _normalize(a, 1, self.eps)',
                'if self.norm == "layer":\n            return _normalize(a, 0, self.eps)')),
    "weightnorm_frobenius": (
        r"WeightNorm dividing by the Frobenius norm $\lVert W \rVert_F$ instead of each row's norm",
        planted("weightnorm_frobenius", "r = _sqrt((Wt * Wt).sum(axis=1, keepdims=True))",
                "r = _sqrt((Wt * Wt).sum(keepdims=True))", count=2)),
    "random_net_ignores_eps": (
        "random_net building its model with $\\epsilon = 0$ whatever eps it is given",
        planted("random_net_ignores_eps", "        eps=eps,\n    )", "        eps=0.0,\n    )")),
    "norms_without_weight": (
        "NORMS without WeightNorm",
        planted("norms_without_weight", 'NORMS: tuple[str, ...] = ("layer", "batch", "weight", "none")',
                'NORMS: tuple[str, ...] = ("layer", "batch", "none")')),
    "backward_drops_y_term": (
        r"normalize_backward without the term $-y \cdot \overline{dy \cdot y}$ (the derivative of $\sigma$ forgotten)",
        planted("backward_drops_y_term", "return (dy - mean_dy - y * mean_dy_y) / sd / scale",
                "return (dy - mean_dy) / sd / scale")),
    "weightnorm_grad_unprojected": (
        r"WeightNorm's gradient without removing its radial part: $\nabla_{\hat w_i} f/\lVert w_i \rVert$",
        planted("weightnorm_grad_unprojected", "g = (g - (g * u).sum(axis=1, keepdims=True) * u) / r / s",
                "g = g / r / s")),
    "loss_without_batch_mean": (
        r"the loss summed over the batch instead of averaged: $\frac{1}{2}\lVert hV - T \rVert^2$",
        planted("loss_without_batch_mean", "return (r * r).sum() / (2 * self.X.shape[0])",
                "return (r * r).sum() / 2")),
}
