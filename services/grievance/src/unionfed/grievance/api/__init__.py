"""The grievance service's HTTP API: thin views over the service layer."""
