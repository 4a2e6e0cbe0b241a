"""Policy simulation on the executable models: synthetic caseloads driven through the real BPMN/DMN
procedure of each variant, with the real legal values, on the engine's virtual clock, without a database.

Why the real models: the question policy makers ask (how many more people get protection if the panel
identifies independently of the investigation, how fast, at what capacity) is answered by the very
procedure that runs cases, not by a simplified diagram that drifts from it.

One module, one job:
- `scenario` + `schema`: the YAML scenario, checked against a JSON Schema (exported for editors) with
  file, line and field in every fault; every value carries `source` or `assumed`.
- `distributions`: fixed, exponential, lognormal and triangular durations from a seeded `random.Random`.
- `population`: Poisson arrivals and each person's attributes, each person on a stream of their own so
  every variant meets the same people with the same answers (common random numbers).
- `sampler`: task data and message payloads as the real forms ask for them.
- `runner`: one case in memory on `engine.runtime.Runtime` (start, complete, deliver, fire timers),
  every submission checked by the injected `FormRegistry`; records events.
- `scheduler`: SimPy processes and resources (panel, IND, police, coordinator) around the runner.
- `kpis` + `statistics_ci`: KPIs per replication from the events; means with 95 % t-intervals and
  paired differences between variants.
- `experiment`: every variant × replication of a scenario; `report`: the HTML report with SVG charts.

Same scenario and seed, same results: all randomness comes from string-seeded `random.Random` streams.
"""
