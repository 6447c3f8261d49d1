"""« Signaler une erreur »: reports on places, sent by anyone, decided by the city team."""
