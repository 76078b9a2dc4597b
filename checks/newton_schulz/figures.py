"""Figures of the Newton–Schulz claims (the deterministic checks attach theirs with ev.figure)."""
