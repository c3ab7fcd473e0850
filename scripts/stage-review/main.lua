-- stage-review: pilots should not drift. A project that has been in pilot
-- for more than twelve months gets one task to review it: establish it,
-- scale it, or close it.
--
-- It runs on demand and each time the database is opened. The pilot's
-- start is the project's stage_since, or the latest "pilot" entry of its
-- stage history. A project already given a review since its pilot began
-- gets none again; one that goes back into pilot later is reviewed again.

local SOURCE = "plugin:stage-review"

return joinery.workflow {
  id = "stage-review",
  title = "Review projects long in pilot",
  description = "A review task for each project in pilot for over twelve months.",
  on = { "demand", "open" },
  run = function (ctx)
    local today = joinery.today()
    local cutoff = today:add_months(-12)
    local due = today:add_days(14)
    local found = {}
    for id, since in ctx:query([[
        SELECT id, since FROM (
          SELECT p.id, coalesce(p.stage_since,
                   (SELECT max(s.started_on) FROM project_stages s
                    WHERE s.project_id = p.id AND s.stage = 'pilot')) AS since
          FROM projects p WHERE p.stage = 'pilot') AS pilots
        WHERE since IS NOT NULL AND since < ?1
          AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.record_kind = 'project' AND t.record_id = pilots.id
                          AND t.created_by = ?2 AND substr(t.created_at, 1, 10) >= since)
        ORDER BY since, id]], cutoff:iso(), SOURCE) do
      found[#found + 1] = { id = id, since = joinery.date(since) }
    end
    for _, p in ipairs(found) do
      local project = ctx:get("project", p.id)
      ctx:create_task {
        title = ("Review the pilot of %s"):format(project.name),
        due = due, record = project,
        description = ("In pilot since %s (%d months): establish it, scale it or close it?")
                      :format(p.since, math.floor(p.since:days_until(today) / 30.44)),
      }
    end
    print(("%d project%s to review"):format(#found, #found == 1 and "" or "s"))
  end,
}
