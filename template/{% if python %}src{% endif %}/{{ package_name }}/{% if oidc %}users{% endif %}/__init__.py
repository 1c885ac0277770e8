"""Users: the callers the identity provider vouches for, as this service sees them."""
