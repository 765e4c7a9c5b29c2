-- The province a person chose to hear of (from /lophoc or their first assessment), so that
-- training announcements reach producers who have not registered a product yet.
ALTER TABLE users ADD COLUMN home_province_code INTEGER;
