"""Load harness (`make load`): seed, app workers, simulated users, the check of completions."""
