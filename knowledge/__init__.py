"""OCOP domain knowledge: criteria sheets, scoring and FAQ search (no Telegram imports)."""
