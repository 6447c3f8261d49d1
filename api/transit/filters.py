"""The near_transit and near_transit_line filters: places by the stops their answer lists."""

import numpy as np
import numpy.typing as npt

from api.http.error_handlers import named_few
from api.http.errors import InvalidParameter
from api.transit.nearest import PlaceStops

Mask = npt.NDArray[np.bool_]


def transit_mask(
    transit: PlaceStops, within_m: int | None, line: str | None, mask: Mask | None
) -> Mask | None:
    """`mask` narrowed to places with a stop within `within_m` (of `line`, when given)."""
    if within_m is None and line is None:
        return mask
    network = transit.network
    if network is None:
        raise InvalidParameter(
            "near_transit et near_transit_line demandent un réseau de transport importé ; "
            "aucun ne l'est (panda transit import FLUX.zip)",
            en="near_transit and near_transit_line need an imported transit feed; none is",
        )
    members = None
    if line is not None:
        members = network.line_members(line)
        if members is None:
            asked = named_few([line]).fr
            known = named_few(network.line_names(), quoted=False).fr
            raise InvalidParameter(
                f"ligne {asked} inconnue du réseau {network.feed.name} ; lignes : {known}",
                en=f"no line {named_few([line]).en} in the transit feed",
            )
    near = transit.near(within_m if within_m is not None else transit.radius_m, members)
    return near if mask is None else mask & near
