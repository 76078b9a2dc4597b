"""Independent references for the library checks (Tyurin, arXiv 2412.08424).

Written from the paper's definitions, in exact rationals and in the order of the data, without any
code of ``theorems/perceptron/library.py``: the points z_i = y_i a_i, the Batch Perceptron (§3), the
Normalized Batch Perceptron and the Perceptron (§5), the first iterate that solves (1), whether 0 lies
in the convex hull of the z_i (Assumption 1.1 fails exactly then) and the squared distance from 0 to
that hull (μ² of Assumption 1.1, in the plane).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

__all__ = [
    "exact_points",
    "reference_bp",
    "reference_nbp",
    "reference_perceptron",
    "first_solving",
    "hull_contains_origin",
    "hull_distance_squared",
]

Vector = tuple[Fraction, ...]


def exact_points(A: Sequence[Sequence[Any]], y: Sequence[Any]) -> list[Vector]:
    """z_i = y_i a_i in exact rationals, one per data point, in the data's order."""
    return [tuple(Fraction(v) * int(label) for v in row) for row, label in zip(A, y)]


def _dot(u: Sequence[Fraction], v: Sequence[Fraction]) -> Fraction:
    return sum((a * b for a, b in zip(u, v)), Fraction(0))


def _plus(u: Sequence[Fraction], v: Sequence[Fraction], weight: Fraction = Fraction(1)) -> Vector:
    return tuple(a + weight * b for a, b in zip(u, v))


def reference_bp(Z: list[Vector], steps: int) -> list[Vector]:
    """§3's Batch Perceptron: θ̂_0 = 0, θ̂_1 = (1/(2n))Σz_i, θ̂_{t+1} = θ̂_t + (1/n)Σ_{m_i ≤ 0} z_i."""
    n, d = len(Z), len(Z[0])
    theta: Vector = tuple(Fraction(0) for _ in range(d))
    out = [theta]
    for t in range(steps):
        if t == 0:
            for z in Z:
                theta = _plus(theta, z, Fraction(1, 2 * n))
        else:
            misclassified = [z for z in Z if _dot(z, theta) <= 0]
            for z in misclassified:
                theta = _plus(theta, z, Fraction(1, n))
        out.append(theta)
    return out


def reference_nbp(Z: list[Vector], steps: int) -> list[Vector]:
    """§5's Normalized Batch Perceptron: θ̂_{t+1} = θ̂_t + (1/|S_t|)Σ_{i∈S_t} z_i, S_t = {m_i ≤ 0}."""
    d = len(Z[0])
    theta: Vector = tuple(Fraction(0) for _ in range(d))
    out = [theta]
    for _ in range(steps):
        misclassified = [z for z in Z if _dot(z, theta) <= 0]
        for z in misclassified:
            theta = _plus(theta, z, Fraction(1, len(misclassified)))
        out.append(theta)
    return out


def _first_index(Z: list[Vector]) -> list[int]:
    """For each point, the index of the first point equal to it (identical points are one choice)."""
    seen: dict[Vector, int] = {}
    return [seen.setdefault(z, i) for i, z in enumerate(Z)]


def reference_perceptron(Z: list[Vector], steps: int, pick: str) -> list[Vector]:
    """§5's Perceptron: θ̂_{t+1} = θ̂_t + z_j for one misclassified j (m_j ≤ 0), j chosen by ``pick``.

    The choice is among the distinct points, each placed where it first appears in the data: "first"
    and "last" by that place, "worst" (smallest margin) and "best" (largest margin) with the earlier
    place winning a tie."""
    d = len(Z[0])
    place = _first_index(Z)
    theta: Vector = tuple(Fraction(0) for _ in range(d))
    out = [theta]
    keys: dict[str, Callable[[int, Fraction], tuple[Any, ...]]] = {
        "first": lambda p, m: (p,),
        "last": lambda p, m: (-p,),
        "worst": lambda p, m: (m, p),
        "best": lambda p, m: (-m, p),
    }
    key = keys[pick]
    for _ in range(steps):
        candidates = {place[i]: _dot(z, theta) for i, z in enumerate(Z) if _dot(z, theta) <= 0}
        if candidates:
            chosen = min(candidates, key=lambda p: key(p, candidates[p]))
            theta = _plus(theta, Z[chosen])
        out.append(theta)
    return out


def first_solving(Z: list[Vector], iterates: list[Vector]) -> int | None:
    """The first t ≥ 1 whose iterate has every margin z_iᵀθ_t > 0 (None if none does)."""
    return next((t for t in range(1, len(iterates)) if all(_dot(z, iterates[t]) > 0 for z in Z)), None)


def _cross(u: Sequence[Fraction], v: Sequence[Fraction]) -> Fraction:
    return u[0] * v[1] - u[1] * v[0]


def hull_contains_origin(Z: list[Vector]) -> bool:
    """Whether 0 ∈ conv{z_i} for points in the line or the plane (exact; Carathéodory: some ≤ 3 points).

    Separability through the origin fails exactly then (Gordan's alternative: no θ with Zθ > 0 iff
    some λ ≥ 0, λ ≠ 0 has Zᵀλ = 0)."""
    if len(Z[0]) == 1:
        return any(z[0] == 0 for z in Z) or (any(z[0] > 0 for z in Z) and any(z[0] < 0 for z in Z))
    if len(Z[0]) != 2:
        raise ValueError("hull_contains_origin handles d ≤ 2")
    points = sorted(set(Z))
    if any(p == (0, 0) for p in points):
        return True
    for p, q in itertools.combinations(points, 2):  # 0 on a segment: two exactly opposite directions
        if _cross(p, q) == 0 and _dot(p, q) < 0:
            return True
    for p, q, r in itertools.combinations(points, 3):  # 0 inside a triangle: three orientations agree
        signs = (_cross(p, q), _cross(q, r), _cross(r, p))
        if all(s > 0 for s in signs) or all(s < 0 for s in signs):
            return True
    return False


def hull_distance_squared(Z: list[Vector]) -> Fraction:
    """The squared distance from 0 to conv{z_i}, exactly, for points in the plane with 0 outside the hull.

    The nearest point of the hull lies on its boundary, a union of segments between the z_i, and every
    such segment lies in the hull: the minimum over all points and all segments is the distance."""
    best = min(_dot(z, z) for z in Z)
    for i, p in enumerate(Z):
        for q in Z[i + 1:]:
            edge = tuple(b - a for a, b in zip(p, q))
            length = _dot(edge, edge)
            if length == 0:
                continue
            s = -_dot(p, edge) / length
            if 0 < s < 1:
                nearest = _plus(p, edge, s)
                best = min(best, _dot(nearest, nearest))
    return best
