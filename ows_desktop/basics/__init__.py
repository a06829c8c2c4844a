"""Basics every layer may use (no Qt): the app's error base, credentials, camera secrets, paths, settings,
logging."""
