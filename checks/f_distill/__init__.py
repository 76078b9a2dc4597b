"""Checks of the f_distill claims.

Ground-truth routes: mpmath's numerical second derivative of f (against the closed forms of h); quadrature of
D_f(p‖q_θ) differentiated by Richardson-extrapolated central differences, and mpmath at 30 digits, against quadrature
of the gradient integrand; Monte Carlo over z with exact scores; exact rational enumeration of small batches for the
normalised estimator; grid quadrature with Nelder–Mead, a grid search and gradient descent for the mode-coverage toy.
"""
