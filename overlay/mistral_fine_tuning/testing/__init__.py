"""A fake of Mistral's fine-tuning jobs API for tests, demos, cassette recording and benchmarks.

It serves the five operations under ``/v1/fine_tuning/jobs`` over real HTTP on 127.0.0.1, using only the
standard library::

    from mistral_fine_tuning.testing import Fault, FakeMistralServer

    with FakeMistralServer(api_key="test-key", speed=50) as server:
        url = server.server_url  # "http://127.0.0.1:<port>"; send "Authorization: Bearer test-key"
        server.add_job(status="VALIDATED")  # preload jobs in any status
        server.inject(Fault.error(503, headers={"Retry-After": "1"}), times=2, method="POST")
        server.advance(60)  # jump the simulated clock: lifecycles move on without waiting
        server.requests  # what the client actually sent

What it does, in short:

- Authentication: ``Authorization: Bearer <token>``; with ``api_key=None`` any non-empty token is accepted.
  Otherwise the answer is 401 ``{"detail": "Unauthorized"}``.
- Create validates the body as FastAPI would and answers 422 ``{"detail": [{"type", "loc", "msg", "input"}]}``
  on problems; ``?dry_run=true`` answers an estimate (``LegacyJobMetadataOut``) and creates nothing.
  A classifier job needs a non-empty ``classifier_targets``; ``fim_ratio`` is refused on classifier jobs.
- Jobs follow a lifecycle on a simulated clock (see ``LifecycleTiming``): QUEUED, VALIDATING, VALIDATED, then,
  after ``start`` or at once with ``auto_start``, STARTED, RUNNING (one simulated second per training step,
  a checkpoint every tenth of the run) and SUCCESS. Detailed jobs list events and checkpoints newest first.
- Cancel and start answer 409 ``{"detail": ...}`` when the job's status does not allow them; cancelling a job
  that is already being cancelled answers it unchanged.
- A job id that is not a UUID is a 422 with ``loc: ["path", "job_id"]``, as FastAPI's path validation gives;
  an unknown UUID is a 404 ``{"detail": "No fine-tuning job with id ..."}``.
- List filters: ``created_after`` is inclusive and ``created_before`` exclusive; ``created_by_me`` matches jobs
  created through the API with the same token, plus preloaded jobs added with ``created_by_me=True``.
- Every answer carries a fresh ``x-request-id`` header.
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
