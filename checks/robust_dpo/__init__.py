"""Numerical checks of the robust_dpo claims (the claims are in theorems/robust_dpo/).

Ground truth never comes from the formula under test: mpmath at 30–50 digits (second derivatives, roots of the
cDPO slope, differences of the objective far along a ray), float64 second differences, Monte Carlo over label flips
(the formula claims), and the Newton fits of the synthetic reproduction.
"""
