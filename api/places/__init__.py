"""Access points: reads, writes, search, the printed sheet, stale places, communes, history."""
