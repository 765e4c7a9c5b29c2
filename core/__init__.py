"""Application plumbing shared by the handlers: settings, services, i18n, rendering."""
