"""The paper of the Two-Pass softmax family: M. Dukhan, A. Ablavatski, arXiv 2001.04438 (2020)."""

from __future__ import annotations

from claimkit import Paper

PAPER = Paper(
    title="The Two-Pass Softmax Algorithm",
    authors=("Marat Dukhan", "Artsiom Ablavatski"),
    year=2020,
    arxiv="2001.04438",
    code="https://github.com/google/XNNPACK (src/f32-raddextexp, src/f32-vscaleextexp)",
)

#: The kernel semantics every float32 claim is about.
KERNEL = (r"float32 inputs; the released AVX2 kernels as ported to numpy operation by operation: "
          r"$n = \mathrm{rint}(\mathrm{fl}(x \log_2 e))$, $t = x - n\ln 2$ by two FMAs, $p$ the degree-5 "
          r"polynomial, $s(\delta) = 2^{\delta}$ flushed to 0 at $\delta \le -127$, eight lanes merged at the end")

RECONSTRUCTED = ("The paper body was not read: the wording is the specification's, reconstructed from the abstract "
                 "and the released kernels.")
