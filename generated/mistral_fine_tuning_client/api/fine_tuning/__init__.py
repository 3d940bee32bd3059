"""The operations tagged `fine_tuning`, one module each"""

# (module, HTTP method, path template) for every operation of this tag, in the spec's order.
ROUTES: tuple[tuple[str, str, str], ...] = (
    ("jobs_api_routes_fine_tuning_get_fine_tuning_jobs", "GET", "/v1/fine_tuning/jobs"),
    ("jobs_api_routes_fine_tuning_create_fine_tuning_job", "POST", "/v1/fine_tuning/jobs"),
    ("jobs_api_routes_fine_tuning_get_fine_tuning_job", "GET", "/v1/fine_tuning/jobs/{job_id}"),
    ("jobs_api_routes_fine_tuning_cancel_fine_tuning_job", "POST", "/v1/fine_tuning/jobs/{job_id}/cancel"),
    ("jobs_api_routes_fine_tuning_start_fine_tuning_job", "POST", "/v1/fine_tuning/jobs/{job_id}/start"),
)
