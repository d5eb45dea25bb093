"""Use cases. Each public service method takes the acting user, checks a named
permission, runs in one unit of work and returns plain data."""
