"""What a check body uses to state its property: assertions with domain messages and evidence.

Every comparison refuses NaN and infinity loudly: ``not (err > tol)`` is true for NaN, so the
helpers test ``err <= tol`` and check finiteness first.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import hypothesis
from hypothesis.errors import UnsatisfiedAssumption

__all__ = ["CheckFailure", "Evidence", "as_float"]


class CheckFailure(AssertionError):
    """The property does not hold for this case. ``claimed`` and ``observed`` go into the report."""

    #: How the report names the two values: an equality compares the claim with the ground truth,
    #: an inequality its two sides.
    EQUALITY = ("the claim predicts", "ground truth gives")
    INEQUALITY = ("left side", "right side")

    def __init__(self, message: str, *, claimed: Any = None, observed: Any = None,
                 labels: tuple[str, str] = EQUALITY) -> None:
        super().__init__(message)
        self.message = message
        self.claimed = claimed
        self.observed = observed
        self.labels = labels


def as_float(value: Any) -> float:
    """A float for margins and reports; mpmath, numpy and Fraction values included."""
    try:
        return float(value)
    except (TypeError, ValueError) as exc:  # complex or non-numeric
        raise TypeError(f"expected a real number, got {value!r}") from exc


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, Fraction):
        return str(value)
    try:
        import mpmath

        if isinstance(value, (mpmath.mpf, mpmath.mpc)):
            return str(mpmath.nstr(value, 12))
    except ImportError:  # pragma: no cover
        pass
    return repr(value)


class Evidence:
    """Handed to each check body once per example.

    Assertion helpers raise :class:`CheckFailure`; ``reject`` discards an ill-conditioned example
    (it does not count as valid); ``margin`` records how far an inequality is from failing, and
    hypothesis targets its minimum in the thorough profile.
    """

    def __init__(self, *, targeting: bool, profile: str = "ci", wants_figures: bool = False) -> None:
        self._targeting = targeting
        #: The profile of the run ("ci" or "thorough"): a deterministic check may scale its work with it.
        self.profile = profile
        #: Whether figures drawn here are kept (never in mutant runs): draw only when True.
        self.wants_figures = wants_figures
        self.margins: dict[str, float] = {}
        self.notes: list[str] = []
        self.metrics: dict[str, Any] = {}
        self.tables: dict[str, list[dict[str, Any]]] = {}
        self.figures: list[tuple[str, Any, str]] = []
        self.shown: dict[str, Any] = {}

    # -- filtering -------------------------------------------------------------------------------

    def reject(self, reason: str = "") -> None:
        """Discard this example (ill-conditioned, outside the claim's assumptions)."""
        if hypothesis.currently_in_test_context():
            hypothesis.reject()
        # a deterministic check, or a mutant's run of the examples the claim's run drew: no hypothesis test
        # is running, and the engine counts the example as rejected
        raise UnsatisfiedAssumption(reason or "rejected")

    def assume(self, condition: bool, reason: str = "") -> None:
        """Keep the example only if ``condition`` holds."""
        if not condition:
            self.reject(reason)

    # -- assertions ------------------------------------------------------------------------------

    def that(self, condition: bool, message: str, *, claimed: Any = None, observed: Any = None,
             labels: tuple[str, str] | None = None) -> None:
        """Fail with ``message`` unless ``condition`` is exactly ``True``.

        labels: how the report names ``claimed`` and ``observed`` (default: what the claim predicts,
        what the ground truth gives), e.g. ``("f(cW)", "f(W)")`` for an invariance.
        """
        import numpy as np

        if not isinstance(condition, (bool, np.bool_)):
            raise TypeError(f"that() takes a bool, got {type(condition).__name__}: compare explicitly")
        if not bool(condition):
            raise CheckFailure(message, claimed=claimed, observed=observed,
                               labels=_labels(labels, CheckFailure.EQUALITY))

    def finite(self, value: Any, what: str) -> None:
        """Fail if ``value`` (scalar or array) holds NaN or infinity."""
        import numpy as np

        try:
            arr = np.asarray(value, dtype=complex)
        except (TypeError, ValueError):
            arr = np.asarray([complex(v) for v in np.ravel(value)])
        if not np.all(np.isfinite(arr)):
            raise CheckFailure(f"{what} is not finite: {value!r}", observed=value)

    def close(
        self,
        claimed: Any,
        truth: Any,
        *,
        rtol: float = 0.0,
        atol: float = 0.0,
        what: str = "value",
        context: str = "",
        labels: tuple[str, str] | None = None,
    ) -> None:
        """Fail unless |claimed − truth| <= atol + rtol·|truth| (elementwise for arrays).

        ``claimed`` is what the formula under test gives, ``truth`` the independent ground truth;
        ``labels`` names them in the report (default: "the claim predicts", "ground truth gives").
        """
        import numpy as np

        names = _labels(labels, CheckFailure.EQUALITY)
        if rtol < 0 or atol < 0:
            raise ValueError("close(): tolerances must be non-negative")
        if _exact(claimed, truth):
            if claimed != truth:
                raise CheckFailure(
                    f"{what}: claimed {_fmt(claimed)} but truth is {_fmt(truth)}{_ctx(context)}",
                    claimed=claimed,
                    observed=truth,
                    labels=names,
                )
            return
        c = _to_array(claimed)
        t = _to_array(truth)
        if c.shape != t.shape and c.size != 1 and t.size != 1:
            raise CheckFailure(f"{what}: shape {c.shape} vs truth shape {t.shape}{_ctx(context)}",
                               claimed=claimed, observed=truth, labels=names)
        for arr, who in ((c, "claimed"), (t, "truth")):
            if not np.all(np.isfinite(arr)):
                raise CheckFailure(
                    f"{what}: {who} value is not finite ({_fmt(claimed if who == 'claimed' else truth)})"
                    f"{_ctx(context)}",
                    claimed=claimed,
                    observed=truth,
                    labels=names,
                )
        err = np.abs(c - t)
        err, bound = np.broadcast_arrays(err, atol + rtol * np.abs(t))  # an array against a scalar, or the reverse
        ok = err <= bound
        if not bool(np.all(ok)):
            worst = int(np.argmax(err - bound))
            e, b = float(np.ravel(err)[worst]), float(np.ravel(bound)[worst])
            raise CheckFailure(
                f"{what}: claimed {_fmt(claimed)} but truth is {_fmt(truth)} "
                f"(error {e:.3g} > tolerance {b:.3g}){_ctx(context)}",
                claimed=claimed,
                observed=truth,
                labels=names,
            )
        slack = float(np.min(bound - err)) if bound.size else 0.0
        self._record_margin(f"{what} slack", slack)

    def le(self, lhs: Any, rhs: Any, *, what: str = "inequality", context: str = "",
           labels: tuple[str, str] | None = None) -> None:
        """Fail unless lhs <= rhs; record rhs − lhs as this inequality's margin.

        labels: how the report names the two sides (default: "left side", "right side").
        """
        self._compare(lhs, rhs, what, context, strict=False, labels=labels)

    def lt(self, lhs: Any, rhs: Any, *, what: str = "inequality", context: str = "",
           labels: tuple[str, str] | None = None) -> None:
        """Fail unless lhs < rhs; record rhs − lhs as this inequality's margin."""
        self._compare(lhs, rhs, what, context, strict=True, labels=labels)

    def _compare(self, lhs: Any, rhs: Any, what: str, context: str, *, strict: bool,
                 labels: tuple[str, str] | None = None) -> None:
        names = _labels(labels, CheckFailure.INEQUALITY)
        if _exact(lhs, rhs):
            ok = lhs < rhs if strict else lhs <= rhs
            margin = float(rhs - lhs)
        else:
            lf, rf = as_float(lhs), as_float(rhs)
            for v, who in ((lf, "left side"), (rf, "right side")):
                if math.isnan(v):
                    raise CheckFailure(f"{what}: {who} is NaN{_ctx(context)}", claimed=lhs, observed=rhs,
                                       labels=names)
            ok = (lhs < rhs) if strict else (lhs <= rhs)
            ok = bool(ok)
            margin = rf - lf
        if not ok:
            sign = "<" if strict else "≤"
            raise CheckFailure(
                f"{what}: expected {_fmt(lhs)} {sign} {_fmt(rhs)}{_ctx(context)}",
                claimed=lhs,
                observed=rhs,
                labels=names,
            )
        self._record_margin(what, margin)

    # -- evidence beyond pass/fail ---------------------------------------------------------------

    def target(self, value: float, label: str) -> None:
        """Steer hypothesis towards large ``value`` (thorough profile) and keep its minimum."""
        self._record_margin(label, -as_float(value))

    def show(self, name: str, value: Any) -> None:
        """Keep a value this example computed from its case (a matrix drawn from a seed, both sides of
        an invariance): a counterexample shows it beside the drawn inputs, so it reads as data."""
        if not isinstance(name, str) or not name.strip():
            raise ValueError("show(): name must be a non-empty string such as 'W' or 'f(cW)'")
        self.shown[name] = value

    def note(self, text: str) -> None:
        """A sentence for the report (deterministic checks)."""
        self.notes.append(text)

    def metric(self, name: str, value: Any) -> None:
        """A named number (or short value) shown with the check's evidence."""
        self.metrics[name] = _plain(value)

    def table(self, name: str, rows: Sequence[dict[str, Any]]) -> None:
        """A small table shown with the check's evidence."""
        self.tables[name] = [{k: _plain(v) for k, v in row.items()} for row in rows]

    def figure(self, name: str, fig: Any, caption: str = "") -> None:
        """Attach a matplotlib figure drawn by this check to the claim's page."""
        self.figures.append((name, fig, caption))

    def _record_margin(self, label: str, margin: float) -> None:
        if math.isnan(margin):
            raise CheckFailure(f"{label}: margin is NaN")
        prev = self.margins.get(label)
        if prev is None or margin < prev:
            self.margins[label] = margin

    def flush_targets(self) -> None:
        """Hand each label's worst margin of this example to hypothesis: once per label, as
        ``hypothesis.target`` refuses a second call with the same label in one example."""
        if self._targeting:
            for label, margin in self.margins.items():
                if math.isfinite(margin):
                    hypothesis.target(-margin, label=label)


def _exact(*values: Any) -> bool:
    return all(isinstance(v, (int, Fraction)) and not isinstance(v, bool) for v in values)


def _to_array(value: Any) -> Any:
    import numpy as np

    try:
        import mpmath

        if isinstance(value, (mpmath.mpf, mpmath.mpc)):
            value = complex(value) if isinstance(value, mpmath.mpc) else float(value)
        elif isinstance(value, mpmath.matrix):
            value = [complex(v) for v in value]
    except ImportError:  # pragma: no cover
        pass
    arr = np.asarray(value)
    if arr.dtype == object:
        arr = np.asarray([complex(v) for v in np.ravel(arr)]).reshape(arr.shape)
    return arr


def _labels(labels: tuple[str, str] | None, default: tuple[str, str]) -> tuple[str, str]:
    if labels is None:
        return default
    if (not isinstance(labels, tuple) or len(labels) != 2
            or not all(isinstance(x, str) and x.strip() for x in labels)):
        raise ValueError(f"labels= takes two non-empty names, e.g. ('f(cW)', 'f(W)'), got {labels!r}")
    return labels


def _ctx(context: str) -> str:
    return f" [{context}]" if context else ""


def _plain(value: Any) -> Any:
    """JSON-friendly version of a value."""
    import numpy as np

    if isinstance(value, (bool, int, str)) or value is None:
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else repr(value)
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, np.generic):
        return _plain(value.item())
    if isinstance(value, np.ndarray):
        return [_plain(v) for v in value.tolist()] if value.size <= 64 else f"array{value.shape}"
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, complex):
        return f"{value.real:.12g}{value.imag:+.12g}j"
    try:
        return float(value) if math.isfinite(float(value)) else repr(value)
    except (TypeError, ValueError):
        return repr(value)
