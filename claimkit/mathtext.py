"""Text with inline LaTeX: how claims write statements, assumptions, notes and derivation step labels.

Math goes between single dollar signs (``"the radius is $\\sqrt{\\delta^2 + \\pi^2}/\\Delta$"``); ``\\$``
is a literal dollar. The report converts each piece of math to MathML offline with latex2mathml, so
pages need no script and no network. :func:`problems` says what would show as raw TeX.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["MathTextError", "split", "to_mathml", "problems", "plain"]


class MathTextError(ValueError):
    """A piece of text that would not typeset: unbalanced ``$``, LaTeX outside ``$…$``, an unknown macro."""


#: What raw TeX looks like when it is left outside ``$…$`` (a reader would see it verbatim).
_RAW_TEX = re.compile(r"[_^]\{|\\[A-Za-z]+")
_DOLLAR = re.compile(r"(?<!\\)\$")


def split(text: str) -> list[tuple[str, str]]:
    """``[("text", …), ("math", …), …]``: the text cut at unescaped ``$``; raises on an odd count."""
    if not isinstance(text, str):
        raise TypeError(f"expected text, got {type(text).__name__}")
    pieces = _DOLLAR.split(text)
    if len(pieces) % 2 == 0:
        raise MathTextError(f"unbalanced $ in {text!r}: math goes between two $ signs (write \\$ for a dollar)")
    return [("math" if i % 2 else "text", piece.replace("\\$", "$") if i % 2 == 0 else piece)
            for i, piece in enumerate(pieces) if piece or i % 2]


@lru_cache(maxsize=65536)
def to_mathml(latex: str, display: str = "inline") -> str:
    """Presentation MathML of one LaTeX formula; raises :class:`MathTextError` if it cannot be typeset
    (a syntax error, or a macro latex2mathml does not know, which it would print verbatim)."""
    import latex2mathml.converter

    if not latex.strip():
        raise MathTextError("empty math ($$): remove it or write the formula")
    try:
        mathml = latex2mathml.converter.convert(latex, display=display)
    except Exception as exc:  # the converter raises its own exception types for syntax errors
        raise MathTextError(f"${latex}$ does not parse as LaTeX ({type(exc).__name__}: {exc})") from None
    unknown = re.findall(r">(\\[A-Za-z]+)<", mathml)
    if unknown:
        raise MathTextError(f"${latex}$ uses {', '.join(sorted(set(unknown)))}, which the converter does not "
                            "know: write it another way (e.g. \\operatorname{name} for a function name)")
    return mathml


def problems(text: str) -> list[str]:
    """Every reason ``text`` would not typeset cleanly (empty when it is fine)."""
    try:
        pieces = split(text)
    except MathTextError as exc:
        return [str(exc)]
    out = []
    for kind, piece in pieces:
        if kind == "math":
            try:
                to_mathml(piece)
            except MathTextError as exc:
                out.append(str(exc))
        elif _RAW_TEX.search(piece):
            raw = _RAW_TEX.search(piece)
            assert raw is not None
            out.append(f"LaTeX outside $…$ ({raw.group(0)!r}) in {text!r}: put the formula between $ signs")
    return out


def plain(text: str) -> str:
    """The text with its math left as LaTeX source but without the ``$`` signs (for a terminal)."""
    try:
        return "".join(piece for _, piece in split(text))
    except MathTextError:
        return text
