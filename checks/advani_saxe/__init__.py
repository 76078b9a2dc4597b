r"""Checks of the advani_saxe claims (linear student–teacher generalisation dynamics, arXiv 1710.03667).

Ground-truth routes, never the formula under test: the null space of the input matrix by SVD and by complete QR
(V1); the matrix exponential of the augmented linear system $(w - \bar w, X^\top\varepsilon)$ at 30 digits or in
float64, and gradient flow simulated by RK4 on sampled teachers, noise and initialisations (V2); sampled input
matrices and mpmath quadrature of the $\chi^2$ inverse moment (V4, finite size); tanh–sinh quadrature of the
Marchenko–Pastur density (V4 limits, V7); exact rational ranks (V5); the root of the derivative of the mode error
and a bounded search of the error itself (V6).
"""
