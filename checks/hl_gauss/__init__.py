"""Numerical checks of the hl_gauss claims (the claims are in theorems/hl_gauss/).

Ground truth never comes from the transform under test: exact rationals for two-hot; the HL-Gauss definition at
20–40 digits (mpmath's normal CDF), and independently mpmath quadrature of the normal density over each bin;
float64 bin masses taken from the far tail of each bin (scipy's ndtr); Monte Carlo averages of the rounding error
c(Y) − Y; a numerical solver (scipy) for the cross-entropy minimiser; and, for the reproduction, models trained by
full-batch gradient descent on a seeded toy.
"""
