"""French linguistic resources (data, not code)."""
