"""Weighted draws: cumulative weights, searched with bisect against rng.random() * total."""


def cumulative(weights) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out
