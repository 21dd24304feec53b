"""Readers: each yields SourceRecord values from one input format."""
