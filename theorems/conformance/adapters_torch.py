"""The shared machinery of the adapters, and the adapters to ``torch.optim`` (torch 2.13.0).

Every adapter is numpy in, numpy out: it copies the caller's float arrays into float64 tensors (torch's default
is float32; every package here is run in float64), calls the installed package, and copies the result back.
torch and the packages are imported inside the functions, so that loading the project stays fast.

* :class:`TorchOptimizerAdapter`: the interface of the numpy SGDP/AdamP of ``theorems/scale_invariance/library.py``
  (``opt = Adapter([W], lr=…, …)``, ``opt.step([grad])`` updating ``W`` in place, ``opt.state[i][key]``,
  ``opt.last_projection[i]``, ``opt.project(w, grad, update)``) over a torch optimizer. Subclasses name the
  package's optimizer, map the hyper-parameters (:meth:`TorchOptimizerAdapter.package_arguments`), read and write
  its state, and observe its projection.
* :class:`TorchAdam`, :class:`TorchAdamW`: ``torch.optim.Adam`` and ``torch.optim.AdamW`` (torch/optim/adam.py,
  adamw.py) behind that interface. They have no projection: ``delta`` must be 0 (AdamP with the test switched
  off) and the record is ``(None, 1.0)`` after every step.
* :func:`torch_sgd_run`: ``torch.optim.SGD`` (torch/optim/sgd.py) run on a loss given by its gradient function.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Iterator, MutableMapping, Sequence
from typing import Any

import numpy as np

__all__ = ["PackageRefused", "TorchAdam", "TorchAdamW", "TorchOptimizerAdapter", "build_or_refuse", "float_array",
           "changed", "float_arrays", "to_numpy", "to_tensor", "torch_sgd_run", "with_mapping",
           "without_state_writes"]


class PackageRefused(ValueError):
    """The package rejected arguments the claim's algorithm accepts (its constructor raised): a departure of the
    package, reported by the checks that meet it, not an error of the adapter."""


def build_or_refuse(api: str, make: Callable[[], Any], arguments: dict[str, Any]) -> Any:
    """``make()``, with an exception of the package's argument validation re-raised as :class:`PackageRefused`."""
    try:
        return make()
    except (ValueError, TypeError, AssertionError) as exc:
        raise PackageRefused(f"{api} refuses {arguments}: {type(exc).__name__}: {exc}") from exc


# -- numpy <-> torch ---------------------------------------------------------------------------------------------


def float_array(name: str, value: Any, *, min_ndim: int = 0, finite: bool = True) -> np.ndarray:
    """``value`` checked as a non-empty numpy array of floats with at least ``min_ndim`` dimensions (finite unless
    told otherwise); a TypeError or ValueError naming ``name`` otherwise. Object arrays (fractions, mpmath numbers)
    are refused: the packages compute in float64."""
    if not isinstance(value, np.ndarray):
        raise TypeError(f"{name} must be a numpy array of floats, got {type(value).__name__}")
    if value.dtype.kind != "f":
        raise TypeError(f"{name} must be a numpy array of floats (the package computes in float64), got dtype "
                        f"{value.dtype}")
    if value.ndim < min_ndim:
        raise ValueError(f"{name} must have at least {min_ndim} dimension(s), got shape {value.shape}")
    if value.size == 0:
        raise ValueError(f"{name} is empty (shape {value.shape})")
    if finite and not np.isfinite(value).all():
        raise ValueError(f"{name} holds NaN or infinity")
    return value


def float_arrays(names: Sequence[str], *values: Any) -> list[np.ndarray]:
    """Several arrays checked by :func:`float_array`, all of one shape."""
    arrays = [float_array(n, v) for n, v in zip(names, values)]
    shapes = {a.shape for a in arrays}
    if len(shapes) > 1:
        raise ValueError(f"{', '.join(names)} must have one shape, got {[a.shape for a in arrays]}")
    return arrays


def to_tensor(value: Any) -> Any:
    """A float64 torch tensor holding a copy of ``value``."""
    import torch

    return torch.tensor(np.asarray(value, dtype=np.float64), dtype=torch.float64)


def to_numpy(tensor: Any) -> np.ndarray:
    """A float64 numpy copy of a tensor."""
    return tensor.detach().to("cpu").numpy().astype(np.float64, copy=True)


def _number(name: str, value: Any) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    v = float(value)
    if not math.isfinite(v):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return v


# -- the SGDP/AdamP interface over a torch optimizer -------------------------------------------------------------


class _StateView(MutableMapping):
    """``opt.state[i]``: the package's state of parameter ``i`` as numpy arrays (reads copy, writes go through)."""

    def __init__(self, adapter: TorchOptimizerAdapter, index: int) -> None:
        self._adapter = adapter
        self._index = index

    def __getitem__(self, key: str) -> Any:
        return self._adapter.read_state(self._index, key)

    def __setitem__(self, key: str, value: Any) -> None:
        self._adapter.write_state(self._index, key, value)

    def __delitem__(self, key: str) -> None:
        raise TypeError("the package's state cannot be deleted through the adapter")

    def __iter__(self) -> Iterator[str]:
        return iter(self._adapter.state_keys(self._index))

    def __len__(self) -> int:
        return len(self._adapter.state_keys(self._index))


class TorchOptimizerAdapter:
    """A torch optimizer behind the interface of the numpy SGDP/AdamP (``theorems/scale_invariance/library.py``).

    ``params`` is a list of float numpy arrays, updated in place by :meth:`step` as the numpy optimizers do;
    ``hyper`` are the numpy constructor's keywords, mapped to the package's by :meth:`package_arguments` (a keyword
    not given takes the package's default). ``last_projection[i]`` is ``(view, ratio)`` after a step of parameter
    ``i``: the view the package's projection fired (``"channel"``, ``"layer"`` or ``None``) and the weight-decay
    ratio it returned, observed while the package runs (:meth:`observing`); ``(None, 1.0)`` when the package did
    not call its projection (parameters with one dimension, or no projection at all). ``delta``, ``wd_ratio``,
    ``eps`` and ``weight_decay`` are attributes holding the values asked for, the numpy interface's (the release's)
    defaults otherwise, as the numpy optimizers expose them.
    """

    #: what the adapter calls, for messages
    api = "torch.optim.Optimizer"
    #: the numpy keywords the adapter understands
    keywords: tuple[str, ...] = ()
    #: numpy state key -> the package's state key
    state_map: dict[str, str] = {}
    #: the numpy interface's defaults (the release's), exposed as attributes (``opt.delta`` …) with the values given
    interface_defaults: dict[str, float] = {"delta": 0.1, "wd_ratio": 0.1, "eps": 1e-8, "weight_decay": 0.0}

    def __init__(self, params: Sequence[np.ndarray], **hyper: Any) -> None:
        import torch

        if isinstance(params, (np.ndarray, str, bytes)) or not isinstance(params, Sequence):
            raise TypeError(f"params takes a list of arrays, got {type(params).__name__}: wrap one array as [W]")
        params = list(params)
        if not params:
            raise ValueError("params is empty: pass the arrays to optimize")
        for i, p in enumerate(params):
            float_array(f"params[{i}]", p, min_ndim=1)
            if not p.flags.writeable:
                raise ValueError(f"params[{i}] is read-only: the adapter updates arrays in place")
        if len({id(p) for p in params}) != len(params):
            raise ValueError("params lists the same array twice")
        unknown = sorted(set(hyper) - set(self.keywords))
        if unknown:
            raise TypeError(f"{type(self).__name__} ({self.api}) takes {', '.join(self.keywords)}; got {unknown}")
        self.params = params
        self.hyper = dict(hyper)
        self.tensors = [torch.nn.Parameter(to_tensor(p)) for p in params]
        arguments = self.package_arguments(dict(hyper))
        self.optimizer = build_or_refuse(self.api, lambda: self.build(self.tensors, arguments), arguments)
        self.state = [_StateView(self, i) for i in range(len(params))]
        self.last_projection: list[tuple[str | None, float] | None] = [None] * len(params)
        for name, default in self.interface_defaults.items():
            setattr(self, name, float(hyper.get(name, default)))

    # -- what a subclass provides -------------------------------------------------------------------------------

    def build(self, tensors: list[Any], arguments: dict[str, Any]) -> Any:
        """The package's optimizer over ``tensors`` with the mapped ``arguments``."""
        raise NotImplementedError

    def package_arguments(self, hyper: dict[str, Any]) -> dict[str, Any]:
        """The numpy keywords mapped to the package's constructor arguments (identity by default)."""
        return hyper

    @contextlib.contextmanager
    def observing(self, records: dict[int, tuple[str | None, float]]) -> Iterator[None]:
        """While the package steps, record ``(view, ratio)`` for each parameter it projects, by its index."""
        yield

    def project(self, w: np.ndarray, grad: np.ndarray, update: np.ndarray) -> tuple[np.ndarray, float, str | None]:
        """The package's projection of ``update`` for weights ``w`` and raw gradient ``grad``."""
        raise NotImplementedError(f"{self.api} has no projection")

    # -- state --------------------------------------------------------------------------------------------------

    def _package_state(self, index: int) -> dict[str, Any]:
        return self.optimizer.state[self.tensors[index]]

    def state_keys(self, index: int) -> list[str]:
        have = self._package_state(index)
        return [k for k, v in self.state_map.items() if v in have]

    def read_state(self, index: int, key: str) -> Any:
        """The package's state entry behind the numpy key ``key`` (arrays as numpy copies, counters as int)."""
        if key not in self.state_map:
            raise KeyError(key)
        value = self._package_state(index).get(self.state_map[key])
        if value is None:
            raise KeyError(key)
        if hasattr(value, "numel") and value.numel() == 1 and key == "step":
            return int(value.item())
        return to_numpy(value) if hasattr(value, "detach") else value

    def write_state(self, index: int, key: str, value: Any) -> None:
        """Write the numpy state entry ``key`` into the package's state (used before the first step)."""
        if key not in self.state_map:
            raise KeyError(f"{self.api} has no state entry for {key!r} (it has {sorted(self.state_map)})")
        arr = float_array(f"state[{index}][{key!r}]", value)
        if arr.shape != self.params[index].shape:
            raise ValueError(f"state[{index}][{key!r}] must have the shape of params[{index}], "
                             f"{self.params[index].shape}")
        self._package_state(index)[self.state_map[key]] = to_tensor(arr)

    # -- a step -------------------------------------------------------------------------------------------------

    def _checked_grads(self, grads: Sequence[np.ndarray | None]) -> list[np.ndarray | None]:
        if isinstance(grads, (np.ndarray, str, bytes)) or not isinstance(grads, Sequence):
            raise TypeError(f"grads takes a list of gradients (None to skip one), got {type(grads).__name__}")
        grads = list(grads)
        if len(grads) != len(self.params):
            raise ValueError(f"grads holds {len(grads)} gradients for {len(self.params)} parameters")
        out: list[np.ndarray | None] = []
        for i, (p, g) in enumerate(zip(self.params, grads)):
            if g is not None:
                g = float_array(f"grads[{i}]", g)
                if g.shape != p.shape:
                    raise ValueError(f"grads[{i}] has shape {g.shape} but params[{i}] has shape {p.shape}")
            out.append(g)
        return out

    def step(self, grads: Sequence[np.ndarray | None]) -> None:
        """One step of the package: each array with a gradient (None: skipped, as a parameter without ``.grad``)
        is copied into its tensor, the package steps, and the arrays receive the new values."""
        import torch

        checked = self._checked_grads(grads)
        with torch.no_grad():
            for t, p, g in zip(self.tensors, self.params, checked):
                t.copy_(to_tensor(p))
                t.grad = None if g is None else to_tensor(g)
        records: dict[int, tuple[str | None, float]] = {}
        with self.observing(records):
            self.optimizer.step()
        for i, (t, p, g) in enumerate(zip(self.tensors, self.params, checked)):
            p[...] = to_numpy(t)
            if g is not None:
                self.last_projection[i] = records.get(i, (None, 1.0))

    def index_of(self, tensor: Any) -> int | None:
        """The index of the parameter whose storage ``tensor`` shares, or None."""
        ptr = tensor.data_ptr()
        return next((i for i, t in enumerate(self.tensors) if t.data_ptr() == ptr), None)


class ViewRecorder:
    """Observes a package's projection through its view functions: the view applied to a tensor that is neither
    the weights nor the raw gradient (the update being projected) is the one that fired."""

    def __init__(self) -> None:
        self.known: tuple[int, int] = (0, 0)
        self.fired: str | None = None

    def start(self, p: Any, grad: Any) -> None:
        self.known = (p.data_ptr(), grad.data_ptr())
        self.fired = None

    def wrap(self, name: str, view: Callable[[Any], Any]) -> Callable[[Any], Any]:
        def observed(x: Any) -> Any:
            if x.data_ptr() not in self.known:
                self.fired = name
            return view(x)

        return observed


class _NoProjection(TorchOptimizerAdapter):
    """An optimizer without projection behind the AdamP interface: ``delta`` must be 0 (the test never fires)."""

    keywords = ("lr", "betas", "eps", "weight_decay", "delta", "nesterov")
    state_map = {"step": "step", "exp_avg": "exp_avg", "exp_avg_sq": "exp_avg_sq"}
    interface_defaults = {"delta": 0.0, "eps": 1e-8, "weight_decay": 0.0}

    def package_arguments(self, hyper: dict[str, Any]) -> dict[str, Any]:
        delta = _number("delta", hyper.pop("delta", 0.0))
        if delta != 0.0:
            raise ValueError(f"{self.api} has no projection: only delta = 0 (AdamP with the test off) maps to it, "
                             f"got delta = {delta}")
        if hyper.pop("nesterov", False):
            raise ValueError(f"{self.api} has no Nesterov momentum")
        return hyper


class TorchAdam(_NoProjection):
    """``torch.optim.Adam`` (torch 2.13.0, torch/optim/adam.py) as AdamP with ``delta = 0``: lr, betas, eps and
    weight_decay passed as they are (Adam's weight_decay is coupled: it is added to the gradient)."""

    api = "torch.optim.Adam"

    def build(self, tensors: list[Any], arguments: dict[str, Any]) -> Any:
        import torch

        return torch.optim.Adam(tensors, **arguments)


class TorchAdamW(_NoProjection):
    """``torch.optim.AdamW`` (torch 2.13.0, torch/optim/adamw.py) as AdamP with ``delta = 0``: lr, betas, eps passed
    as they are; weight_decay passed as given, 0 when not given (AdamW's own default is 0.01, AdamP's 0)."""

    api = "torch.optim.AdamW"

    def build(self, tensors: list[Any], arguments: dict[str, Any]) -> Any:
        import torch

        return torch.optim.AdamW(tensors, **{"weight_decay": 0.0, **arguments})


def with_mapping(adapter: type[TorchOptimizerAdapter], name: str, change: Callable[[dict[str, Any]], dict[str, Any]],
                 ) -> type[TorchOptimizerAdapter]:
    """``adapter`` with its hyper-parameter mapping perturbed by ``change`` (applied to the package's arguments
    after the mapping): the mutants of the conformance claims."""

    def package_arguments(self: TorchOptimizerAdapter, hyper: dict[str, Any]) -> dict[str, Any]:
        return change(adapter.package_arguments(self, hyper))

    return type(f"{adapter.__name__}_{name}", (adapter,), {"package_arguments": package_arguments})


def without_state_writes(adapter: type[TorchOptimizerAdapter]) -> type[TorchOptimizerAdapter]:
    """``adapter`` that does not hand the caller's state (a momentum buffer set before the first step) to the
    package: a mutant."""

    def write_state(self: TorchOptimizerAdapter, index: int, key: str, value: Any) -> None:
        return None

    return type(f"{adapter.__name__}_without_state_writes", (adapter,), {"write_state": write_state})


def changed(mapping: dict[str, Callable[[Any, dict[str, Any]], Any]]) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """A change of the package's arguments for :func:`with_mapping`: ``{name: f(value, arguments)}`` sets each
    ``name`` to ``f(arguments.get(name), arguments)`` (None: the argument is dropped, the package's default used)."""

    def change(arguments: dict[str, Any]) -> dict[str, Any]:
        out = dict(arguments)
        for key, f in mapping.items():
            value = f(arguments.get(key), arguments)
            if value is None:
                out.pop(key, None)
            else:
                out[key] = value
        return out

    return change


# -- torch.optim.SGD on a loss given by its gradient -------------------------------------------------------------


def torch_sgd_run(grad_fn: Callable[[np.ndarray], np.ndarray], w0: np.ndarray, steps: int, *, lr: float,
                  momentum: float = 0.0, **options: Any) -> list[np.ndarray]:
    """``steps`` steps of ``torch.optim.SGD`` (torch 2.13.0, torch/optim/sgd.py) from ``w0``: at each step the
    gradient is ``grad_fn(w)`` (numpy), set as the tensor's ``.grad``. Returns ``[w_0, w_1, …, w_steps]``.
    ``lr`` and ``momentum`` are passed as they are (heavy ball: ``buf = momentum·buf + g``, ``w -= lr·buf``, with
    torch's default dampening 0 and nesterov False); ``options`` go to the constructor unchanged."""
    import torch

    w0 = float_array("w0", w0, min_ndim=1)
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 0:
        raise ValueError(f"steps must be a non-negative integer, got {steps!r}")
    lr, momentum = _number("lr", lr), _number("momentum", momentum)
    param = torch.nn.Parameter(to_tensor(w0))
    opt = torch.optim.SGD([param], lr=lr, momentum=momentum, **options)
    out = [w0.copy()]
    for _ in range(steps):
        g = float_array("grad_fn(w)", np.asarray(grad_fn(to_numpy(param)), dtype=np.float64))
        if g.shape != w0.shape:
            raise ValueError(f"grad_fn returned shape {g.shape} for parameters of shape {w0.shape}")
        param.grad = to_tensor(g)
        opt.step()
        out.append(to_numpy(param))
    return out
