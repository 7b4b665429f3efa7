-- The kinds of reading each mark is about (bot/marks.py), so the marks can hold a kind back from going out alone.
ALTER TABLE feedback ADD COLUMN reading TEXT;
CREATE INDEX feedback_at ON feedback (at);
