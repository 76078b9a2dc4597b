"""Unit tests of the Layer Normalization Table 1 transformations and instances."""

from __future__ import annotations

import math

import numpy as np
import pytest

from claimkit_project.checks.layernorm.instances import conditioned, instance, to_mp, transform

# -- Table 1 transformations ------------------------------------------------------------------------------


def test_transform_rejects_non_positive_delta():
    """Every transformation takes δ > 0."""
    X, W = instance(0)
    with pytest.raises(ValueError, match="delta"):
        transform("data_rescaling", X, W, 0.0, 0)


def test_transform_rejects_unknown_names():
    """An unknown transformation name raises ValueError naming it."""
    X, W = instance(0)
    with pytest.raises(ValueError, match="nope"):
        transform("nope", X, W, 1.0, 0)


def test_weight_recentering_adds_the_same_vector_to_every_row():
    """W′ − δW has identical rows."""
    X, W = instance(3)
    _, W2 = transform("w_matrix_recentering", X, W, 2.0, 3)
    diff = W2 - 2.0 * W
    np.testing.assert_allclose(diff, np.repeat(diff[:1], W.shape[0], axis=0))


def test_conditioned_rejects_a_degenerate_unit():
    """A unit with constant summed input over the batch is ill-conditioned for BatchNorm."""
    X, W = instance(1)
    W[0] = 0.0
    assert not conditioned("batch", X, W)
    assert conditioned("batch", *instance(1))


def test_to_mp_is_exact():
    """to_mp converts each float exactly."""
    x = np.array([0.1, -2.5])
    assert [float(v) for v in to_mp(x)] == x.tolist()
    assert math.isclose(float(to_mp(x)[0]), 0.1)
