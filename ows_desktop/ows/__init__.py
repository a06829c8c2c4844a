"""The OWS API Access client and the tolerant ticket model. No Qt here."""
