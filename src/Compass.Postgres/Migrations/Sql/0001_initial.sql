-- Compass knowledge base, version 1. Runs inside one transaction, in the schema named by the connection's search path.

-- Every import: what was read, from which file (by content hash), and how many rows it wrote. Re-importing the same
-- content of the same kind is recognised by (kind, sha256) and writes nothing.
create table imports (
    id uuid primary key,
    kind text not null,
    file_name text not null,
    sha256 text not null,
    rows_written integer not null default 0,
    imported_at timestamptz not null default now(),
    unique (kind, sha256)
);

-- position keeps the order rows were added in: planning lists and breaks ties in catalog order.
create table models (
    id text primary key,
    position bigint generated always as identity,
    family text,
    spec jsonb not null,
    source text not null default '',
    import_id uuid references imports (id),
    updated_at timestamptz not null default now()
);

create table gpus (
    type text primary key,
    position bigint generated always as identity,
    spec jsonb not null,
    source text not null default '',
    import_id uuid references imports (id),
    updated_at timestamptz not null default now()
);

-- Rental prices per GPU-hour, each valid from its effective date until the next one of the same key.
create table prices (
    id bigserial primary key,
    gpu text not null references gpus (type) on delete cascade,
    provider text not null,
    instance_type text not null default '',
    tier text not null,
    usd_per_gpu_hour numeric(12, 4) not null check (usd_per_gpu_hour > 0),
    effective_from date not null,
    source text not null default '',
    import_id uuid references imports (id),
    unique (gpu, provider, instance_type, tier, effective_from)
);

create table use_cases (
    id text primary key,
    position bigint generated always as identity,
    template jsonb not null,
    source text not null default '',
    updated_at timestamptz not null default now()
);

-- A benchmark run: one configuration serving one traffic profile, swept over load; its points are the loads.
-- run_key identifies the run across imports (same configuration, profile, engine and source), so re-imports merge.
create table benchmark_runs (
    id bigserial primary key,
    run_key text not null unique,
    model text not null,
    quantization text not null,
    gpu text not null,
    tensor_parallel integer not null check (tensor_parallel > 0),
    engine text not null,
    engine_version text not null default '',
    provenance text not null check (provenance in ('measured', 'simulated', 'estimated')),
    source text not null,
    prompt_tokens double precision not null check (prompt_tokens > 0),
    prompt_tokens_stddev double precision not null default 0 check (prompt_tokens_stddev >= 0),
    output_tokens double precision not null check (output_tokens > 0),
    output_tokens_stddev double precision not null default 0 check (output_tokens_stddev >= 0),
    import_id uuid references imports (id),
    created_at timestamptz not null default now()
);

create index benchmark_runs_configuration on benchmark_runs (model, quantization, gpu, tensor_parallel);

-- One load of a run. Latencies in milliseconds; a percentile the source did not publish is null.
create table benchmark_points (
    run_id bigint not null references benchmark_runs (id) on delete cascade,
    request_rate double precision not null check (request_rate > 0),
    concurrency integer check (concurrency > 0),
    achieved_rate double precision not null check (achieved_rate >= 0),
    output_tokens_per_second double precision not null check (output_tokens_per_second >= 0),
    ttft_mean double precision, ttft_p50 double precision, ttft_p90 double precision, ttft_p95 double precision, ttft_p99 double precision,
    itl_mean double precision, itl_p50 double precision, itl_p90 double precision, itl_p95 double precision, itl_p99 double precision,
    e2e_mean double precision, e2e_p50 double precision, e2e_p90 double precision, e2e_p95 double precision, e2e_p99 double precision,
    import_id uuid references imports (id),
    primary key (run_id, request_rate)
);

-- Engine step-time coefficients per GPU class: the shipped ones and refits from measured outcomes. At most one is
-- active per GPU; planning uses the active one.
create table engine_calibrations (
    id bigserial primary key,
    gpu text not null,
    coefficients jsonb not null,
    fitted_at timestamptz not null default now(),
    outcomes_used integer not null default 0,
    outcomes_held_back integer not null default 0,
    error_before double precision,
    error_after double precision,
    active boolean not null default true,
    note text not null default ''
);

create unique index engine_calibrations_one_active on engine_calibrations (gpu) where active;

create table plans (
    id uuid primary key,
    name text not null default '',
    description text not null default '',
    plan jsonb not null,
    created_at timestamptz not null default now()
);

create table deployments (
    id bigserial primary key,
    name text not null,
    namespace text not null,
    context text not null default '',
    plan_id uuid references plans (id) on delete set null,
    model text,
    quantization text,
    gpu text,
    tensor_parallel integer,
    replicas integer,
    created_at timestamptz not null default now(),
    unique (context, namespace, name)
);

-- What a deployment measured (compass validate), next to what its plan predicted.
create table deployment_outcomes (
    id bigserial primary key,
    deployment text not null default '',
    namespace text not null default '',
    plan_id uuid references plans (id) on delete set null,
    model text not null,
    quantization text not null,
    gpu text not null,
    tensor_parallel integer not null check (tensor_parallel > 0),
    replicas integer not null default 1 check (replicas > 0),
    engine_version text not null default '',
    measured_at timestamptz not null default now(),
    load_kind text not null,
    request_rate double precision,
    concurrency integer,
    prompt_tokens double precision not null check (prompt_tokens > 0),
    output_tokens double precision not null check (output_tokens > 0),
    predicted_ttft_p95 double precision, measured_ttft_p95 double precision,
    predicted_itl_p95 double precision, measured_itl_p95 double precision,
    predicted_e2e_p95 double precision, measured_e2e_p95 double precision,
    measured_ttft_mean double precision, measured_itl_mean double precision,
    measured_requests_per_second double precision, measured_output_tokens_per_second double precision,
    slo_met boolean,
    source text not null default '',
    report jsonb
);

create index deployment_outcomes_gpu on deployment_outcomes (gpu);

-- Every deploy, delete and rollback: who, what, when, and how it ended.
create table audit_log (
    id bigserial primary key,
    at timestamptz not null default now(),
    actor text not null,
    action text not null check (action in ('deploy', 'delete', 'rollback')),
    target text not null,
    namespace text not null default '',
    context text not null default '',
    result text not null,
    detail jsonb
);
