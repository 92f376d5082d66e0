"""Many leaflets: every content file x every clinic brand x every format x every profile, built
incrementally and in parallel from one brochure.yaml.

The stages, one module each::

    config.py    brochure.yaml -> BatchConfig (checked, every problem located)
    plan.py      BatchConfig + the manifest -> Plan: every output, its inputs, whether to build
    run.py       Plan -> BatchResult: stale outputs built in worker processes, manifest saved
    watch.py     rebuild after each burst of saves, until stopped
    console.py   what the command line prints (the only module that prints)

From Python::

    from brochure.batch import load_config, make_plan, run

    plan = make_plan(load_config(Path("brochure.yaml")))
    result = run(plan, jobs=4)
    print(len(result.built), len(result.up_to_date), len(result.failed))
"""

from __future__ import annotations

from brochure.batch.config import BatchConfig, load_config
from brochure.batch.plan import Job, Plan, make_plan
from brochure.batch.run import BatchResult, JobResult, run

__all__ = [
    "BatchConfig",
    "BatchResult",
    "Job",
    "JobResult",
    "Plan",
    "load_config",
    "make_plan",
    "run",
]
