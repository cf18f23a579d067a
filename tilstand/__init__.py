"""tilstand: the yearly child-welfare status report (tilstandsrapport for barnevernstjenesten)."""
