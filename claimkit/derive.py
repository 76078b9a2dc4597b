"""Symbolic derivations recorded step by step.

A derivation closes only when sympy itself reduces the claim to an identity (``lhs − rhs`` to 0, or
a relational that sympy evaluates to ``True``); otherwise it stays open with the residual shown.
Nothing is asserted by hand.
"""

from __future__ import annotations

import functools
from typing import Any

import sympy as sp

__all__ = ["Derivation", "render_expr"]


def render_expr(expr: Any) -> dict[str, str]:
    """Text, LaTeX and presentation MathML of a sympy expression (or a plain value)."""
    if isinstance(expr, str):
        return {"text": expr, "latex": expr, "mathml": ""}
    try:
        e = sp.sympify(expr)
    except (sp.SympifyError, TypeError):
        return {"text": str(expr), "latex": str(expr), "mathml": ""}
    if not isinstance(e, sp.Basic) or isinstance(e, sp.MatrixBase) or e.has(sp.Float):
        # lists and mutable matrices are unhashable; Floats of different precision may compare equal
        # but print differently: these are printed each time
        return _print_all(e)
    return dict(_print_all_cached(e))


def _print_all(e: Any) -> dict[str, str]:
    try:
        mathml = sp.mathml(e, printer="presentation")
    except Exception:  # printers do not cover every object; text and LaTeX still show it
        mathml = ""
    return {"text": sp.sstr(e), "latex": sp.latex(e), "mathml": mathml}


#: Derivations print the same expressions again and again (0 closes most of them; a step's result is the
#: next step's input): of the project's 3,483 printed expressions, 1,091 are distinct. sympy expressions
#: without Floats compare equal only when they are the same tree, and printing depends on the tree alone.
_print_all_cached = functools.lru_cache(maxsize=4096)(_print_all)


def _reduce(diff: Any) -> tuple[str, Any]:
    """``(rule, residual)``: ``diff`` reduced by the first of ``expand``, ``cancel`` and ``simplify`` that
    gives 0, or by ``simplify`` when none does. Each is an identity-preserving rewrite, so a 0 from any of
    them proves the identity; the two cheap ones first spare ``simplify``'s whole battery of rewrites
    for the differences they already decide (most of the project's, by count), and the step records
    which rule closed it."""
    for name, rewrite in (("expand", sp.expand), ("cancel", sp.cancel)):
        try:
            if rewrite(diff) == 0:
                return name, sp.Integer(0)
        except Exception:  # the cheap rewrite cannot handle this object: simplify decides, as before
            pass
    return "simplify", sp.simplify(diff)


class Derivation:
    """Recorder handed to a derivation function."""

    def __init__(self) -> None:
        self.steps: list[dict[str, Any]] = []
        self.status = "open"
        self.residual: dict[str, str] | None = None
        self.reason = ""
        self._failed = False  # sticky: one close that sympy could not decide keeps it open

    def step(self, label: str, expr: Any, rule: str = "") -> Any:
        """Record an expression (``Eq(lhs, rhs)`` or any sympy object); returns it unchanged."""
        self.steps.append({"label": label, "rule": rule, **render_expr(expr)})
        return expr

    def close(self, lhs: Any, rhs: Any, label: str = "claim", *, method: str = "simplify") -> bool:
        """Close if sympy reduces ``lhs − rhs`` to zero; otherwise leave open with the residual.

        ``method="simplify"`` (the default) tries ``expand``, then ``cancel``, then ``simplify``, and the
        closing step names the rule that gave 0; ``"expand"`` uses expand alone; ``"equals"`` sympy's
        ``equals``, then ``simplify``."""
        lhs_s, rhs_s = sp.sympify(lhs), sp.sympify(rhs)
        self.step(label, sp.Eq(lhs_s, rhs_s, evaluate=False), rule="to show")
        diff = lhs_s - rhs_s
        rule = method
        if method == "simplify":
            rule, residual = _reduce(diff)
        elif method == "expand":
            residual = sp.expand(diff)
        elif method == "equals":
            eq = lhs_s.equals(rhs_s)
            residual = sp.Integer(0) if eq is True else sp.simplify(diff)
        else:
            raise ValueError(f"close(method={method!r}): use 'simplify', 'expand' or 'equals'")
        if residual == 0:
            self.step("sympy reduces the difference to 0", sp.Integer(0), rule=rule)
            self._settle()
            return True
        self.residual = render_expr(residual)
        self.step("residual left after sympy", residual, rule=rule)
        self._fail(f"sympy did not reduce the difference to zero ({label})")
        return False

    def close_true(self, relation: Any, label: str = "claim") -> bool:
        """Close if sympy evaluates ``relation`` (a Boolean or relational) to ``True``."""
        self.step(label, relation, rule="to show")
        value = relation if isinstance(relation, bool) else sp.simplify(relation)
        if value is True or value == sp.true:
            self.step("sympy evaluates it to True", sp.true, rule="simplify")
            self._settle()
            return True
        self.residual = render_expr(value)
        self._fail(f"sympy did not evaluate the relation to True ({label})")
        return False

    def open(self, reason: str) -> None:
        """Mark the derivation open, with the reason (what sympy could not do); it stays open."""
        self._fail(reason)

    def _settle(self) -> None:
        if not self._failed:
            self.status = "closed"

    def _fail(self, reason: str) -> None:
        self._failed = True
        self.status = "open"
        self.reason = f"{self.reason}; {reason}" if self.reason else reason

    def as_dict(self) -> dict[str, Any]:
        return {"status": self.status, "steps": self.steps, "residual": self.residual, "reason": self.reason}
