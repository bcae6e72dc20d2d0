"""The web interface and JSON API over the quote database (`quotes serve`)."""
