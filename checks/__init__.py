"""Numerical property checks: one package per claim family, each check computing its ground truth independently."""
