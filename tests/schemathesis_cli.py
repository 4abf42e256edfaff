"""schemathesis's CLI (`st`) for tests/test_api_fuzz.py, with Hypothesis's reading of lambda
sources done by one worker at a time.

Hypothesis names a filter by parsing the source file of its lambda. Under CPython 3.11, two
threads in ast.parse at once can fail with "SystemError: AST constructor recursion depth
mismatch" (python/cpython#106905, fixed in later versions), and schemathesis's two workers
both parse its coverage module for their first path parameter; whether they meet depends
only on timing, so the run failed at random. The lock around Hypothesis's reader was not
enough (another caller parsed at the same time, seen once the reform index added path
parameters), so every ast.parse of the process takes one lock too."""

from __future__ import annotations

import ast
import sys
import threading

from hypothesis.internal import lambda_sources
from schemathesis.cli import schemathesis

_one_at_a_time = threading.Lock()
_one_parse_at_a_time = threading.RLock()
_lambda_description = lambda_sources.lambda_description
_parse = ast.parse


def parse(*args, **kwargs):
    with _one_parse_at_a_time:
        return _parse(*args, **kwargs)


def lambda_description(f):
    with _one_at_a_time:
        return _lambda_description(f)


if __name__ == "__main__":
    # Looked up on the module at each call (hypothesis.internal.reflection).
    lambda_sources.lambda_description = lambda_description
    ast.parse = parse
    sys.exit(schemathesis())
