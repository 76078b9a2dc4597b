"""Text with inline LaTeX: how it is split, converted to MathML, and what counts as raw TeX."""

from __future__ import annotations

import pytest

from claimkit.mathtext import MathTextError, plain, problems, split, to_mathml


def test_split_cuts_text_at_unescaped_dollars() -> None:
    """Math sits between single dollars; an escaped dollar is a literal one in the text."""
    assert split(r"a $x_i$ costs \$5") == [("text", "a "), ("math", "x_i"), ("text", " costs $5")]


def test_split_refuses_an_unbalanced_dollar() -> None:
    """An odd number of dollars is an error naming the text, not half-typeset math."""
    with pytest.raises(MathTextError, match="unbalanced"):
        split("costs $5")


def test_to_mathml_converts_a_formula() -> None:
    """A formula becomes MathML with its structure (here a square root over a sum)."""
    mathml = to_mathml(r"\sqrt{\delta^2+\pi^2}")
    assert mathml.startswith("<math") and "<msqrt>" in mathml and "&#x003B4;" in mathml


def test_to_mathml_refuses_an_unknown_macro() -> None:
    """A macro the converter does not know would print verbatim: it is an error that names it."""
    with pytest.raises(MathTextError, match=r"\\foo"):
        to_mathml(r"\foo x")


def test_to_mathml_refuses_a_syntax_error() -> None:
    """An unclosed brace is an error naming the formula."""
    with pytest.raises(MathTextError, match="does not parse"):
        to_mathml(r"\frac{1}{")


def test_problems_finds_tex_outside_dollars() -> None:
    """Subscripts, superscripts and macros outside $…$ would show raw; inside they are fine."""
    assert problems(r"$e^{-\delta}$ and $\Delta_{y,c}$") == []
    assert len(problems(r"e^{-\delta}")) == 1
    assert len(problems(r"see \frac{1}{2}")) == 1
    assert len(problems("plain words, τ and δ > 0")) == 0


def test_plain_drops_the_dollars() -> None:
    """For a terminal: the LaTeX source without the dollars."""
    assert plain(r"radius $r = \pi/2$") == r"radius r = \pi/2"
