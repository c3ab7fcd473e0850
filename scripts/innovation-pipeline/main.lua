-- innovation-pipeline: the innovations of an area (and the areas within
-- it) by stage, how long projects spend in each stage — read from their
-- stage history, each stage lasting until the next one began — and the
-- projects ready to scale.

local STAGES = { "idea", "pilot", "established", "scaling", "embedded", "closed" }
-- A project is ready to scale when it has been established this long…
local READY_MONTHS = 12

local function evidence(grants, measures)
  local list = {}
  if grants > 0 then list[#list + 1] = "grant completed" end
  if measures > 0 then list[#list + 1] = "outcomes measured" end
  return table.concat(list, ", ")
end

local function months(days)
  return math.floor(days / 30.4375 * 10 + 0.5) / 10
end

return joinery.report {
  id = "innovation-pipeline",
  title = "Innovation pipeline",
  description = "Projects by stage and area, time in each stage, and those ready to scale.",
  params = {
    { name = "area", type = "record", kind = "area", label = "Area",
      help = "Only the projects of this area and the areas within it; every project when empty" },
    { name = "on", type = "date", label = "As at", help = "Today when empty" },
  },
  run = function (ctx, p)
    local on = p.on or joinery.today()
    local area_id = p.area and p.area.id or nil
    -- The projects in scope, as a CTE: those of the area and its sub-areas.
    local scope = [[
      WITH RECURSIVE sub (id) AS (SELECT id FROM areas WHERE id = ?1
                                  UNION SELECT a.id FROM areas a JOIN sub ON a.parent_id = sub.id),
      scope AS (SELECT * FROM projects
                WHERE (?1 IS NULL OR area_id IN (SELECT id FROM sub))
                  AND (stage_since IS NULL OR stage_since <= ?2))
    ]]

    ctx:heading(p.area and p.area.name or "All areas")

    -- By stage, in the order projects go through.
    local by_stage, n = {}, 0
    for stage, count in ctx:query(scope .. "SELECT stage, count(*) FROM scope GROUP BY stage", area_id, on) do
      by_stage[stage], n = count, n + count
    end
    if n == 0 then
      ctx:paragraph("There are no projects.")
      return
    end
    local live = n - (by_stage.closed or 0)
    ctx:paragraph(("%d projects, %d of them live (not closed), as at %s."):format(n, live, on))
    local t = ctx:table { title = "By stage", columns = { "Stage", { "Projects", "integer" } } }
    for _, stage in ipairs(STAGES) do
      t:add(stage, by_stage[stage] or 0)
    end
    ctx:chart { kind = "bar", title = "Projects by stage", data = t, x = "Stage", y = "Projects" }

    -- By area and stage: one row per area, a column per stage.
    local columns = { "Area" }
    for _, stage in ipairs(STAGES) do
      columns[#columns + 1] = { stage, "integer" }
    end
    columns[#columns + 1] = { "Total", "integer" }
    local areas, order = {}, {}
    for _, area, stage, count in ctx:query(scope .. [[
        SELECT s.area_id IS NULL, coalesce(a.name, 'No area'), s.stage, count(*)
        FROM scope s LEFT JOIN areas a ON a.id = s.area_id
        GROUP BY s.area_id, s.stage ORDER BY 1, 2]], area_id, on) do
      if not areas[area] then
        areas[area] = { Area = area, Total = 0 }
        order[#order + 1] = area
      end
      areas[area][stage] = count
      areas[area].Total = areas[area].Total + count
    end
    local ta = ctx:table { title = "By area and stage", columns = columns }
    for _, area in ipairs(order) do
      local row = areas[area]
      for _, stage in ipairs(STAGES) do
        row[stage] = row[stage] or 0
      end
      ta:add(row)
    end

    -- Time in each stage: each project's stages in date order (the
    -- history, and its current stage since stage_since); a stage lasts
    -- until the next began, the current one until `on`.
    local spans = {}
    local last_project, last_stage, last_start
    local function close (until_day)
      if last_stage and last_stage ~= "closed" then
        local days = joinery.date(last_start):days_until(until_day)
        local s = spans[last_stage] or { n = 0, total = 0, longest = 0, current = 0 }
        s.n, s.total, s.longest = s.n + 1, s.total + days, math.max(s.longest, days)
        spans[last_stage] = s
      end
    end
    for project, stage, started in ctx:query(scope .. [[
        SELECT h.project_id, h.stage, h.started_on, 0 FROM project_stages h JOIN scope s ON s.id = h.project_id
        WHERE h.started_on <= ?2
          AND NOT (h.stage = s.stage AND h.started_on = s.stage_since)
        UNION ALL
        SELECT id, stage, stage_since, 1 FROM scope WHERE stage_since IS NOT NULL
        ORDER BY 1, 3, 4]], area_id, on) do
      if project ~= last_project then
        close(on)
      else
        close(started)
      end
      last_project, last_stage, last_start = project, stage, started
    end
    close(on)
    local tt = ctx:table { title = "Time in each stage",
                           columns = { "Stage", { "Projects", "integer" }, { "Average months", "number" },
                                       { "Longest months", "number" } } }
    for _, stage in ipairs(STAGES) do
      local s = spans[stage]
      if s then
        tt:add(stage, s.n, months(s.total / s.n), months(s.longest))
      end
    end

    -- Ready to scale: established for READY_MONTHS or more, with evidence —
    -- a grant completed or outcomes measured.
    ctx:heading("Ready to scale", 2)
    ctx:paragraph(("Established for %d months or more, with a completed grant or outcomes measured.")
                    :format(READY_MONTHS))
    local ready = {}
    for _, name, lead, area, since, grants, measures in ctx:query(scope .. [[
        SELECT s.id, s.name, coalesce(o.name, ''), coalesce(a.name, ''), s.stage_since,
               (SELECT count(*) FROM grants g WHERE g.project_id = s.id AND g.status = 'completed'),
               (SELECT count(*) FROM measurements m WHERE m.project_id = s.id AND m.period_end <= ?2)
        FROM scope s LEFT JOIN organisations o ON o.id = s.lead_organisation_id
        LEFT JOIN areas a ON a.id = s.area_id
        WHERE s.stage = 'established' AND s.stage_since IS NOT NULL
        ORDER BY s.stage_since, s.name]], area_id, on) do
      if joinery.date(since):add_months(READY_MONTHS) <= on and (grants > 0 or measures > 0) then
        ready[#ready + 1] = { name, lead, area, since, evidence(grants, measures) }
      end
    end
    if #ready == 0 then
      ctx:paragraph("None yet.")
    else
      local tr = ctx:table { title = "Ready to scale",
                             columns = { "Project", "Lead", "Area", { "Established since", "date" }, "Evidence" } }
      for _, row in ipairs(ready) do
        tr:add(row)
      end
    end
  end,
}
