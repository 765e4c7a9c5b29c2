"""Offline tools for maintaining the project's data; never imported by the running bot."""
