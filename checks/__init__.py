"""Numerical property checks: one module per claim family, each computing its ground truth independently."""
