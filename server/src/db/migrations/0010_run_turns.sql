-- The queued run whose turn it is, for RunRepo.claimNext (runs.repo.ts), as a function so that each session plans
-- it once: as a plain subquery it was planned again at every claim (≈1.3 ms on PostgreSQL, more in PGlite), which
-- was most of a claim's cost. Called as `id = (SELECT skt_next_in_turn())`, so it runs once per claim.
--
-- Users take turns: a run's turn is its place in its user's own queue plus the runs that user already has running,
-- so one user's backlog of a hundred runs never holds back another user's first. Ties go to the user whose last
-- run started longest ago (never: first), so even one worker that finishes each run before claiming the next
-- alternates between users; then to the oldest. A user's last start is read through runs_user_idx, past at most
-- their own queued runs. Of the first few in turn, the first not locked by another worker is taken (SKIP LOCKED),
-- so workers never wait for each other; the lock is the calling transaction's.
CREATE FUNCTION skt_next_in_turn() RETURNS uuid LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  RETURN (
    with queued as (
      select id, requested_by, requested_at,
        row_number() over (partition by requested_by order by requested_at, id) as place
      from runs where status = 'queued'
    ), busy as (
      select requested_by, count(*) as running from runs where status = 'running' group by requested_by
    ), last_turn as (
      select waiting.requested_by,
        (select r.started_at from runs r
          where r.requested_by = waiting.requested_by and r.started_at is not null
          order by r.requested_at desc limit 1) as started_at
      from (select distinct requested_by from queued) waiting
    ), in_turn as (
      select queued.id,
        row_number() over (
          order by queued.place + coalesce(busy.running, 0), last_turn.started_at nulls first,
            queued.requested_at, queued.id
        ) as turn
      from queued
        left join busy on busy.requested_by = queued.requested_by
        left join last_turn on last_turn.requested_by = queued.requested_by
    )
    select q.id from runs q join in_turn on in_turn.id = q.id
    where q.status = 'queued' and in_turn.turn <= 32
    order by in_turn.turn limit 1
    for update of q skip locked
  );
END;
$$;
