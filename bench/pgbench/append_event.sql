-- The ceiling: one transaction per event, one jsonb row into a table shaped like Marten's mt_events
-- (sequence key, stream id + version unique, jsonb body and headers, server timestamp).
\set n random(1, 1000000000)
INSERT INTO bench_ceiling.events (id, stream_id, version, type, data, headers)
VALUES (gen_random_uuid(), gen_random_uuid(), 1, 'outcome_recorded.v1',
        jsonb_build_object('outcomeId', gen_random_uuid(), 'text', jsonb_build_object('en', 'Outcome ' || :n)),
        '{"revision": 2, "editor": "bench", "correction": false}');
