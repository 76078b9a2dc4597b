"""Adapters to ``adamp`` 0.3.0, the authors' release of SGDP and AdamP (github.com/clovaai/AdamP; ``adamp/sgdp.py``
and ``adamp/adamp.py`` of the installed wheel), behind the interface of the numpy SGDP/AdamP of
``theorems/scale_invariance/library.py``.

Mapping: the numpy keywords are the package's own (lr, momentum, dampening, weight_decay, nesterov, eps, delta,
wd_ratio for SGDP; lr, betas, eps, weight_decay, delta, wd_ratio, nesterov for AdamP), passed unchanged; a keyword
not given takes the package's default. Parameters and gradients are float64 tensors. The projection record is
observed through the instance's ``_channel_view``/``_layer_view`` (the view applied to the update is the one that
fired) and the ratio its ``_projection`` returns. State: SGDP ``momentum``; AdamP ``step``, ``exp_avg``,
``exp_avg_sq`` (the package's own keys).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import numpy as np

from .adapters_torch import TorchOptimizerAdapter, ViewRecorder, float_arrays, to_numpy, to_tensor

__all__ = ["VIEWS", "AdampAdamP", "AdampSGDP", "channel_view", "layer_view"]


class _Adamp(TorchOptimizerAdapter):
    """The projection of ``adamp`` 0.3.0, observed on the optimizer instance."""

    def build(self, tensors: list[Any], arguments: dict[str, Any]) -> Any:
        opt = self.package_class()(tensors, **arguments)
        self._recorder = ViewRecorder()
        self._projection = opt._projection  # the bound method of the package
        # The package's _projection looks its views up on the instance: observe them there.
        opt._channel_view = self._recorder.wrap("channel", opt._channel_view)
        opt._layer_view = self._recorder.wrap("layer", opt._layer_view)
        return opt

    def package_class(self) -> type:
        raise NotImplementedError

    @contextlib.contextmanager
    def observing(self, records: dict[int, tuple[str | None, float]]) -> Iterator[None]:
        opt = self.optimizer

        def projection(p: Any, grad: Any, perturb: Any, delta: float, wd_ratio: float, eps: float) -> Any:
            self._recorder.start(p, grad)
            out, ratio = self._projection(p, grad, perturb, delta, wd_ratio, eps)
            index = self.index_of(p)
            if index is not None:
                records[index] = (self._recorder.fired, float(ratio))
            return out, ratio

        opt._projection = projection
        try:
            yield
        finally:
            del opt._projection  # back to the class's method

    def project(self, w: np.ndarray, grad: np.ndarray, update: np.ndarray) -> tuple[np.ndarray, float, str | None]:
        """The package's ``_projection`` with this optimizer's delta, wd_ratio and eps: (update, ratio, view)."""
        w, grad, update = float_arrays(("w", "grad", "update"), w, grad, update)
        p, g, u = to_tensor(w), to_tensor(grad), to_tensor(update)
        group = self.optimizer.param_groups[0]
        self._recorder.start(p, g)
        out, ratio = self._projection(p, g, u, group["delta"], group["wd_ratio"], group["eps"])
        update[...] = to_numpy(out)
        return update, float(ratio), self._recorder.fired


class AdampSGDP(_Adamp):
    """``adamp.SGDP`` (adamp 0.3.0, adamp/sgdp.py) behind the numpy SGDP interface."""

    api = "adamp.SGDP"
    keywords = ("lr", "momentum", "dampening", "weight_decay", "nesterov", "eps", "delta", "wd_ratio")
    state_map = {"momentum": "momentum"}

    def package_class(self) -> type:
        import adamp

        return adamp.SGDP


class AdampAdamP(_Adamp):
    """``adamp.AdamP`` (adamp 0.3.0, adamp/adamp.py) behind the numpy AdamP interface."""

    api = "adamp.AdamP"
    keywords = ("lr", "betas", "eps", "weight_decay", "delta", "wd_ratio", "nesterov")
    state_map = {"step": "step", "exp_avg": "exp_avg", "exp_avg_sq": "exp_avg_sq"}

    def package_class(self) -> type:
        import adamp

        return adamp.AdamP


def _view(name: str) -> Any:
    def view(x: np.ndarray) -> np.ndarray:
        import adamp

        method = adamp.SGDP._channel_view if name == "channel" else adamp.SGDP._layer_view
        return to_numpy(method(None, to_tensor(float_arrays(("x",), x)[0])))  # the method does not use self

    view.__name__ = f"{name}_view"
    view.__doc__ = f"``adamp.SGDP._{name}_view`` (adamp 0.3.0, adamp/sgdp.py) on a numpy array."
    return view


channel_view = _view("channel")
layer_view = _view("layer")
#: The views in the order ``_projection`` tries them (``for view_func in [self._channel_view, self._layer_view]``).
VIEWS = {"channel": channel_view, "layer": layer_view}
