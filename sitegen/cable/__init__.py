"""The cable domain: pure functions from cable text to structured values."""
