"""Solves the maximal covering instance that `maillage optimise placement --export-instance`
wrote with PySAL's spopt (MCLP over pulp's CBC) and prints the covered weight, one line per
instance (one process for all of them: importing spopt takes seconds).

Usage: python3 spopt_check.py INSTANCE.json [INSTANCE.json ...]
"""
import json
import sys

import numpy as np
import pulp
from spopt.locate import MCLP


def covered_weight(path):
    with open(path, encoding="utf-8") as f:
        instance = json.load(f)
    weights = np.array(instance["weights"], dtype=float)
    demands, sites, k = len(weights), len(instance["candidate_zones"]), instance["k"]
    if demands == 0:
        return 0
    # A cost of 0 where a site covers a demand zone, 1 elsewhere; covered means cost <= 0.5.
    cost = np.ones((demands, sites))
    for i, covering in enumerate(instance["covers"]):
        cost[i, covering] = 0.0
    model = MCLP.from_cost_matrix(cost, weights, service_radius=0.5, p_facilities=k)
    model = model.solve(pulp.PULP_CBC_CMD(msg=False))
    covered = set()
    for clients in model.fac2cli:
        covered.update(clients)
    return int(round(sum(weights[i] for i in covered)))


if __name__ == "__main__":
    for path in sys.argv[1:]:
        print(covered_weight(path))
