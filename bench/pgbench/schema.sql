drop schema if exists bench_ceiling cascade;
create schema bench_ceiling;
create table bench_ceiling.events (
    seq_id bigint generated always as identity primary key,
    id uuid not null,
    stream_id uuid not null,
    version bigint not null,
    type varchar not null,
    data jsonb not null,
    headers jsonb,
    timestamp timestamptz not null default now(),
    tenant_id varchar not null default '*DEFAULT*',
    is_archived bool not null default false,
    unique (stream_id, version));
