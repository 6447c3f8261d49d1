"""Colours readable by everyone: WCAG contrast ratios, ink chosen for a background."""


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two #rrggbb colours (1 to 21)."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable_on(background: str) -> str:
    """Black or white, whichever reads better on the background."""
    return (
        "#ffffff"
        if contrast("#ffffff", background) >= contrast("#000000", background)
        else "#000000"
    )


def ink_on_white(colour: str, ratio: float = 4.5) -> str:
    """The colour, darkened just enough to reach `ratio` against white (for links)."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    current = colour
    while contrast(current, "#ffffff") < ratio:
        red, green, blue = (int(c * 0.9) for c in (red, green, blue))
        current = f"#{red:02x}{green:02x}{blue:02x}"
    return current
