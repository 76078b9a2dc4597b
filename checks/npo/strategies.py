"""Hypothesis strategies and instance builders shared by the NPO checks.

Token batches as the release sees them (logits of a causal model, labels with -100 for the question and
for the padding after the first end token), forget sets of sequence log-probabilities, and the
log-probability / β draws of the weight claims.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from ...theorems.npo.formulas import IGNORE_INDEX

seeds = st.integers(0, 2**32 - 1)
betas = st.floats(0.01, 10.0).filter(lambda b: b > 0)
log_betas = st.floats(-3.0, 1.0).map(lambda e: 10.0**e)


def token_batch(seed: int, batch: int, length: int, vocab: int, scale: float):
    """(logits, ref_logits, labels) for ``batch`` sequences of ``length`` positions over ``vocab`` tokens:
    standard normal logits times ``scale``; each sequence has a question of 2–3 positions (labels -100),
    an answer of at least 2 tokens, and possibly padding (-100) after it, as the release's data module
    builds them (TOFU/data_module.py::convert_raw_data_to_model_format, 1207bbe)."""
    rng = np.random.default_rng(seed)
    logits = scale * rng.normal(size=(batch, length, vocab))
    ref_logits = scale * rng.normal(size=(batch, length, vocab))
    labels = rng.integers(0, vocab, size=(batch, length))
    for b in range(batch):
        question = int(rng.integers(2, 4))
        answer = int(rng.integers(2, length - question + 1))
        labels[b, :question] = IGNORE_INDEX
        labels[b, question + answer:] = IGNORE_INDEX
    return logits, ref_logits, labels


token_batches = st.fixed_dictionaries({
    "seed": seeds,
    "batch": st.integers(2, 3),
    "length": st.integers(5, 7),
    "vocab": st.integers(2, 4),
    "scale": st.sampled_from([0.5, 1.0, 3.0]),
})


def forget_set(seed: int, n: int, spread: float) -> tuple[np.ndarray, np.ndarray]:
    """(log π_θ, log π_ref) of ``n`` sequences, each uniform on [−spread, 0]."""
    rng = np.random.default_rng(seed)
    return -spread * rng.random(n), -spread * rng.random(n)
