"""Algorithm 1 as released, its plausible wrong variants, and the scalar closed forms under test.

:func:`grad_norm_smooth` is a numpy port, written from reading ``src/methods.py::grad_norm_smooth`` of
github.com/epfml/grad-norm-smooth (commit 9f4ca00), of what that function does:

- the dual norm ‖g‖_* = (gᵀB⁻¹g)^{1/2} (‖g‖₂ when B is omitted); x₀, γ₀, eps = 1e−8, γ_min = 1e−9;
- stop when f_k − f* < eps (if f* is given) or ‖g_k‖_* < grad_tol (if given), else after n_iters;
- the search, at most 41 trials (``range(40 + 1)``; the ``i == 40`` exit only fires with ``warnings=True``):
  λ_k = ‖g_k‖_*/(γ_k + eps); Δ = −(H_k + λ_kB)⁻¹g_k by a Cholesky solve (``scipy.linalg.cho_factor`` /
  ``cho_solve``); if the factorisation fails the search is left with ``break``; if
  f_k − f(x_k + Δ) ≥ ‖∇f(x_k + Δ)‖_*²/(8λ_k) then γ_k ← max(2γ_k, γ_min) and the search stops, else γ_k ← γ_k/2;
- then x_{k+1} = x_k + Δ with the last Δ computed, and f, g taken from the last trial.

So when the factorisation fails at the first trial, the variables ``delta_x``, ``f_new``, ``g_new`` still hold the
previous iteration's values: at k = 0 the release raises UnboundLocalError; later it moves by the previous step
again and records the previous point's f and g (claim release_indefinite_hessian). The port keeps this
behaviour: the same statements in the same order (so its float64 trajectory is the release's), plus a trace.

The mutants (:class:`Rule`) change one thing each: the acceptance test's gradient or constant, λ_k, the γ
update, the metric in the dual norm, the approximate Hessian.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from typing import Any

import numpy as np
import scipy.linalg
import sympy as sp

from claimkit import Formula, interval

from .problems import LogSumExp

#: The number of trials the release's search loop allows (``adaptive_search_max_iter = 40``, ``range(40 + 1)``).
SEARCH_TRIALS = 41


@dataclasses.dataclass(frozen=True)
class Rule:
    """The parts of the released update a mutant may change; the defaults are the release's."""

    test_gradient: str = "new"  # the gradient in the test: "new" (∇f(x_k + Δ)) or "old" (∇f(x_k))
    test_constant: float = 8.0  # f_k − f_new ≥ ‖g‖²/(test_constant · λ_k)
    lambda_power: int = 1  # λ_k = ‖g_k‖_*^power/(γ_k + eps)
    on_success: float = 2.0  # γ ← max(on_success · γ, γ_min) when the test passes
    on_failure: float = 0.5  # γ ← on_failure · γ when it fails
    metric_in_norm: bool = True  # the dual norm uses B⁻¹ (False: ‖g‖₂ while B is used in the step)
    approximate: bool = True  # the approximate Hessian is used when given (False: silently the exact one)


RELEASED = Rule()


@dataclasses.dataclass
class Trace:
    """What a run did: the release's history (``func``, ``grad_norm``, ``gamma_k``, ``x_k``) plus, per iteration,
    the number of trials whose factorisation succeeded, whether one was accepted, whether a factorisation failed,
    the last λ_k and the step taken."""

    x: np.ndarray
    status: str
    f: list[float]
    grad_norm: list[float]
    gamma: list[float]
    points: list[np.ndarray]
    trials: list[int]
    accepted: list[bool]
    failed: list[bool]
    steps: list[np.ndarray]
    lambdas: list[float]

    @property
    def rejections(self) -> list[int]:
        """Rejected trials per iteration."""
        return [t - int(ok) for t, ok in zip(self.trials, self.accepted)]


def grad_norm_smooth(func: Callable[[np.ndarray], float], grad: Callable[[np.ndarray], np.ndarray],
                     hess: Callable[[np.ndarray], np.ndarray], x_0: np.ndarray, *, n_iters: int = 1000,
                     gamma_0: float = 1.0, approx_hess: Callable[[np.ndarray], np.ndarray] | None = None,
                     B: np.ndarray | None = None, Binv: np.ndarray | None = None, eps: float = 1e-8,
                     gamma_min: float = 1e-9, f_star: float | None = None, grad_tol: float | None = None,
                     rule: Rule = RELEASED) -> Trace:
    """Algorithm 1 as released (see the module docstring); ``approx_hess`` plays ``is_approx=True`` with
    ``approx_hess_fn``. Raises UnboundLocalError, as the release does, when the first factorisation fails."""
    if B is None:
        B = np.eye(x_0.shape[0])

        def dual_norm_sqr(v: np.ndarray) -> float:
            return v.dot(v)
    elif not rule.metric_in_norm:
        def dual_norm_sqr(v: np.ndarray) -> float:
            return v.dot(v)
    else:
        if Binv is None:
            Binv = np.linalg.inv(B)
        inverse = Binv

        def dual_norm_sqr(v: np.ndarray) -> float:
            return inverse.dot(v).dot(v)

    x_k = np.copy(x_0)
    f_k = func(x_k)
    g_k = grad(x_k)
    g_k_norm = dual_norm_sqr(g_k) ** 0.5
    gamma_k = gamma_0
    trace = Trace(x_k, "", [], [], [], [], [], [], [], [], [])

    for k in range(n_iters + 1):
        trace.f.append(f_k)
        trace.grad_norm.append(g_k_norm)
        trace.gamma.append(gamma_k)
        trace.points.append(x_k.copy())
        if (f_star is not None and f_k - f_star < eps) or (grad_tol is not None and g_k_norm < grad_tol):
            trace.status = f"success, {k} iters"
            break
        if k == n_iters:
            trace.status = "iterations_exceeded"
            break

        hess_k = approx_hess(x_k) if approx_hess is not None and rule.approximate else hess(x_k)
        trials, failed, accepted = 0, False, False
        with np.errstate(divide="ignore", invalid="ignore"):  # the release divides 0 by 0 at a zero gradient
            for _ in range(SEARCH_TRIALS):
                lambda_k = g_k_norm**rule.lambda_power / (gamma_k + eps)
                try:
                    delta_x = scipy.linalg.cho_solve(scipy.linalg.cho_factor(hess_k + lambda_k * B, lower=False),
                                                     -g_k)
                except (np.linalg.LinAlgError, ValueError):
                    failed = True
                    break
                trials += 1
                f_new = func(x_k + delta_x)
                g_new = grad(x_k + delta_x)
                g_new_norm_sqr = dual_norm_sqr(g_new)
                tested = g_new_norm_sqr if rule.test_gradient == "new" else g_k_norm**2
                if f_k - f_new >= tested / (rule.test_constant * lambda_k):
                    gamma_k = max(gamma_k * rule.on_success, gamma_min)
                    accepted = True
                    break
                gamma_k *= rule.on_failure
        trace.trials.append(trials)
        trace.accepted.append(accepted)
        trace.failed.append(failed)
        trace.lambdas.append(lambda_k)
        x_k += delta_x  # noqa: F821 -- unbound when the first factorisation fails, as in the release
        trace.steps.append(np.copy(delta_x))
        f_k = f_new
        g_k = g_new
        g_k_norm = g_new_norm_sqr**0.5
    trace.x = x_k
    return trace


def _variant(**changes: Any) -> Callable[..., Trace]:
    return functools.partial(grad_norm_smooth, rule=dataclasses.replace(RELEASED, **changes))


#: Mutants of the released update (the specification's list).
OLD_GRADIENT_TEST = _variant(test_gradient="old")
QUARTER_TEST = _variant(test_constant=4.0)
UNIT_TEST = _variant(test_constant=1.0)
SQUARED_LAMBDA = _variant(lambda_power=2)
INVERTED_GAMMA = _variant(on_success=0.5, on_failure=2.0)
EUCLIDEAN_NORM = _variant(metric_in_norm=False)
EXACT_INSTEAD = _variant(approximate=False)


def DIAGONAL_INSTEAD(func: Callable[..., Any], grad: Callable[..., Any], hess: Callable[..., Any], x_0: np.ndarray,
                     **kwargs: Any) -> Trace:
    """A mutant: the diagonal of the Hessian passed where the Hessian is expected."""
    return grad_norm_smooth(func, grad, lambda x: np.diag(np.diag(hess(x))), x_0, **kwargs)


def FROZEN_HESSIAN(func: Callable[..., Any], grad: Callable[..., Any], hess: Callable[..., Any], x_0: np.ndarray,
                   **kwargs: Any) -> Trace:
    """A mutant: the Hessian at x₀ kept for the whole run (a stale cache)."""
    first = hess(np.copy(x_0))
    return grad_norm_smooth(func, grad, lambda x: first, x_0, **kwargs)


def treat_failure_as_rejection(func: Callable[..., Any], grad: Callable[..., Any], hess: Callable[..., Any],
                               x_0: np.ndarray, **kwargs: Any) -> Trace:
    """A mutant of the release's failure handling: a failed factorisation halves γ and tries again (what the
    library does), instead of leaving the search."""
    return _guarded(func, grad, hess, x_0, on_fail="halve", **kwargs)


def stop_on_failure(func: Callable[..., Any], grad: Callable[..., Any], hess: Callable[..., Any],
                    x_0: np.ndarray, **kwargs: Any) -> Trace:
    """A mutant of the release's failure handling: a failed factorisation ends the run where it is."""
    return _guarded(func, grad, hess, x_0, on_fail="stop", **kwargs)


def _guarded(func: Callable[..., Any], grad: Callable[..., Any], hess: Callable[..., Any], x_0: np.ndarray, *,
             on_fail: str, n_iters: int = 1000, gamma_0: float = 1.0, eps: float = 1e-8, gamma_min: float = 1e-9,
             f_star: float | None = None, grad_tol: float | None = None, **_: Any) -> Trace:
    """The released update (B = I) with another handling of a failed factorisation."""
    x_k = np.copy(x_0)
    f_k, g_k = func(x_k), grad(x_k)
    g_k_norm = float(g_k.dot(g_k)) ** 0.5
    gamma_k = gamma_0
    trace = Trace(x_k, "", [], [], [], [], [], [], [], [], [])
    eye = np.eye(x_0.shape[0])
    for k in range(n_iters + 1):
        trace.f.append(f_k)
        trace.grad_norm.append(g_k_norm)
        trace.gamma.append(gamma_k)
        trace.points.append(x_k.copy())
        if (f_star is not None and f_k - f_star < eps) or (grad_tol is not None and g_k_norm < grad_tol):
            trace.status = f"success, {k} iters"
            break
        if k == n_iters or g_k_norm == 0.0:
            trace.status = "iterations_exceeded" if k == n_iters else "zero gradient"
            break
        hess_k = hess(x_k)
        trials, failed, accepted, step = 0, False, False, None
        for _ in range(SEARCH_TRIALS):
            lambda_k = g_k_norm / (gamma_k + eps)
            try:
                delta_x = scipy.linalg.cho_solve(scipy.linalg.cho_factor(hess_k + lambda_k * eye), -g_k)
            except (np.linalg.LinAlgError, ValueError):
                failed = True
                if on_fail == "stop":
                    break
                gamma_k *= 0.5
                continue
            trials += 1
            step = delta_x
            f_new, g_new = func(x_k + delta_x), grad(x_k + delta_x)
            if f_k - f_new >= float(g_new.dot(g_new)) / (8 * lambda_k):
                gamma_k = max(2.0 * gamma_k, gamma_min)
                accepted = True
                break
            gamma_k *= 0.5
        trace.trials.append(trials)
        trace.accepted.append(accepted)
        trace.failed.append(failed)
        trace.lambdas.append(lambda_k)
        if step is None:
            trace.status = "stopped: factorisation failed"
            break
        x_k = x_k + step
        trace.steps.append(np.copy(step))
        f_k, g_k = f_new, g_new
        g_k_norm = float(g_k.dot(g_k)) ** 0.5
    trace.x = x_k
    return trace


class LogSumExpWithoutRankOne(LogSumExp):
    """A mutant of the log-sum-exp oracle: the Hessian without the rank-one term −(1/μ)(Ãᵀπ)(Ãᵀπ)ᵀ."""

    def hess(self, x: np.ndarray) -> np.ndarray:
        pi = self._pi(x)
        return self.mu_inv * self.a.T.dot(self.a * pi.reshape(-1, 1))


class LogSumExpWithoutMu(LogSumExp):
    """A mutant of the log-sum-exp oracle: the weighted Gauss–Newton matrix without the factor 1/μ."""

    def gauss_newton(self, x: np.ndarray) -> np.ndarray:
        pi = self._pi(x)
        return self.a.T.dot(self.a * pi.reshape(-1, 1))


# -- scalar closed forms --------------------------------------------------------------------------------------

_h, _lam, _z = sp.symbols("h lambda z", real=True)

#: The acceptance ratio of one trial on a 1-D quadratic: (f_k − f(x_k + Δ))/(f'(x_k + Δ)²/(8λ)) = 8 + 4h/λ, for
#: curvature h ≥ 0 and λ > 0 (independent of the gradient). Derived by this suite (claim quadratic_acceptance_ratio).
QUADRATIC_ACCEPTANCE = Formula(8 + 4 * _h / _lam, {"h": interval(0.0, 100.0), "lambda": interval(0.01, 100.0,
                                                                                               log=True)},
                               name="quadratic_acceptance_ratio")

#: ℓ'''(z)/ℓ''(z) for the logistic loss ℓ(z) = log(1 + e^{−z}): −tanh(z/2) (claim logistic_third_over_second).
LOGISTIC_RATIO = Formula(-sp.tanh(_z / 2), {"z": interval(-30.0, 30.0)}, name="logistic_third_over_second")
