"""The cable domain: pure functions from cable text to structured values."""

from sitegen.cable.parse import apply_metadata, parse_cable

__all__ = ["apply_metadata", "parse_cable"]
