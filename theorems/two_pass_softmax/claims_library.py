"""The library's conformance claims: softmax and logsumexp against 50-digit ground truth at every scale, and
the special values (masked logits, NaN, +∞) handled as documented."""

from __future__ import annotations

from typing import Any, NamedTuple

from claimkit import Claim

from . import library as L
from . import library_variants as bug
from .paper import PAPER


class Library(NamedTuple):
    """The library's public names, as one subject."""

    softmax: Any
    logsumexp: Any


LIBRARY_SOFTMAX = Claim(
    id="two_pass_softmax.library_softmax",
    paper=PAPER,
    location="library: softmax",
    statement=r"softmax$(x, \mathrm{axis}, \mathrm{chunk})$ returns $e^{x_i}/\sum_j e^{x_j}$ along the axis to "
              r"relative $(N + 8 + 2|x_i - \max_j x_j|)\,2^{-53}$ of its exact value, for finite logits of any "
              r"magnitude (up to $10^{300}$), masked ($-\infty$) entries included, any chunk size and axis.",
    assumptions=(r"real inputs, no NaN or $+\infty$; every slice has a finite entry",),
    kind="algorithm",
    expected="supported",
    subject=L.softmax,
    origin="suite",
    notes=r"Ground truth: the definition at 50 digits on the same floats. The term $2|x_i - m|\,2^{-53}$ is the "
          r"rounding of $x_i - m$ (the problem's own condition); the $N$ term the float64 sum.",
)
LIBRARY_SOFTMAX.mutant("unguarded_merge", r"the merge as written: a masked chunk gives $-\infty - (-\infty)$",
                       bug.unguarded_merge)
LIBRARY_SOFTMAX.mutant("merge_without_rescale", r"the running $S$ not rescaled by $e^{m - m'}$",
                       bug.merge_without_rescale)
LIBRARY_SOFTMAX.mutant("naive", r"$e^{x}/\sum e^{x}$ without a shift", bug.naive)
LIBRARY_SOFTMAX.mutant("first_chunk_only", "the first pass stops after one chunk", bug.first_chunk_only)

LIBRARY_SPECIAL = Claim(
    id="two_pass_softmax.library_special_values",
    paper=PAPER,
    location="library: special values (X5)",
    statement=r"softmax gives masked ($-\infty$) entries exactly 0 and the others the softmax of the unmasked ones; "
              r"a slice with every entry $-\infty$ raises a ValueError for softmax and gives $-\infty$ for "
              r"logsumexp; NaN and $+\infty$ raise a ValueError naming $x$.",
    assumptions=("the library's public names: softmax, logsumexp",),
    kind="algorithm",
    expected="supported",
    subject=Library(L.softmax, L.logsumexp),
    origin="suite",
    notes=r"The released kernels return NaN on masked logits (two_pass_softmax.special_values_masked); the library "
          r"skips a $-\infty$ maximum in the merge instead of forming $-\infty - (-\infty)$.",
)
LIBRARY_SPECIAL.mutant("unguarded_merge", r"the merge as written (NaN on a masked chunk)",
                       Library(bug.unguarded_merge, L.logsumexp))
LIBRARY_SPECIAL.mutant("nan_for_all_masked", "a fully masked slice returned as NaN", Library(bug.nan_for_masked,
                                                                                             L.logsumexp))
LIBRARY_SPECIAL.mutant("accepts_nan", r"NaN and $+\infty$ let through as NaN", Library(bug.accepts_nan, L.logsumexp))
