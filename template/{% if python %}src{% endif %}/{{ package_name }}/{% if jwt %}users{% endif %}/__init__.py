"""Users: the accounts this service authenticates, and their roles."""
