"""The released kernels in float32 (the numpy port of .kernel): overflow (X2), accuracy (X3), the range of
the argument reduction and of p (X4, X6), special values (X5) and the floor variant in float32 (X7)."""

from __future__ import annotations

from claimkit import Claim

from . import kernel as K
from . import kernel_variants as V
from .paper import KERNEL, PAPER, RECONSTRUCTED

#: The relative error unit of the accuracy statements: one float32 ulp at 1, 2^-23.
ULP = 2.0**-23
#: "A few ulps" in the statement as tested.
FEW_ULPS = 8
#: Entries of the reference below this are not held to a relative accuracy: the kernels flush 2^δ at δ ≤ −127,
#: which can zero an output up to 2^-126 (p_i/v_s ≤ 2).
UNDERFLOW_LEVEL = 2.0**-125

NO_OVERFLOW = Claim(
    id="two_pass_softmax.no_overflow",
    paper=PAPER,
    location="abstract: the Two-Pass algorithm avoids numerical overflow",
    statement=r"For every finite float32 input vector of length at most $2^{24}$, every intermediate of the two "
              r"passes ($p$, $n$, $v$, $e$, the scale factors) and every output is finite.",
    assumptions=(KERNEL,),
    kind="algorithm",
    expected="conditional",
    subject=K.two_pass,
    refined_by="two_pass_softmax.no_overflow_bounded",
    notes=r"The exponent pair removes the overflow of $\sum e^{x_j}$, but not that of the argument reduction: past "
          r"$|x| \approx 2^{24}\ln 2$ the rounded $n$ leaves $|t|$ far outside $[-\ln 2/2, \ln 2/2]$, and at "
          r"$x = -10^{30}$ the reduced argument is of the order of $-10^{22}$: Horner's rule overflows to $-\infty$, "
          r"and $p \cdot s = -\infty \cdot 0$ is NaN. The smallest magnitude found where $p$ is infinite is "
          r"{{overflow_threshold.smallest_overflowing_x}}. " + RECONSTRUCTED,
)

NO_OVERFLOW_BOUNDED = Claim(
    id="two_pass_softmax.no_overflow_bounded",
    paper=PAPER,
    location="abstract, restricted to the range of the argument reduction (this suite's correction)",
    statement=r"For finite float32 inputs with $|x_i| \le 2^{17}$ and length $N \le 2^{24}$, every intermediate and "
              r"output is finite: $p \in [0.69, 1.44]$, and the accumulated $v$ stays in $[0.69, 1.44N]$ (at least the "
              r"$p$ of the element holding the maximum exponent, at most $N \max p$, as every scale factor is at most "
              r"1).",
    assumptions=(KERNEL,),
    kind="algorithm",
    expected="supported",
    subject=K.pass1,
    origin="suite",
    notes=r"$v$ is bounded by the quantities the kernel controls: the number of terms and the range of $p$ "
          r"(two_pass_softmax.reduction_range_bound); the exponent $e$ is at most $\max|x|\log_2 e + 1$. Checked on "
          r"vectors with outliers at $\pm 2^{17}$ and around the float32 overflow of $e^{x}$ at 88.72.",
)
NO_OVERFLOW_BOUNDED.mutant("direct_accumulation", r"$\sum p\,2^{n}$ accumulated in float32 without the exponent",
                           V.direct_accumulation_pass1)
NO_OVERFLOW_BOUNDED.mutant("naive_one_pass", r"$\sum e^{x}$ in float32 without any shift", V.naive_pass1)


ACCURACY = Claim(
    id="two_pass_softmax.accuracy_few_ulps",
    paper=PAPER,
    location="X3: accuracy of the released kernels",
    statement=r"The Two-Pass output agrees with the float64 Three-Pass reference to within a few ($8$) float32 ulps "
              r"relative, $|y_i - y_i^{\mathrm{ref}}| \le 8 \cdot 2^{-23} y_i^{\mathrm{ref}}$, on every entry above "
              r"the underflow level ($y_i^{\mathrm{ref}} \ge 2^{-125}$), for lengths 1 to 4096, magnitudes up to "
              r"$10^{4}$ and offsets within 80 of the float32 overflow threshold 88.72.",
    assumptions=(KERNEL,),
    kind="algorithm",
    expected="conditional",
    subject=K.two_pass,
    origin="suite",
    refined_by="two_pass_softmax.accuracy_length_bound",
    notes=r"A constant error bound fails with the length: the eight lanes each add about $N/8$ terms in float32, and "
          r"on equal inputs the rounding errors do not cancel. On 4096 equal entries the error is "
          r"{{equal_entries_witness.error_ulps}} ulps (the exact answer is $1/4096$). The corrected bound grows "
          r"with $N/8$: "
          r"two_pass_softmax.accuracy_length_bound.",
)

ACCURACY_BOUND = Claim(
    id="two_pass_softmax.accuracy_length_bound",
    paper=PAPER,
    location="X3, with the length in the bound (this suite's correction)",
    statement=r"$|y_i - y_i^{\mathrm{ref}}| \le (\lceil N/8\rceil + 10)\,2^{-24}\,y_i^{\mathrm{ref}}$ on every entry "
              r"with $y_i^{\mathrm{ref}} \ge 2^{-125}$, for $N \le 4096$ and $|x_i| \le 10^{4}$.",
    assumptions=(KERNEL,),
    kind="algorithm",
    expected="supported",
    subject=K.two_pass,
    origin="suite",
    notes=r"First-order bound: each lane sums at most $\lceil N/8\rceil$ nonnegative terms ($\lceil N/8\rceil - 1$ "
          r"roundings), the merge adds 3, $p$ carries the polynomial's error in the numerator and in the sum, the "
          r"reciprocal and the product one rounding each: the constant 10 covers all but the lanes' sums. The "
          r"second emulation, with $\mathrm{fl}(e^{t})$ for the polynomial, is within "
          r"{{reproduction.worst_exp_ulps}} ulps where the polynomial gives "
          r"{{reproduction.worst_poly_ulps}}: the table by magnitude band separates the two.",
)
for _name, _fn, _text in (
        ("naive_one_pass", V.naive_one_pass, r"$e^{x}/\sum e^{x}$ in float32 (overflows past 88.72)"),
        ("no_rescale", V.no_rescale, r"pass 1 does not rescale $v$ when $e$ grows"),
        ("inverted_rescale", V.inverted_rescale, r"pass 1 rescales $v$ by $2^{e' - e}$"),
        ("direct_accumulation", V.direct_accumulation, r"$\sum p\,2^{n}$ accumulated in float32 without the exponent"),
        ("inverted_pass2", V.inverted_pass2, r"pass 2 scales by $2^{e_s - n_i}$")):
    ACCURACY_BOUND.mutant(_name, _text, _fn)

REDUCTION = Claim(
    id="two_pass_softmax.reduction_range",
    paper=PAPER,
    location="src/f32-raddextexp: polynomial approximation of exp(t) on [-log(2)/2, log(2)/2]",
    statement=r"For every finite float32 input with $|x| \le 10^{8}$, the reduced argument $t$ lies in "
              r"$[-\ln 2/2, \ln 2/2]$ up to its own rounding ($2^{-24}$), and $p = e^{t}$ up to the polynomial's "
              r"error lies in $[1/\sqrt 2, \sqrt 2]$ (X4, X6).",
    assumptions=(KERNEL,),
    kind="inequality",
    expected="conditional",
    subject=K.ext_exp,
    origin="suite",
    refined_by="two_pass_softmax.reduction_range_bound",
    notes=r"$n$ is rounded from the float32 product $\mathrm{fl}(x\log_2 e)$, whose rounding and the float32 "
          r"$\log_2 e$ move $t$ past $\ln 2/2$ by up to $\ln 2\,(\frac12\mathrm{ulp}(x\log_2 e) + "
          r"|x|\,|\mathrm{fl}(\log_2 e) - \log_2 e|)$: already at $x = 50.253173828125$ the overshoot is far "
          r"larger than the rounding of $t$, and $p$ leaves $[1/\sqrt 2, \sqrt 2]$ by more than the polynomial's "
          r"error. The overshoot is harmless while the polynomial stays accurate a little past its interval "
          r"(two_pass_softmax.exp_accuracy_by_magnitude).",
)

REDUCTION_BOUND = Claim(
    id="two_pass_softmax.reduction_range_bound",
    paper=PAPER,
    location="src/f32-raddextexp, the reduction's actual range (this suite's correction)",
    statement=r"For finite float32 $x$ with $|x| < 2^{24}$: $|t| \le T(x) = \ln 2\,(\frac12 + \frac12\mathrm{ulp}"
              r"(\mathrm{fl}(x\log_2 e)) + |x|\,|\mathrm{fl}(\log_2 e) - \log_2 e|) + 2^{-22}$, and "
              r"$p \in [e^{-T(x)}, e^{T(x)}]$ up to a relative $2^{-21}$ while $T(x) \le 0.4$.",
    assumptions=(KERNEL,),
    kind="inequality",
    expected="supported",
    subject=K.ext_exp,
    origin="suite",
    notes=r"The bound adds to $\ln 2/2$ the rounding of the product that $n$ is rounded from and the error of the "
          r"float32 $\log_2 e$; the two FMAs round $t$ twice. It is attained to within a few percent on the binades "
          r"sampled.",
)
REDUCTION_BOUND.mutant("truncated_reduction", r"$t = x - n\ln 2_{\mathrm{hi}}$ without the low part",
                       V.ext_exp_without_low_part)
REDUCTION_BOUND.mutant("floor_reduction", r"$n = \lfloor \mathrm{fl}(x\log_2 e)\rfloor$",
                       lambda x: K.ext_exp(x, reduction=K.round_floor))

EXP_ACCURACY = Claim(
    id="two_pass_softmax.exp_accuracy_by_magnitude",
    paper=PAPER,
    location="X4: where the argument reduction degrades (this suite's measurement)",
    statement=r"$p\,2^{n}$ approximates $e^{x}$ to within $2$ float32 ulps relative ($2 \cdot 2^{-23}$) for "
              r"$|x| < 2^{17}$, and degrades beyond: some $x$ in each binade from $2^{19}$ to $2^{23}$ has an error "
              r"above 8 ulps, and in the binade of $2^{24}$ above $10^{5}$ ulps.",
    assumptions=(KERNEL,),
    kind="empirical",
    expected="supported",
    subject=K.ext_exp,
    origin="suite",
    notes=r"The table gives the worst error per binade of $|x|$: below $2^{15}$ it is the polynomial's "
          r"{{degradation.worst_below_2_15}} ulps; from $2^{17}$ on the overshoot of $t$ "
          r"(two_pass_softmax.reduction_range_bound) takes the polynomial off its interval. For softmax this matters "
          r"only for logits that are large and close together: with $[X, X - 1]$ the two entries become equal in "
          r"float32 once $X \ge 2^{24}$.",
)
EXP_ACCURACY.mutant("one_constant_reduction", r"$t = x - n\ln 2_{\mathrm{hi}}$ without the low part",
                    V.ext_exp_without_low_part)
EXP_ACCURACY.mutant("narrower_polynomial", r"a degree-4 polynomial (the $t^{5}$ term dropped)",
                    V.ext_exp_degree4)

MASKED = Claim(
    id="two_pass_softmax.special_values_masked",
    paper=PAPER,
    location="X5: special values (this suite's question)",
    statement=r"On inputs containing $-\infty$ (masked logits) or very large negative finite values (such as "
              r"$-10^{30}$), the kernels' output agrees with the Three-Pass reference wherever the reference is "
              r"well defined.",
    assumptions=(KERNEL,),
    kind="algorithm",
    expected="refuted",
    subject=K.two_pass,
    origin="suite",
    notes=r"At $x = (0, -\infty)$ the reference is $(1, 0)$ and the kernels return $(\mathrm{NaN}, \mathrm{NaN})$: "
          r"$t = \mathrm{fma}(-\infty, -\ln 2_{\mathrm{hi}}, -\infty) = \infty - \infty$, so $p$ is NaN, and the "
          r"flushed scale factor $0$ does not remove it ($\mathrm{NaN} \cdot 0$). A finite $-10^{30}$ does the same "
          r"through an infinite $p$ (two_pass_softmax.no_overflow). A masked-attention row therefore needs the "
          r"$-\infty$ entries replaced before the kernels run; the library skips them.",
)

NAN_PROPAGATES = Claim(
    id="two_pass_softmax.special_values_nan",
    paper=PAPER,
    location="X5: special values (this suite's question)",
    statement=r"On inputs containing NaN or $+\infty$, where the Three-Pass reference is NaN, the kernels' output "
              r"is NaN in every entry too.",
    assumptions=(KERNEL,),
    kind="algorithm",
    expected="supported",
    subject=K.two_pass,
    origin="suite",
    notes=r"$+\infty$ gives $n = +\infty$ and $t = \infty - \infty$; NaN propagates through $p$. Neither is turned "
          r"into a number by the flush (which maps a NaN exponent difference to $s = 0$, but $\mathrm{NaN} \cdot 0$ "
          r"is NaN).",
)
NAN_PROPAGATES.mutant("sanitized", "NaN and $+\\infty$ entries silently replaced by 0 before the kernels",
                      V.sanitized)

FLOOR32 = Claim(
    id="two_pass_softmax.floor_variant_float32",
    paper=PAPER,
    location="X7, measured in float32 (this suite's question)",
    statement=r"In float32, the floor variant ($n = \lfloor\mathrm{fl}(x\log_2 e)\rfloor$, $t \in [0, \ln 2)$) with "
              r"the kernels' polynomial keeps the accuracy of the rounding variant: within "
              r"$(\lceil N/8\rceil + 10)\,2^{-24}$ relative of the reference.",
    assumptions=(KERNEL,),
    kind="algorithm",
    expected="refuted",
    subject=K.two_pass_floor,
    origin="suite",
    notes=r"Exact in exact arithmetic (two_pass_softmax.floor_variant_exact), but the polynomial is fitted on "
          r"$[-\ln 2/2, \ln 2/2]$: on $[0, \ln 2)$ its error reaches {{floor_in_float32.worst_ulps}} ulps. With "
          r"$\mathrm{fl}(e^{t})$ in its place the floor variant is within {{floor_in_float32.exp_worst_ulps}} ulps: "
          r"the loss is the polynomial's interval, not the algorithm.",
)
