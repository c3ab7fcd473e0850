-- area-briefing: one page on an area and the areas within it, short enough
-- to paste into a board paper — organisations by kind, live projects by
-- stage, money awarded to the area's organisations and projects, the
-- latest events, and each indicator's change from its first measurement
-- to its latest.

local STAGES = { "idea", "pilot", "established", "scaling", "embedded" }

-- The area and every area within it, as the CTE `sub`; ?1 the area.
local SUB = [[
  WITH RECURSIVE sub (id) AS (SELECT ?1 UNION SELECT a.id FROM areas a JOIN sub ON a.parent_id = sub.id)
]]

-- An indicator's value in its unit: pounds as money, a percentage with
-- its sign, anything else as it is.
local function show(unit, v)
  if unit == "pounds" then
    return (joinery.money.format(math.floor(v * 100 + 0.5)):gsub("%.00$", ""))
  end
  return ("%g"):format(v) .. (unit == "percent" and "%" or "")
end

local function plural(n, one, many)
  return ("%d %s"):format(n, n == 1 and one or many)
end

-- "nhs_trust" as "NHS trust".
local function kind_words(kind)
  local words = kind:gsub("_", " "):gsub("^nhs", "NHS"):gsub("^gp", "GP"):gsub("^ccg", "CCG")
  return (words:gsub("^%l", string.upper))
end

return joinery.report {
  id = "area-briefing",
  title = "Area briefing",
  description = "A one-page summary of an area for a board paper.",
  params = {
    { name = "area", type = "record", kind = "area", label = "Area", required = true,
      help = "The area, with the areas within it" },
    { name = "on", type = "date", label = "As at", help = "Today when empty" },
    { name = "events", type = "number", label = "Latest events shown", default = 5 },
  },
  run = function (ctx, p)
    local area, on = p.area, p.on or joinery.today()
    local n_events = math.max(1, math.floor(p.events or 5))
    ctx:heading(area.name)

    -- Figures for the opening sentence.
    local orgs = ctx:value(SUB .. "SELECT count(*) FROM organisations WHERE area_id IN (SELECT id FROM sub)", area)
    local live = ctx:value(SUB .. [[SELECT count(*) FROM projects WHERE area_id IN (SELECT id FROM sub)
                                    AND stage <> 'closed' AND (stage_since IS NULL OR stage_since <= ?2)]], area, on)
    -- Grants to the area's organisations or for its projects, awarded by `on`.
    local grants = SUB .. [[, chosen AS (
        SELECT g.* FROM grants g
        LEFT JOIN organisations o ON o.id = g.applicant_id LEFT JOIN projects pr ON pr.id = g.project_id
        WHERE (g.status = 'awarded' OR g.status = 'completed') AND g.awarded_on <= ?2
          AND (o.area_id IN (SELECT id FROM sub) OR pr.area_id IN (SELECT id FROM sub)))
    ]]
    local n_grants, awarded = 0, 0
    for n, sum in ctx:query(grants .. "SELECT count(*), coalesce(sum(amount_awarded), 0) FROM chosen", area, on) do
      n_grants, awarded = n, sum
    end
    ctx:paragraph(("As at %s: %s, %s and %s.")
                    :format(on.day .. on:format(" %B %Y"), plural(orgs, "organisation", "organisations"),
                            live == 0 and "no live projects" or plural(live, "live project", "live projects"),
                            n_grants == 0 and "no grants awarded"
                              or (joinery.money.format(awarded) .. " awarded in " .. plural(n_grants, "grant", "grants"))))

    -- Organisations by kind.
    if orgs > 0 then
      local t = ctx:table { title = "Organisations", columns = { "Kind", { "Organisations", "integer" } } }
      for kind, n in ctx:query(SUB .. [[SELECT kind, count(*) FROM organisations
                                        WHERE area_id IN (SELECT id FROM sub) GROUP BY kind ORDER BY 2 DESC, 1]], area) do
        t:add(kind_words(kind), n)
      end
    end

    -- Live projects by stage, with their names.
    if live > 0 then
      local by_stage = {}
      for stage, name in ctx:query(SUB .. [[SELECT stage, name FROM projects WHERE area_id IN (SELECT id FROM sub)
                                            AND stage <> 'closed' AND (stage_since IS NULL OR stage_since <= ?2)
                                            ORDER BY name]], area, on) do
        by_stage[stage] = by_stage[stage] or {}
        table.insert(by_stage[stage], name)
      end
      local t = ctx:table { title = "Live projects by stage", columns = { "Stage", { "Projects", "integer" }, "Names" } }
      for _, stage in ipairs(STAGES) do
        local names = by_stage[stage]
        if names then
          t:add(stage, #names, table.concat(names, "; "))
        end
      end
    end

    -- Money awarded, by fund.
    if n_grants > 0 then
      local t = ctx:table { title = "Money awarded", columns = { "Fund", { "Grants", "integer" }, { "Awarded", "money" } } }
      for _, fund, n, sum in ctx:query(grants .. [[
          SELECT f.id, f.name, count(*), sum(c.amount_awarded) FROM chosen c
          JOIN rounds r ON r.id = c.round_id JOIN funds f ON f.id = r.fund_id
          GROUP BY f.id ORDER BY 4 DESC, 2]], area, on) do
        t:add(fund, n, sum)
      end
    end

    -- The latest events held by `on`, and those to come.
    local t_events = {}
    for _, name, starts_on, attended, booked in ctx:query(SUB .. [[
        SELECT e.id, e.name, e.starts_on,
               (SELECT count(*) FROM attendances a WHERE a.event_id = e.id AND a.status = 'attended'),
               (SELECT count(*) FROM attendances a WHERE a.event_id = e.id AND a.status <> 'cancelled')
        FROM events e WHERE e.area_id IN (SELECT id FROM sub)
        ORDER BY e.starts_on > ?2, abs(julianday(e.starts_on) - julianday(?2)), e.name]], area, on) do
      if #t_events < n_events or starts_on > on:iso() then
        t_events[#t_events + 1] = { name, starts_on, starts_on > on:iso() and "to come" or "held",
                                    attended, booked }
      end
    end
    if #t_events == 0 then
      ctx:paragraph("No event has been held in the area.")
    else
      table.sort(t_events, function (a, b) return a[2] < b[2] end)
      local t = ctx:table { title = "Latest events", columns = { "Event", { "On", "date" }, "When", { "Attended", "integer" },
                                                                { "Booked", "integer" } } }
      for _, row in ipairs(t_events) do
        t:add(row)
      end
    end

    -- Indicators measured for the area, its organisations or its projects.
    local series, order = {}, {}
    for _, indicator, direction, unit, subject, period_end, value in ctx:query(SUB .. [[
        SELECT m.id, i.name, i.direction, i.unit, coalesce(a.name, o.name, pr.name), m.period_end, m.value
        FROM measurements m JOIN indicators i ON i.id = m.indicator_id
        LEFT JOIN areas a ON a.id = m.area_id LEFT JOIN organisations o ON o.id = m.organisation_id
        LEFT JOIN projects pr ON pr.id = m.project_id
        WHERE m.period_end <= ?2 AND (m.area_id IN (SELECT id FROM sub) OR o.area_id IN (SELECT id FROM sub)
                                      OR pr.area_id IN (SELECT id FROM sub))
        ORDER BY i.name, 5, m.period_end, m.id]], area, on) do
      local key = indicator .. "\0" .. subject
      if not series[key] then
        series[key] = { indicator = indicator, direction = direction, unit = unit, subject = subject,
                        first = value, first_on = period_end, n = 0 }
        order[#order + 1] = series[key]
      end
      local s = series[key]
      s.last, s.last_on, s.n = value, period_end, s.n + 1
    end
    -- Only the series measured more than once: a change needs two.
    local changed, once = {}, 0
    for _, s in ipairs(order) do
      if s.n > 1 then
        changed[#changed + 1] = s
      else
        once = once + 1
      end
    end
    if #changed > 0 then
      local t = ctx:table { title = "Indicator changes",
                            columns = { "Indicator", "For", "From", "To", "Years", "Direction" } }
      for _, s in ipairs(changed) do
        local change = s.last - s.first
        t:add(s.indicator, s.subject, show(s.unit, s.first), show(s.unit, s.last),
              s.first_on:sub(1, 4) .. " to " .. s.last_on:sub(1, 4),
              change == 0 and "no change" or ((change > 0) == (s.direction == "higher") and "better" or "worse"))
      end
    end
    if once > 0 then
      ctx:paragraph(("%s measured only once, so no change to show yet."):format(plural(once, "indicator series was", "indicator series were")))
    end
  end,
}
