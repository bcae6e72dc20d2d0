"""Hypothesis settings for the whole suite.

The default profile is deterministic (derandomize) so that CI never fails on an example a
previous run did not see; HYPOTHESIS_PROFILE=explore searches more widely on demand.
No per-example deadline: the machine is shared and slow runs are caught by the explicit
linear-time tests instead, which compare sizes rather than wall-clock limits.
"""
import os

from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=300, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("explore", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
