"""Numerical checks of the hypernet_mip claims (the claims are in theorems/hypernet_mip/).

Ground-truth routes: float64 evaluation against exact rationals (every float is a rational, and ReLU/LeakyReLU
networks with a rational slope are exact in ``fractions.Fraction``) for homogeneity, the primary network's scaling,
the large-c error and the witnesses; mpmath at 40 digits for the smooth activations; He's second-moment recursion
with the activation's moment by quadrature against Monte Carlo over initialisations; the encodings against the
complex exponential and the distance formula 4 sin²(π(z − z′)/4); central differences and the complex step for the
backprop; an independent per-model loop for the reproduction's final losses.
"""
