"""Numerical checks of the NPO claims (arXiv 2404.05868).

Ground truth is never the formula under test: the released loss is compared with sequence probabilities
computed as products of softmax probabilities at 30 digits; the gradient weight with mpmath's numerical
derivative of the release's loss and with complex-step gradients on a token-level model; the β → 0 limit and
its remainder with mpmath at 40–60 digits; the one-parameter dynamics with the float64 iteration, the gradient
flow (scipy's LSODA, GA's Lambert-W closed form) and the flow's exact time by quadrature; the norm growth and the
synthetic reproduction with numpy models on the released data distribution.

Modules:

* ``strategies``: token batches as the release builds them, forget sets, draws of log-probabilities;
* ``loss``: P1, P2, P3;
* ``grad_diff``: P8 (a unigram token model, the spec's answers of 5 and 50 tokens);
* ``one_param``: the numerics of the one-parameter model (iteration, flow, flow time);
* ``collapse``: P4, P5;
* ``synthetic``: the released random-feature setting and a small softmax regression, in numpy;
* ``training``: P6, P7 (and the reproduction's figure);
* ``library_conformance``: the library against 30–50-digit ground truth at every scale.
"""
