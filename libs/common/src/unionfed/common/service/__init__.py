"""What every service does the same way: runtime wiring, the HTTP app shell, the CLI."""
