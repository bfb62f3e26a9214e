"""Federation view (县总工会): county-wide read models built only from every station's
events, and the dashboard."""
