"""A fake of Mistral's fine-tuning jobs API for tests, demos, cassette recording and benchmarks.

It serves the operations under ``/v1/fine_tuning/jobs`` over real HTTP/1.1 on 127.0.0.1, using the standard
library, ``h11`` for the HTTP framing, and the package's own generated code for what the spec defines::

    from mistral_fine_tuning.testing import Fault, FakeMistralServer

    with FakeMistralServer(api_key="test-key", speed=50) as server:
        url = server.server_url  # "http://127.0.0.1:<port>"; send "Authorization: Bearer test-key"
        server.add_job(status="VALIDATED")  # preload jobs in any status
        server.inject(Fault.error(503, headers={"Retry-After": "1"}), times=2, method="POST")
        server.advance(60)  # jump the simulated clock: lifecycles move on without waiting
        server.requests  # what the client actually sent

What it does, in short:

- The spec drives it where it can: routes come from the generated route table, job statuses, job types and loss
  functions from the generated enums, and query parameters are validated by the types the generated signatures
  declare. A path no route matches is a 404 ``{"detail": "Not Found"}``; a known path with another method a 405
  with ``allow``; an operation of the spec the fake has no handler for, a list filter it does not know how to
  apply (given a non-default value) or a job type it cannot build are a 501 naming what is missing.
- Authentication: ``Authorization: Bearer <token>``; with ``api_key=None`` any non-empty token is accepted.
  Otherwise the answer is 401 ``{"detail": "Unauthorized"}``.
- Create validates the body as FastAPI would and answers 422 ``{"detail": [{"type", "loc", "msg", "input"}]}``
  on problems (query errors first, then the body's); ``?dry_run=true`` answers an estimate
  (``LegacyJobMetadataOut``) and creates nothing; ``?dry_run=`` with no value is a 422 ``bool_parsing``.
  Echoed inputs are cut at 32 levels of nesting; a body nested too deep to decode is a 422 ``json_invalid``.
- ``classifier_targets`` may be absent, null or empty, as the spec allows: such a classifier job is created and then
  ends in FAILED_VALIDATION, with an event saying a classifier job needs at least one classifier target.
  ``hyperparameters`` follows the spec's union of the two parameter models (a classifier job ignores
  ``fim_ratio``). Huge ``training_steps`` or ``epochs`` are accepted and echoed; estimates saturate at 2**63 - 1.
- Jobs follow a lifecycle on a simulated clock (see ``LifecycleTiming``): QUEUED, VALIDATING, VALIDATED, then,
  after ``start`` or at once with ``auto_start``, STARTED, RUNNING (one simulated second per training step,
  ``LifecycleTiming.checkpoints`` checkpoints, 10 by default, evenly spaced) and SUCCESS. Detailed jobs list
  events and checkpoints newest first.
- Cancel and start answer 409 ``{"detail": ...}`` when the job's status does not allow them; cancelling a job
  that is already being cancelled answers it unchanged.
- A job or file id that is not a hyphenated UUID (the spec's ``pattern``) is a 422 ``uuid_parsing``, with
  ``loc: ["path", "job_id"]`` for a job id; an unknown job is a 404 ``{"detail": "No fine-tuning job with id ..."}``.
- List filters: ``created_after`` is inclusive and ``created_before`` exclusive; both take ISO 8601 date-times
  or finite Unix timestamps (milliseconds beyond 2e10), as pydantic does, and ``nan`` or ``inf`` are 422
  ``datetime_parsing``. ``created_by_me`` matches jobs created through the API with the same token, plus preloaded
  jobs added with ``created_by_me=True``. How each filter selects jobs is ``_state.LIST_FILTERS``.
- Every request gets an answer with a JSON body and a fresh ``x-request-id`` header, however malformed: bad
  request lines, headers or chunk framing, conflicting or malformed ``Content-Length``, ``Content-Length`` together
  with ``Transfer-Encoding``, a body cut short by the end of the stream (never processed) are 400; headers over
  16 KiB 431; a body over ``max_body_size`` (1 MiB by default) 413, sent before the body is read; a request that
  stops arriving for ``read_timeout`` seconds (5 by default) 408; an unknown method 405. Those answers, but the
  405, close the connection. An idle keep-alive connection is closed after ``idle_timeout`` seconds (60 by
  default). Nothing is printed to stderr because of a request.
- One event loop in one background thread serves every connection: thousands of idle ones cost no threads, and an
  injected delay holds up only its own request. At most ``max_connections`` (512 by default) are open at once; at
  the cap the longest idle one is closed to make room, or, with none idle, the newcomer gets a 503 and is closed.
- Faults (``Fault``) are injected only from Python, never by anything a client sends.

Run it standalone with ``python -m mistral_fine_tuning.testing --port 8000``.
"""

from ._faults import Fault, FaultKind
from ._jobs import LifecycleTiming
from ._server import FakeMistralServer, RecordedRequest, ServerStats
from ._validate import JobStatus, JobType

__all__ = [
    "FakeMistralServer",
    "Fault",
    "FaultKind",
    "JobStatus",
    "JobType",
    "LifecycleTiming",
    "RecordedRequest",
    "ServerStats",
]
