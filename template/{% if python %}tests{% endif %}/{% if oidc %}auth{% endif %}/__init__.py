"""Tokens of the identity provider: checked, mapped to roles, refused when forged."""
