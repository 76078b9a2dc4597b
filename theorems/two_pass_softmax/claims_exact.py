"""The algorithm in exact arithmetic: the invariant of pass 1 (X1), the floor variant (X7) and the online
base-e variant (X9)."""

from __future__ import annotations

import mpmath

from claimkit import Claim

from . import exact as E
from .paper import PAPER, RECONSTRUCTED


def pass1_without_rescale(pairs, two=E.TWO):
    """Mutant: v ← v + p·2^{n − e′}, the running v is not rescaled when the exponent grows."""
    v, e = 0 * two, None
    for p, n in pairs:
        n = int(n)
        if e is None:
            v, e = p, n
            continue
        e_new = max(e, n)
        v, e = v + p * two ** (n - e_new), e_new
    return v, e


def pass1_inverted_rescale(pairs, two=E.TWO):
    """Mutant: v ← v·2^{e′ − e} + p·2^{n − e′}, the rescaling exponent with its sign inverted."""
    v, e = 0 * two, None
    for p, n in pairs:
        n = int(n)
        if e is None:
            v, e = p, n
            continue
        e_new = max(e, n)
        v, e = v * two ** (e_new - e) + p * two ** (n - e_new), e_new
    return v, e


PASS1 = (r"pass 1: $(v, e) = (0, -\infty)$; for each element $e' = \max(e, n)$, "
         r"$v \leftarrow v\,s(e - e') + p\,s(n - e')$, $e \leftarrow e'$; pass 2: "
         r"$y_i = (p_i/v_s)\,2^{n_i - e_s}$")

INVARIANT = Claim(
    id="two_pass_softmax.invariant_as_stated",
    paper=PAPER,
    location="The Two-Pass algorithm (pass 1: src/f32-raddextexp)",
    statement=r"With $s(\delta) = 2^{\delta}$ for $\delta > -127$ and $s(\delta) = 0$ once $\delta$ is clamped at "
              r"$-127$, after every prefix $v\,2^{e} = \sum_{j} p_j 2^{n_j}$ exactly in real arithmetic; hence pass 2 "
              r"returns $\mathrm{softmax}(x)$ in exact arithmetic.",
    assumptions=(PASS1, r"exact real arithmetic; $p_j > 0$, $n_j \in \mathbb{Z}$"),
    kind="algorithm",
    expected="conditional",
    subject=E.pass1_clamped,
    refined_by="two_pass_softmax.invariant_exact",
    notes=r"The flush drops every term more than 126 binades below the running maximum, in exact arithmetic "
          r"too: at $x = (0, -100)$, $n_2 = -144$, so $s(-144) = 0$, $v\,2^{e} = 1$ while the sum is "
          r"$1 + e^{-100}$, and pass 2 returns $y_2 = 0$ instead of $e^{-100}/(1 + e^{-100})$. The dropped mass is "
          r"below $2^{-126}$ of the largest "
          r"term per element, invisible in float32 above the underflow level, but the identity is not exact. "
          + RECONSTRUCTED,
)

INVARIANT_EXACT = Claim(
    id="two_pass_softmax.invariant_exact",
    paper=PAPER,
    location="The Two-Pass algorithm without the flush (this suite's correction)",
    statement=r"With $s(\delta) = 2^{\delta}$ for every $\delta \le 0$ (no flush), after every prefix "
              r"$v\,2^{e} = \sum_j p_j 2^{n_j}$ exactly, every scale factor is at most 1, and with "
              r"$p_j = e^{x_j - n_j\ln 2}$ pass 2 returns $\mathrm{softmax}(x)$ exactly.",
    assumptions=(PASS1, r"exact real arithmetic; $p_j > 0$, $n_j \in \mathbb{Z}$"),
    kind="algorithm",
    expected="proved",
    subject=E.pass1_unclamped,
    origin="suite",
    notes=r"Induction on the prefix (sympy): one step multiplies $v\,2^{e}$ by $2^{e - e'}2^{e'}$ and adds "
          r"$p\,2^{n - e'}2^{e'}$. Checked exactly on rational $(p, n)$ spanning 400 binades and at 50 digits on "
          r"the pairs of real inputs.",
)
INVARIANT_EXACT.mutant("no_rescale", r"$v \leftarrow v + p\,2^{n - e'}$: $v$ not rescaled when $e$ grows",
                       pass1_without_rescale)
INVARIANT_EXACT.mutant("inverted_rescale", r"$v \leftarrow v\,2^{e' - e} + p\,2^{n - e'}$", pass1_inverted_rescale)


def ext_exp_floor(x):
    """X7's pair at the working precision: n = ⌊x/ln 2⌋, p = e^{x − n ln 2}."""
    return E.ext_exp_mp(x, floor=True)


def ext_exp_ceil(x):
    """Mutant: n = ⌈x/ln 2⌉ (p ∈ (1/2, 1])."""
    z = mpmath.mpf(x) / mpmath.ln2
    n = int(mpmath.ceil(z))
    return mpmath.exp(mpmath.mpf(x) - n * mpmath.ln2), n


def ext_exp_floor_stale_t(x):
    """Mutant: n = ⌊x/ln 2⌋ but t still reduced with the rounded n."""
    p, _ = E.ext_exp_mp(x)
    return p, int(mpmath.floor(mpmath.mpf(x) / mpmath.ln2))


FLOOR = Claim(
    id="two_pass_softmax.floor_variant_exact",
    paper=PAPER,
    location="X7: an equivalent variant of ExtExp (this suite's question)",
    statement=r"Replacing $n = \mathrm{round}(x/\ln 2)$ by $n = \lfloor x/\ln 2 \rfloor$ leaves the softmax unchanged "
              r"in exact arithmetic, and then $p = e^{x - n\ln 2} \in [1, 2)$.",
    assumptions=(PASS1, r"exact real arithmetic, $s(\delta) = 2^{\delta}$"),
    kind="identity",
    expected="proved",
    subject=ext_exp_floor,
    origin="suite",
    notes=r"$(p, n) \mapsto (2p, n - 1)$ keeps $p\,2^{n}$, and pass 1 and pass 2 see the pairs only through "
          r"$p\,2^{n}$ (two_pass_softmax.invariant_exact). In float32 with the kernel's polynomial it is another "
          r"matter: two_pass_softmax.floor_variant_float32.",
)
FLOOR.mutant("ceiling", r"$n = \lceil x/\ln 2\rceil$, $p \in (1/2, 1]$", ext_exp_ceil)
FLOOR.mutant("stale_reduction", r"$n = \lfloor x/\ln 2\rfloor$ with $t$ reduced by the rounded $n$",
             ext_exp_floor_stale_t)


def online_without_rescale(xs, exp=mpmath.exp, maximum=max):
    """Mutant: S ← S + exp(x − m), the running sum not rescaled by exp(m_old − m_new)."""
    m, s = None, None
    for x in xs:
        if m is None:
            m, s = x, exp(x - x)
            continue
        m = maximum(m, x)
        s = s + exp(x - m)
    return m, s


def online_inverted_rescale(xs, exp=mpmath.exp, maximum=max):
    """Mutant: S ← S·exp(m_new − m_old) + exp(x − m_new)."""
    m, s = None, None
    for x in xs:
        if m is None:
            m, s = x, exp(x - x)
            continue
        m_new = maximum(m, x)
        s = s * exp(m_new - m) + exp(x - m_new)
        m = m_new
    return m, s


ONLINE = Claim(
    id="two_pass_softmax.online_base_e_equivalence",
    paper=PAPER,
    location="X9: the online base-e variant (this suite's question)",
    statement=r"The online recursion $m' = \max(m, x)$, $S \leftarrow S\,e^{m - m'} + e^{x - m'}$ keeps "
              r"$S\,e^{m} = \sum_j e^{x_j}$, so $e^{x_i - m}/S$ is the same quantity as the (mantissa, exponent) form "
              r"$(p_i/v)\,2^{n_i - e}$: equal in exact arithmetic, and within float64 rounding of each other in "
              r"float64.",
    assumptions=(PASS1, r"finite real inputs"),
    kind="identity",
    expected="proved",
    subject=E.online_base_e,
    origin="suite",
    notes=r"The same induction as two_pass_softmax.invariant_exact with base $e$ and a real running maximum; the "
          r"float64 route compares the two forms with each other and with the 50-digit softmax. The library uses this "
          r"form (no argument reduction is needed in float64).",
)
ONLINE.mutant("no_rescale", r"$S \leftarrow S + e^{x - m'}$", online_without_rescale)
ONLINE.mutant("inverted_rescale", r"$S \leftarrow S\,e^{m' - m} + e^{x - m'}$", online_inverted_rescale)
