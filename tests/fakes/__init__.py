"""Stand-ins for outside services that tests run against on loopback."""
