"""Review periods and reminders: places fall due for a check, stewards are reminded, the city
team is told of places nobody confirmed."""
