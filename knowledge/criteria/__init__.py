"""The 26 OCOP criteria sheets of QĐ 26/2026/QĐ-TTg: data, loading, scoring and gap analysis."""
