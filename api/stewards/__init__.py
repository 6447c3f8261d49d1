"""Place staff keeping their place current: links, edits and their routes."""
