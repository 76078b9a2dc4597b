"""Claim families: one module per paper or tight group (the statements, derivations, implementations under test and mutants)."""
