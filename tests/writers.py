"""The TOML writer the round-trip tests use: the library's own (``convert --to toml``)."""

from contact_policy.formats._toml_writer import to_toml

__all__ = ["to_toml"]
