"""Plausible bugs in the Ghosts-of-Softmax library, each a drop-in replacement for a library function.

They are the mutants of the library conformance claims (``claims_library``): each takes the arguments
of :func:`~.library.taylor_radius` or :func:`~.library.controller_step` and returns what the library
would return with the bug planted, so a mutant the checks kill is a bug they would catch in the library.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from .formulas import PI
from .library import RadiusReport, controller_step, taylor_radius

# -- taylor_radius ------------------------------------------------------------------------------------


def _rows(logits, slopes) -> tuple[np.ndarray, np.ndarray]:
    return np.atleast_2d(np.asarray(logits, dtype=float)), np.atleast_2d(np.asarray(slopes, dtype=float))


def _per_row_radii(logits, slopes) -> list[float]:
    z, a = _rows(logits, slopes)
    return [taylor_radius(zz, aa).exact_binary for zz, aa in zip(z, a)]


def radius_mean_over_batch(logits, slopes=None, *, step=None, **_) -> RadiusReport:
    """Eq. 15 misread: the batch's exact binary radius is the mean of the rows' radii, not their minimum."""
    report = taylor_radius(logits, slopes, step=step)
    radii = _per_row_radii(logits, slopes)
    return dataclasses.replace(report, exact_binary=float(np.mean(radii)))


def radius_of_steepest_row(logits, slopes=None, *, step=None, **_) -> RadiusReport:
    """The exact binary radius of the row that sets Δ_a (the steepest), not the smallest over the batch."""
    report = taylor_radius(logits, slopes, step=step)
    z, a = _rows(logits, slopes)
    steepest = int(np.argmax(a.max(axis=1) - a.min(axis=1)))
    return dataclasses.replace(report, exact_binary=taylor_radius(z[steepest], a[steepest]).exact_binary)


def bound_of_least_steep_row(logits, slopes=None, *, step=None, **_) -> RadiusReport:
    """Eq. 14 with min over the batch: Δ_a of the least steep row, so the bound is too large."""
    report = taylor_radius(logits, slopes, step=step)
    _, a = _rows(logits, slopes)
    spread = float(np.min(a.max(axis=1) - a.min(axis=1)))
    bound = math.inf if spread == 0 else PI / spread
    r = None if step is None else step * spread / PI
    return dataclasses.replace(report, spread=spread, bound=bound, r=r)


def bound_at_tanh_pole(logits, slopes=None, *, step=None, **_) -> RadiusReport:
    """ρ_a = π/(2Δ_a): the distance of tanh's pole, and r = 2τΔ_a/π with it."""
    report = taylor_radius(logits, slopes, step=step)
    r = None if report.r is None else 2 * report.r
    return dataclasses.replace(report, bound=report.bound / 2, r=r)


def r_over_two_pi(logits, slopes=None, *, step=None, **_) -> RadiusReport:
    """r = τΔ_a/(2π): the normalized step measured against a circle twice too large."""
    report = taylor_radius(logits, slopes, step=step)
    return dataclasses.replace(report, r=None if report.r is None else report.r / 2)


def direction_not_normalized(logits, slopes=None, *, jacobian=None, direction=None, step=None) -> RadiusReport:
    """The slopes J v with the direction used as given, not normalized to a unit vector."""
    if jacobian is not None:
        slopes = np.asarray(jacobian, dtype=float) @ np.asarray(direction, dtype=float)
    return taylor_radius(logits, slopes, step=step)


def direction_norm_overflows(logits, slopes=None, *, jacobian=None, direction=None, step=None) -> RadiusReport:
    """The direction normalized by √(Σ v_i²) computed as is: it overflows to ∞ for ‖v‖ ≥ 1e154 (slopes 0,
    an infinite radius) and underflows to 0 for ‖v‖ ≤ 1e-162 (the direction is rejected as zero)."""
    if jacobian is not None:
        v = np.asarray(direction, dtype=float)
        with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
            slopes = np.asarray(jacobian, dtype=float) @ (v / math.sqrt(float(np.dot(v, v))))
    return taylor_radius(logits, slopes, step=step)


# -- controller_step ----------------------------------------------------------------------------------


def controller_always_rescales(update, spread):
    """s = ρ_a/‖p‖ without the min with 1: short steps are stretched to the radius."""
    p = np.asarray(update, dtype=float)
    _, s, r = controller_step(p, spread)
    if spread == 0 or not np.any(p):
        return p.copy(), s, r
    s = 1.0 / r  # ρ_a/‖p‖ = π/(‖p‖Δ_a)
    return s * p, s, r


def controller_reports_r_after(update, spread):
    """r reported after rescaling (always ≤ 1) instead of the step's own r = ‖p‖Δ_a/π."""
    p_new, s, r = controller_step(update, spread)
    return p_new, s, r * s


def controller_tanh_radius(update, spread):
    """ρ_a = π/(2Δ_a) (the distance of tanh's pole) in place of π/Δ_a."""
    return controller_step(update, 2 * spread)


def controller_clips_coordinates(update, spread):
    """Each coordinate clipped to [−ρ_a, ρ_a] (clip by value) instead of rescaling the whole step."""
    p = np.asarray(update, dtype=float)
    _, s, r = controller_step(p, spread)
    if spread == 0:
        return p.copy(), s, r
    return np.clip(p, -PI / spread, PI / spread), s, r


def controller_norm_overflows(update, spread):
    """‖p‖ = √(Σ p_i²) computed as is: ∞ for ‖p‖ ≥ 1e154 (a zero update, s = 0), 0 for tiny p (no rescaling)."""
    p = np.asarray(update, dtype=float)
    with np.errstate(over="ignore", under="ignore"):
        norm = math.sqrt(float(np.dot(p.ravel(), p.ravel())))
    r = norm * spread / PI
    if spread == 0 or norm == 0:
        return p.copy(), 1.0, r
    s = min(1.0, (PI / spread) / norm)
    return s * p, s, r
