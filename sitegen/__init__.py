"""sitegen: a static site generator for the Cablegate diplomatic cables."""
