"""Maps: the commune outlines the maps draw as their base, and the sheet's SVG map."""
