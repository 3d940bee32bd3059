"""A fake of Mistral's fine-tuning API (jobs, files, models) for tests, demos, cassette recording and benchmarks.

It serves every operation of the spec (``/v1/fine_tuning/jobs``, ``/v1/files``, ``/v1/fine_tuning/models``,
``/v1/models``) over real HTTP/1.1 on 127.0.0.1, using the standard library, ``h11`` for the HTTP framing, and the
package's own generated code for what the spec defines::

    from mistral_fine_tuning.testing import Fault, FakeMistralServer

    with FakeMistralServer(api_key="test-key", speed=50) as server:
        url = server.server_url  # "http://127.0.0.1:<port>"; send "Authorization: Bearer test-key"
        file_id = server.add_file(b'{"messages": [...]}\n', filename="train.jsonl")  # or POST /v1/files
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
- ``classifier_targets`` may be absent, null or empty, as the spec allows: such a classifier job is created, gets
  targets from its training files' labels (below), and, when they have none, ends in FAILED_VALIDATION with an
  event saying a classifier job needs at least one classifier target.
  ``hyperparameters`` follows the spec's union of the two parameter models (a classifier job ignores
  ``fim_ratio``). Huge ``training_steps`` or ``epochs`` are accepted and echoed; estimates saturate at 2**63 - 1.
- Jobs follow a lifecycle on a simulated clock (see ``LifecycleTiming``): QUEUED, VALIDATING, VALIDATED, then,
  after ``start`` or at once with ``auto_start``, QUEUED again, RUNNING (one simulated second per training step,
  ``LifecycleTiming.checkpoints`` checkpoints, 10 by default, evenly spaced) and SUCCESS. Detailed jobs list
  events and checkpoints newest first. The evidence for QUEUED then RUNNING after a start is thin: one Mistral
  cookbook notebook's saved outputs (2024), and Mistral's own examples waiting while the status is RUNNING or
  QUEUED. Whether the real API ever reports STARTED (the spec lists it; the fake never reaches it, though a job
  may be preloaded in it), how long the second QUEUED lasts and whether its event repeats the first's are not
  known.
- Jobs read their files. A job created through the API must name stored files (training and validation): one it
  does not hold, or that was deleted, is a 422 ``value_error`` at ``["body", "training_files", i, "file_id"]`` or
  ``["body", "validation_files", i]`` (a guess: the real answer is not published). At creation the fake checks
  each file with ``mistral_fine_tuning.data.check_bytes`` for the job's type; data with errors makes the job end
  in FAILED_VALIDATION, its last event's ``data.reason`` naming the file and carrying the check's summary. A
  classifier job sent without ``classifier_targets`` gets them from the training files' labels (weight 1.0;
  ``multi_class`` for a target some record labels with several labels, else ``single_class``: a guess), as the
  real API did in Mistral's cookbook; with no labels at all it ends in FAILED_VALIDATION. Deleting a file does
  not change the jobs created with it. Jobs preloaded from Python (``add_job``) may name any id; the example
  jobs' files are stored with them.
- Files (``/v1/files``) are kept in memory, at most ``max_file_size`` bytes each (512 MiB by default, the API's
  limit) and ``max_total_file_size`` in all (1 GiB): over either, 413 ``{"detail": ...}``. The upload route alone
  takes bodies that large (every other route keeps ``max_body_size``). The form is read as FastAPI reads it: the
  ``file`` part's filename is stored as sent (a full path too; not UTF-8: read as Latin-1), its Content-Type is
  ignored, a repeated ``file`` keeps the last, fields are validated from the spec (422 as for JSON bodies; an
  empty field is absent, and ``null`` in a nullable field is null), and a form that cannot be read (no boundary,
  a part not terminated, part headers over 16 KiB) is a 400 ``{"detail": "There was an error parsing the body:
  ..."}``. An upload answers ``purpose`` ``fine-tune`` when none is sent, ``source`` ``upload``, ``mimetype`` from
  the filename's extension (``application/jsonl`` for ``.jsonl``), ``num_lines`` (0 for content that is not
  UTF-8, as the API answered for a PDF), ``signature`` (16 hex digits of the content's SHA-256), ``visibility``
  (``workspace`` by default) and ``expires_at`` from ``expiry`` read as hours (a guess; below 1 counts as 1; the
  file is gone once it expires). ``sample_type`` is ``batch_request`` for purpose ``batch``, ``instruct`` for
  records with ``messages``, else ``pretrain``: classifier ``{"text", "labels"}`` data too (a guess). The same
  name and content uploaded again give back the stored file, as Mistral's FAQ says.
- File lists are newest first; ``search`` is a case-insensitive substring of the filename (a guess), array filters
  keep files matching any value, and ``include_total=false`` answers ``"total": null``. Retrieve adds
  ``"deleted": false``; after a delete, retrieve, download, signed URL and delete answer 404 ``{"detail": "No file
  with id ..."}``. A download is the bytes as uploaded, ``application/octet-stream``. A signed URL points at the
  fake itself (``/signed-files/...``), is served without the API key, and after ``expiry`` hours (24 by default)
  of simulated time is a 403 ``{"detail": ...}``, as is a tampered one.
- Models: a job reaching SUCCESS makes the fine-tuned model named by its ``fine_tuned_model``. ``PATCH
  /v1/fine_tuning/models/{id}`` changes only the fields sent (an explicit null clears one) and answers
  ``CompletionFTModelOut`` or ``ClassifierFTModelOut`` by the job's type; archive and unarchive set ``archived``
  (twice is fine); ``GET /v1/models/{id}`` answers an ``FTModelCard`` (``"type": "fine-tuned"``) or, for a few
  well-known base models (``open-mistral-7b``, ``mistral-small-latest``, ``ministral-3b-latest``, ...), a
  ``BaseModelCard``; ``DELETE`` removes a fine-tuned model, after which every call about it is a 404. Changing,
  archiving or deleting a base model is a 403 (a guess); an unknown id is a 404.
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

From Python, beside ``add_job``/``get_job``/``job_ids``: ``add_file(content, filename=..., purpose=...,
file_id=None) -> id``, ``get_file(id)`` (as retrieve answers), ``get_file_content(id)``, ``file_ids``,
``get_model(id)`` (as ``GET /v1/models/{id}`` answers) and ``model_ids`` (the fine-tuned models). ``reset()``
forgets files and models too.

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
