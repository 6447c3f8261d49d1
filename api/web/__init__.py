"""HTML for people: the counsellor page, the widget, the API docs; templates and static files."""
