"""The Two-Pass softmax: (mantissa, exponent) accumulation in two passes over the data.

M. Dukhan, A. Ablavatski, "The Two-Pass Softmax Algorithm", arXiv 2001.04438 (2020), with the released XNNPACK
micro-kernels (github.com/google/XNNPACK): ``src/f32-raddextexp/gen/f32-raddextexp-avx2-p5-u32.c`` (pass 1),
``src/f32-vscaleextexp/gen/f32-vscaleextexp-avx2-p5-u8.c`` (pass 2) and ``bench/f32-softmax.cc`` (how they are
called). The paper body was not read: the abstract gives the claims (overflow avoided, all passes bandwidth-bound,
up to 28% and 18% faster); the kernel semantics are read from the released code and ported to numpy operation by
operation (``kernel``); each claim says where its wording comes from.

Statements covered (X1–X9 of the specification):

* X1: the invariant v·2^e = Σ p_j 2^{n_j} with the kernels' flush (``two_pass_softmax.invariant_as_stated``), and
  without it (``two_pass_softmax.invariant_exact``);
* X2: no overflow for every finite input (``two_pass_softmax.no_overflow``), and within the reduction's range
  (``two_pass_softmax.no_overflow_bounded``);
* X3: a few ulps of accuracy (``two_pass_softmax.accuracy_few_ulps``), and the bound growing with the length
  (``two_pass_softmax.accuracy_length_bound``, with the reproduction table);
* X4, X6: the range of t and p as stated (``two_pass_softmax.reduction_range``), the bound that replaces it
  (``two_pass_softmax.reduction_range_bound``), and the accuracy of p·2^n by magnitude
  (``two_pass_softmax.exp_accuracy_by_magnitude``);
* X5: masked logits and large negative values (``two_pass_softmax.special_values_masked``), NaN and +∞
  (``two_pass_softmax.special_values_nan``);
* X7: the floor variant in exact arithmetic (``two_pass_softmax.floor_variant_exact``) and in float32
  (``two_pass_softmax.floor_variant_float32``);
* X8: the traffic model (``two_pass_softmax.bandwidth_bound``) and under write-allocate stores
  (``two_pass_softmax.bandwidth_bound_write_allocate``);
* X9: the online base-e variant (``two_pass_softmax.online_base_e_equivalence``);
* the library's conformance (``two_pass_softmax.library_softmax``, ``two_pass_softmax.library_special_values``).

Stance and origin: the paper asserts X1, X2 and X8 (as read from the abstract and the released kernels); the
questions X3–X7 and X9 about the kernels, the corrections, the write-allocate model and the library are the
suite's (``origin="suite"``).

Modules:

* ``paper``: the paper record and the shared assumption texts;
* ``kernel``: the numpy port of the released float32 kernels (and the two emulation switches: exp(t) for the
  polynomial, floor for the rounding of n);
* ``kernel_variants``: plausible wrong kernels, the mutants of the float32 claims;
* ``exact``: the algorithms in exact and 50-digit arithmetic, the references, the traffic counts;
* ``library``: what a practitioner calls (:func:`~.library.softmax`, :func:`~.library.logsumexp`), validated;
* ``library_variants``: plausible bugs in the library, the mutants of its conformance claims;
* ``claims_exact``, ``claims_float32``, ``claims_traffic``, ``claims_library``: the claims by topic;
* ``derivations``: the sympy derivations.
"""
