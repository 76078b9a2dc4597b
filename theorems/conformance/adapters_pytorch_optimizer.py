"""Adapters to ``pytorch-optimizer`` 4.1.0 (import name ``pytorch_optimizer``): SGDP and AdamP
(pytorch_optimizer/optimizer/adamp.py), Lion (optimizer/lion.py) and AdaHessian (optimizer/adahessian.py, with
``BaseOptimizer.compute_hutchinson_hessian`` of base/optimizer.py).

SGDP/AdamP behind the numpy SGDP/AdamP interface of ``theorems/scale_invariance/library.py``. Mapping: the numpy
keywords are passed unchanged (the package's names are the release's); the package's extra options keep their
defaults (``weight_decouple=True``, ``fixed_decay=False``: the release's decoupled decay ``1 − lr·wd·ratio``;
``maximize=False``; ``foreach=False``). Float64 tensors. The projection is the module function ``projection``,
which looks up the module's ``channel_view``/``layer_view``: the adapter observes those while the package steps
(the view applied to the update is the one that fired). State: SGDP ``momentum``; AdamP ``exp_avg``,
``exp_avg_sq`` per parameter and ``step`` — which the package keeps per parameter group (``group['step']``), read
as the step of every parameter of the group.

Lion: :func:`lion_step`, one step ``(x, m, g, lr, betas, weight_decay) -> (x, m)`` with the signature of
``theorems/lion_k/formulas.released_lion_step`` and of the library's ``lion_step``.

AdaHessian: :func:`adahessian_run`, :func:`adahessian_step`, :func:`adahessian_optimizer_step` and
:func:`hutchinson_diagonal`, with the signatures of ``theorems/adahessian_hutchinson`` (``formulas.released_run``,
``library.adahessian_step``, ``formulas.released_optimizer_step``, ``library.hutchinson_diagonal``). The gradient
and the Hessian-vector products come from the caller's functions through a torch autograd function (the forward
pass returns ``grad_fn(x)``, the backward pass ``hvp_fn(x, v)``), so that the package's own
``loss.backward(create_graph=True)`` route is taken: it draws the Rademacher probe ``v`` itself.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

from .adapters_torch import (
    TorchOptimizerAdapter,
    ViewRecorder,
    build_or_refuse,
    float_array,
    float_arrays,
    to_numpy,
    to_tensor,
)

__all__ = ["VIEWS", "PyoptAdamP", "PyoptSGDP", "adahessian_optimizer_step", "adahessian_run", "adahessian_step",
           "betas_swapped", "channel_view", "hutchinson_diagonal", "layer_view", "lion_step", "with_hyper",
           "with_options", "without_decay"]


# -- SGDP and AdamP ----------------------------------------------------------------------------------------------


class _Pyopt(TorchOptimizerAdapter):
    """The projection of pytorch-optimizer 4.1.0, observed through the module's view functions."""

    def package_arguments(self, hyper: dict[str, Any]) -> dict[str, Any]:
        return {"foreach": False, **hyper}

    @contextlib.contextmanager
    def _views(self, records: dict[int, tuple[str | None, float]] | None) -> Iterator[tuple[ViewRecorder, Any]]:
        import pytorch_optimizer.optimizer.adamp as module

        recorder = ViewRecorder()
        originals = (module.projection, module.channel_view, module.layer_view)
        original_projection = originals[0]

        def projection(p: Any, grad: Any, perturb: Any, delta: float, wd_ratio: float, eps: float) -> Any:
            recorder.start(p, grad)
            out, ratio = original_projection(p, grad, perturb, delta, wd_ratio, eps)
            index = self.index_of(p)
            if records is not None and index is not None:
                records[index] = (recorder.fired, float(ratio))
            return out, ratio

        module.channel_view = recorder.wrap("channel", originals[1])
        module.layer_view = recorder.wrap("layer", originals[2])
        module.projection = projection
        try:
            yield recorder, original_projection
        finally:
            module.projection, module.channel_view, module.layer_view = originals

    @contextlib.contextmanager
    def observing(self, records: dict[int, tuple[str | None, float]]) -> Iterator[None]:
        with self._views(records):
            yield

    def project(self, w: np.ndarray, grad: np.ndarray, update: np.ndarray) -> tuple[np.ndarray, float, str | None]:
        """The package's ``projection`` with this optimizer's delta, wd_ratio and eps: (update, ratio, view)."""
        w, grad, update = float_arrays(("w", "grad", "update"), w, grad, update)
        p, g, u = to_tensor(w), to_tensor(grad), to_tensor(update)
        group = self.optimizer.param_groups[0]
        with self._views(None) as (recorder, projection):
            recorder.start(p, g)
            out, ratio = projection(p, g, u, group["delta"], group["wd_ratio"], group["eps"])
        update[...] = to_numpy(out)
        return update, float(ratio), recorder.fired


class PyoptSGDP(_Pyopt):
    """``pytorch_optimizer.SGDP`` (pytorch-optimizer 4.1.0, optimizer/adamp.py) behind the numpy SGDP interface."""

    api = "pytorch_optimizer.SGDP"
    keywords = ("lr", "momentum", "dampening", "weight_decay", "nesterov", "eps", "delta", "wd_ratio")
    state_map = {"momentum": "momentum"}

    def build(self, tensors: list[Any], arguments: dict[str, Any]) -> Any:
        import pytorch_optimizer

        return pytorch_optimizer.SGDP(tensors, **arguments)


class PyoptAdamP(_Pyopt):
    """``pytorch_optimizer.AdamP`` (pytorch-optimizer 4.1.0, optimizer/adamp.py) behind the numpy AdamP interface;
    ``step`` is the package's per-group counter."""

    api = "pytorch_optimizer.AdamP"
    keywords = ("lr", "betas", "eps", "weight_decay", "delta", "wd_ratio", "nesterov")
    state_map = {"exp_avg": "exp_avg", "exp_avg_sq": "exp_avg_sq"}

    def build(self, tensors: list[Any], arguments: dict[str, Any]) -> Any:
        import pytorch_optimizer

        return pytorch_optimizer.AdamP(tensors, **arguments)

    def state_keys(self, index: int) -> list[str]:
        keys = super().state_keys(index)
        return keys + ["step"] if keys else keys

    def read_state(self, index: int, key: str) -> Any:
        if key == "step" and self.state_keys(index):
            return int(self.optimizer.param_groups[0]["step"])
        return super().read_state(index, key)


# -- Lion ----------------------------------------------------------------------------------------------------------


def _rows(name: str, value: Any, x: np.ndarray) -> np.ndarray:
    """A scalar hyper-parameter, or one per row of a 2-D ``x`` (shape (rows, 1)), as an array of shape (rows,)."""
    if np.ndim(value) == 0:
        v = float(value)
        if isinstance(value, (bool, np.bool_)) or not math.isfinite(v):
            raise ValueError(f"{name} must be a finite real number, got {value!r}")
        return np.full(x.shape[0] if x.ndim == 2 else 1, v)
    arr = float_array(name, np.asarray(value))
    if x.ndim != 2 or arr.shape not in ((x.shape[0], 1), (x.shape[0],)):
        raise ValueError(f"{name} of shape {arr.shape}: one value per row needs x of shape (rows, d) and {name} of "
                         f"shape (rows, 1), got x of shape {x.shape}")
    return arr.reshape(-1)


def lion_run_rows(make: Callable[[list[dict[str, Any]]], Any], x: Any, m: Any, g: Any, lr: Any, betas: Any,
                  weight_decay: Any) -> tuple[np.ndarray, np.ndarray]:
    """One step of a Lion optimizer built by ``make(param_groups)`` from state ``(x, m)`` with gradient ``g``:
    one parameter (``x`` as a whole) when lr and weight_decay are numbers, else one optimizer per row of a 2-D
    ``x`` (lr and weight_decay of shape (rows, 1)). The momentum is written into the package's ``exp_avg`` before
    the step and read back after it."""
    import torch

    x, m, g = float_arrays(("x", "m", "g"), x, m, g)
    if not isinstance(betas, (tuple, list)) or len(betas) != 2:
        raise TypeError(f"betas must be a pair (beta1, beta2), got {betas!r}")
    b1, b2 = float(betas[0]), float(betas[1])
    rows = np.ndim(lr) > 0 or np.ndim(weight_decay) > 0
    lrs, wds = _rows("lr", lr, x), _rows("weight_decay", weight_decay, x)
    pieces = [(x[i], m[i], g[i]) for i in range(x.shape[0])] if rows else [(x, m, g)]
    x_new, m_new = [], []
    for (xi, mi, gi), li, wi in zip(pieces, lrs, wds):
        param = torch.nn.Parameter(to_tensor(xi))
        opt = make([{"params": [param], "lr": float(li), "weight_decay": float(wi), "betas": (b1, b2)}])
        param.grad = to_tensor(gi)
        opt.state[param]["exp_avg"] = to_tensor(mi)
        opt.step()
        x_new.append(to_numpy(param))
        m_new.append(to_numpy(opt.state[param]["exp_avg"]))
    if rows:
        return np.array(x_new).reshape(x.shape), np.array(m_new).reshape(x.shape)
    return x_new[0], m_new[0]


def lion_step(x: Any, m: Any, g: Any, lr: Any = 1e-4, betas: Any = (0.9, 0.99), weight_decay: Any = 0.0, *,
              options: dict[str, Any] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """One step of ``pytorch_optimizer.Lion`` (pytorch-optimizer 4.1.0, optimizer/lion.py): returns ``(x, m)``
    after the step, the inputs unchanged. Mapping: lr, betas, weight_decay passed as they are, with the package's
    defaults ``weight_decouple=True``, ``fixed_decay=False`` (decoupled decay ``x(1 − lr·wd)``, the release's) and
    ``foreach=None``; ``options`` go to the constructor. Float64."""
    import pytorch_optimizer

    return lion_run_rows(lambda groups: pytorch_optimizer.Lion(groups, **(options or {})), x, m, g, lr, betas,
                         weight_decay)


# -- AdaHessian ----------------------------------------------------------------------------------------------------


def _oracle(grad_fn: Callable[[list[np.ndarray]], list[np.ndarray]],
            hvp_fn: Callable[[list[np.ndarray], list[np.ndarray]], list[np.ndarray]]) -> Any:
    """A torch autograd function of the parameters whose value is ``grad_fn`` and whose vector-Jacobian product is
    ``hvp_fn`` (the Hessian is symmetric): the gradients a ``backward(create_graph=True)`` would leave in
    ``.grad``, for the package's Hessian-vector product."""
    import torch

    class Oracle(torch.autograd.Function):
        @staticmethod
        def forward(ctx: Any, *params: Any) -> Any:
            ctx.save_for_backward(*params)
            values = [to_numpy(p) for p in params]
            grads = grad_fn(values)
            return tuple(to_tensor(float_array("grad_fn(x)", np.asarray(gi, dtype=np.float64))).reshape(p.shape)
                         for gi, p in zip(grads, params))

        @staticmethod
        def backward(ctx: Any, *vectors: Any) -> Any:
            params = ctx.saved_tensors
            products = hvp_fn([to_numpy(p) for p in params], [to_numpy(v) for v in vectors])
            return tuple(to_tensor(np.asarray(h, dtype=np.float64)).reshape(p.shape) for h, p in zip(products, params))

    return Oracle


def _adahessian_arguments(hyper: dict[str, Any]) -> dict[str, Any]:
    """The release's keywords mapped to the package's: lr, betas, eps, weight_decay and hessian_power passed as they
    are (the package's weight decay is decoupled by default, ``x(1 − lr·wd)``, as the release's ``x − lr·wd·x``);
    eps defaults to the release's 1e-4 when not given (the package's own default is 1e-16); the probe is
    Rademacher and one sample per step, every step (``update_period=1``), as in the release."""
    allowed = {"lr", "betas", "eps", "weight_decay", "hessian_power"}
    unknown = sorted(set(hyper) - allowed)
    if unknown:
        raise TypeError(f"pytorch_optimizer.AdaHessian adapter takes {sorted(allowed)}, got {unknown}")
    out = {"eps": 1e-4, "foreach": False, "num_samples": 1, "hessian_distribution": "rademacher",
           "update_period": 1, **{k: v for k, v in hyper.items()}}
    out = {k: (float(v) if k in ("lr", "eps", "weight_decay", "hessian_power") else v) for k, v in out.items()}
    if "betas" in out:
        out["betas"] = tuple(float(b) for b in out["betas"])
    return out


def _adahessian(tensors: list[Any], hyper: dict[str, Any], options: dict[str, Any] | None) -> Any:
    """``pytorch_optimizer.AdaHessian`` over ``tensors`` with the mapped ``hyper`` and the ``options`` (raising
    :class:`PackageRefused` where the package rejects them: it takes $k$ in (0, 1], the release [0, 1])."""
    import pytorch_optimizer

    arguments = {**_adahessian_arguments(hyper), **(options or {})}
    return build_or_refuse("pytorch_optimizer.AdaHessian", lambda: pytorch_optimizer.AdaHessian(tensors, **arguments),
                           arguments)


def _seeded(rng: Any) -> Any:
    """A torch RNG context seeded from the caller's numpy generator (the package draws its probes from torch's)."""
    import torch

    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy Generator, got {type(rng).__name__}")
    seed = int(rng.integers(0, 2**63 - 1))
    ctx = torch.random.fork_rng(devices=[])

    @contextlib.contextmanager
    def seeded() -> Iterator[None]:
        with ctx:
            torch.manual_seed(seed)
            yield

    return seeded()


def adahessian_optimizer_step(params: Sequence[np.ndarray], grad_fn: Callable[..., Any], hvp_fn: Callable[..., Any],
                              rng: np.random.Generator, states: Sequence[Any], *, options: dict[str, Any] | None = None,
                              **hyper: Any) -> tuple[list[np.ndarray], list[Any]]:
    """One ``pytorch_optimizer.AdaHessian.step`` on several parameter tensors, with the signature of
    ``formulas.released_optimizer_step``: ``grad_fn(params)`` gives the gradients, ``hvp_fn(params, v)`` the
    Hessian-vector products (called by the package's ``torch.autograd.grad``). ``states`` are
    ``ReleaseState(m, s, t)`` (or the library's ``AdaHessianState(m, r, t)``, with ``s = r²``), written into the
    package's ``exp_avg``, ``exp_hessian_diag_sq`` and the group's ``step``; the new states come back in the same
    type. ``options`` go to the constructor as they are (the mutants)."""
    import torch

    if isinstance(params, np.ndarray) or not isinstance(params, Sequence) or not params:
        raise TypeError("params takes a non-empty list of arrays")
    arrays = [float_array(f"params[{i}]", p) for i, p in enumerate(params)]
    if len(states) != len(arrays):
        raise ValueError(f"{len(states)} states for {len(arrays)} parameters")
    tensors = [torch.nn.Parameter(to_tensor(a)) for a in arrays]
    opt = _adahessian(tensors, hyper, options)
    steps = {int(s.t) for s in states}
    if len(steps) != 1:
        raise ValueError(f"the package counts steps per group: the states must share t, got {sorted(steps)}")
    opt.param_groups[0]["step"] = steps.pop()
    for t, s in zip(tensors, states):
        second = np.asarray(s.r) ** 2 if hasattr(s, "r") else np.asarray(s.s)
        opt.state[t]["exp_avg"] = to_tensor(np.asarray(s.m, dtype=np.float64).reshape(t.shape))
        opt.state[t]["exp_hessian_diag_sq"] = to_tensor(np.asarray(second, dtype=np.float64).reshape(t.shape))
    oracle = _oracle(lambda xs: grad_fn(xs), lambda xs, vs: hvp_fn(xs, vs))
    with _seeded(rng):
        grads = oracle.apply(*tensors)
        for t, g in zip(tensors, grads):
            t.grad = g  # the gradient with its graph, as backward(create_graph=True) leaves it
        opt.step()
    new_params = [to_numpy(t) for t in tensors]
    t_new = int(opt.param_groups[0]["step"])
    new_states = []
    for t, s in zip(tensors, states):
        m, s2 = to_numpy(opt.state[t]["exp_avg"]), to_numpy(opt.state[t]["exp_hessian_diag_sq"])
        new_states.append(type(s)(m, np.sqrt(s2), t_new) if hasattr(s, "r") else type(s)(m, s2, t_new))
    return new_params, new_states


def adahessian_run(grad_fn: Callable[[np.ndarray], np.ndarray], hvp_fn: Callable[[np.ndarray, np.ndarray], np.ndarray],
                   x0: np.ndarray, steps: int, rng: np.random.Generator, *, options: dict[str, Any] | None = None,
                   **hyper: Any) -> list[np.ndarray]:
    """``steps`` steps of ``pytorch_optimizer.AdaHessian`` on one parameter tensor, with the signature of
    ``formulas.released_run``: the gradient is ``grad_fn(x)``, the Hessian-vector product ``hvp_fn(x, v)`` for the
    package's probe ``v`` (one call of each per step). Returns the iterates ``x_1, …, x_steps``."""
    import torch

    x0 = float_array("x0", x0, min_ndim=1)
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 1:
        raise ValueError(f"steps must be a positive integer, got {steps!r}")
    param = torch.nn.Parameter(to_tensor(x0))
    opt = _adahessian([param], hyper, options)
    oracle = _oracle(lambda xs: [grad_fn(xs[0])], lambda xs, vs: [hvp_fn(xs[0], vs[0])])
    out = []
    with _seeded(rng):
        for _ in range(steps):
            (g,) = oracle.apply(param)
            param.grad = g
            opt.step()
            out.append(to_numpy(param))
    return out


def adahessian_step(x: Any, grad: Any, diag_estimate: Any, state: Any, *, options: dict[str, Any] | None = None,
                    **hyper: Any) -> tuple[np.ndarray, Any]:
    """One ``pytorch_optimizer.AdaHessian.step(hessian=[D])`` with the signature of the library's
    ``adahessian_step``: the gradient ``grad`` set as ``.grad`` and the curvature estimate ``D`` passed through the
    package's ``hessian=`` argument (its documented route for external estimates). ``state`` is an
    ``AdaHessianState(m, r, t)`` (``s = r²`` in the package) or a ``ReleaseState(m, s, t)``."""
    import torch

    x, grad, diag_estimate = float_arrays(("x", "grad", "diag_estimate"), x, grad, diag_estimate)
    param = torch.nn.Parameter(to_tensor(x))
    opt = _adahessian([param], hyper, options)
    second = np.asarray(state.r) ** 2 if hasattr(state, "r") else np.asarray(state.s)
    opt.param_groups[0]["step"] = int(state.t)
    opt.state[param]["exp_avg"] = to_tensor(np.asarray(state.m, dtype=np.float64))
    opt.state[param]["exp_hessian_diag_sq"] = to_tensor(np.asarray(second, dtype=np.float64))
    param.grad = to_tensor(grad)
    opt.step(hessian=[to_tensor(diag_estimate)])
    m, s2 = to_numpy(opt.state[param]["exp_avg"]), to_numpy(opt.state[param]["exp_hessian_diag_sq"])
    t = int(opt.param_groups[0]["step"])
    new = type(state)(m, np.sqrt(s2), t) if hasattr(state, "r") else type(state)(m, s2, t)
    return to_numpy(param), new


def hutchinson_diagonal(hvp: Callable[[np.ndarray], np.ndarray], *, dim: int, probes: int = 1, rng: Any = None,
                        options: dict[str, Any] | None = None) -> np.ndarray:
    """``BaseOptimizer.compute_hutchinson_hessian`` (pytorch-optimizer 4.1.0, base/optimizer.py) with the signature
    of the library's ``hutchinson_diagonal``: the estimate ``mean over probes of z ⊙ Hz`` the package accumulates,
    with ``num_samples = probes`` Rademacher probes drawn by the package (torch's generator seeded from ``rng``, an
    int or a numpy Generator) and ``Hz = hvp(z)``."""
    import pytorch_optimizer
    import torch

    if isinstance(dim, bool) or not isinstance(dim, int) or dim < 1:
        raise ValueError(f"dim must be a positive integer, got {dim!r}")
    if isinstance(probes, bool) or not isinstance(probes, int) or probes < 1:
        raise ValueError(f"probes must be a positive integer, got {probes!r}")
    generator = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    param = torch.nn.Parameter(torch.zeros(dim, dtype=torch.float64))
    oracle = _oracle(lambda xs: [np.zeros(dim)], lambda xs, vs: [hvp(vs[0])])
    state: dict[Any, dict[str, Any]] = {param: {"hessian": torch.zeros(dim, dtype=torch.float64)}}
    with _seeded(generator):
        (g,) = oracle.apply(param)
        param.grad = g
        pytorch_optimizer.AdaHessian.compute_hutchinson_hessian(
            param_groups=[{"params": [param]}], state=state, num_samples=probes,
            **{"distribution": "rademacher", **(options or {})})
    return to_numpy(state[param]["hessian"])


def _view(name: str) -> Any:
    def view(x: np.ndarray) -> np.ndarray:
        import pytorch_optimizer.optimizer.adamp as module

        function = module.channel_view if name == "channel" else module.layer_view
        return to_numpy(function(to_tensor(float_arrays(("x",), x)[0])))

    view.__name__ = f"{name}_view"
    view.__doc__ = f"``pytorch_optimizer.optimizer.adamp.{name}_view`` (pytorch-optimizer 4.1.0) on a numpy array."
    return view


channel_view = _view("channel")
layer_view = _view("layer")
#: The views in the order ``projection`` tries them (``for view_func in (channel_view, layer_view)``).
VIEWS = {"channel": channel_view, "layer": layer_view}


# -- perturbed mappings (the mutants of the conformance claims) ---------------------------------------------------


def with_options(function: Callable[..., Any], name: str, **options: Any) -> Callable[..., Any]:
    """``function`` (a Lion step or an AdaHessian adapter) with ``options`` passed to the package's constructor."""

    def perturbed(*args: Any, **kwargs: Any) -> Any:
        return function(*args, **kwargs, options=options)

    perturbed.__name__ = f"{function.__name__}_{name}"
    perturbed.__doc__ = f"{function.__name__} with the package's {options}."
    return perturbed


def with_hyper(function: Callable[..., Any], name: str, change: Callable[[dict[str, Any]], dict[str, Any]]
               ) -> Callable[..., Any]:
    """``function`` with its keyword hyper-parameters changed by ``change`` before the mapping."""

    def perturbed(*args: Any, **kwargs: Any) -> Any:
        return function(*args, **change(dict(kwargs)))

    perturbed.__name__ = f"{function.__name__}_{name}"
    return perturbed


def betas_swapped(step: Callable[..., Any]) -> Callable[..., Any]:
    """A Lion step whose adapter passes $(\\beta_2, \\beta_1)$ for $(\\beta_1, \\beta_2)$."""

    def perturbed(x: Any, m: Any, g: Any, lr: Any = 1e-4, betas: Any = (0.9, 0.99), weight_decay: Any = 0.0) -> Any:
        return step(x, m, g, lr, (betas[1], betas[0]), weight_decay)

    perturbed.__name__ = f"{step.__name__}_betas_swapped"
    return perturbed


def without_decay(step: Callable[..., Any]) -> Callable[..., Any]:
    """A Lion step whose adapter drops weight_decay (the package's default 0)."""

    def perturbed(x: Any, m: Any, g: Any, lr: Any = 1e-4, betas: Any = (0.9, 0.99), weight_decay: Any = 0.0) -> Any:
        return step(x, m, g, lr, betas, 0.0 * np.asarray(weight_decay))

    perturbed.__name__ = f"{step.__name__}_without_decay"
    return perturbed
