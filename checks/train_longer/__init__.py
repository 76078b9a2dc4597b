"""Numerical checks of the train_longer claims (arXiv 1705.08741).

Ground truth is never the formula under test: covariances of the batch mean over every batch enumerated in exact
rationals, the hypergeometric distribution's probability mass, and a Monte Carlo estimate from numpy's sampler;
Sinai's walk simulated walker by walker, and the bottoms of the potential's valleys computed without walkers;
a small network trained by SGD, its gradients checked by complex step and central differences, its trajectory
re-run in extended precision; update counts by counting batches; learning rates looked up epoch by epoch in the
release's regimes; Ghost-BN gradients against exact batch means and complex-step derivatives of the release's
objective, and torch.chunk's documented examples.

Modules:

* ``strategies``: gradient sets and seeds;
* ``exact``: enumeration of every batch in rationals;
* ``noise``: T1, T2, T3;
* ``walks``: T4 (walkers, valley bottoms, the figure);
* ``network``: T5 (the digits network, its fits, its backpropagation, the figure);
* ``regime``: T6, T8 and main_normal.py's reference batch;
* ``ghost``: T7 and the port of main_gbn.py's accumulation;
* ``library_conformance``: the library against the same ground truths at every scale.
"""
