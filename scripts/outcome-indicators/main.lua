-- outcome-indicators: for each indicator and what it was measured for (an
-- area, an organisation or a project), the first measurement (the
-- baseline), the latest, the change between them and whether it went the
-- way the indicator wants; then a line chart of each series measured more
-- than once.

-- The verdict on a change for an indicator whose better `direction` is
-- "higher" or "lower".
local function verdict(direction, change, n)
  if n < 2 then
    return "one measurement"
  elseif change == 0 then
    return "no change"
  elseif (change > 0) == (direction == "higher") then
    return "better"
  end
  return "worse"
end

-- A period in few words: a UK financial year as "2016/17", a calendar
-- year as "2016", a day as itself.
local function period(first, last)
  local y1, y2 = first:sub(1, 4), last:sub(1, 4)
  if first == last then
    return first
  elseif first:sub(5) == "-04-01" and last:sub(5) == "-03-31" and tonumber(y2) == tonumber(y1) + 1 then
    return ("%s/%s"):format(y1, y2:sub(3))
  elseif first:sub(5) == "-01-01" and last:sub(5) == "-12-31" and y1 == y2 then
    return y1
  end
  return first .. " to " .. last
end

-- 1234567.5 as "1,234,567.5".
local function grouped(v)
  local text = ("%.10g"):format(math.abs(v))
  local whole, rest = text:match("^(%d+)(.*)$")
  whole = whole:reverse():gsub("(%d%d%d)", "%1,"):reverse():gsub("^,", "")
  return (v < 0 and "-" or "") .. whole .. rest
end

-- A value in its unit, as a board paper writes it.
local function show(unit, v)
  if unit == "pounds" then
    return (v < 0 and "-£" or "£") .. grouped(math.abs(v))
  elseif unit == "percent" then
    return grouped(v) .. "%"
  elseif unit == "years" or unit == "days" then
    return grouped(v) .. " " .. unit
  end
  return grouped(v)
end

return joinery.report {
  id = "outcome-indicators",
  title = "Outcome indicators",
  description = "Each indicator's baseline, latest value and change, in the right direction or not, with line charts.",
  params = {
    { name = "indicator", type = "record", kind = "indicator", label = "Indicator",
      help = "Only this indicator; every one when empty" },
    { name = "to", type = "date", label = "Measured up to", help = "Leave out later measurements; all when empty" },
  },
  run = function (ctx, p)
    local indicator_id = p.indicator and p.indicator.id or nil
    if p.indicator then
      ctx:heading(p.indicator.name)
    end

    -- Every measurement, by series (indicator and subject) then period.
    local series, order = {}, {}
    for _, indicator, unit, direction, subject, period_start, period_end, value in ctx:query([[
        SELECT m.id, i.name, i.unit, i.direction,
               coalesce(a.name, o.name, pr.name), m.period_start, m.period_end, m.value
        FROM measurements m JOIN indicators i ON i.id = m.indicator_id
        LEFT JOIN areas a ON a.id = m.area_id
        LEFT JOIN organisations o ON o.id = m.organisation_id
        LEFT JOIN projects pr ON pr.id = m.project_id
        WHERE (?1 IS NULL OR m.indicator_id = ?1) AND (?2 IS NULL OR m.period_end <= ?2)
        ORDER BY i.name, i.id, 5, m.period_end, m.period_start, m.id]], indicator_id, p.to) do
      local key = indicator .. "\0" .. subject
      local s = series[key]
      if not s then
        s = { indicator = indicator, unit = unit, direction = direction, subject = subject, points = {} }
        series[key] = s
        order[#order + 1] = s
      end
      s.points[#s.points + 1] = { from = period_start, to = period_end, value = value }
    end
    if #order == 0 then
      ctx:paragraph("No indicator has been measured yet.")
      return
    end

    local counts, rows = { better = 0, worse = 0 }, {}
    for _, s in ipairs(order) do
      local first, last = s.points[1], s.points[#s.points]
      local change = last.value - first.value
      local v = verdict(s.direction, change, #s.points)
      local shown_change
      if #s.points > 1 then
        -- A change of a percentage is in points, not per cent.
        shown_change = (change > 0 and "+" or "") ..
                       (s.unit == "percent" and (grouped(change) .. " points") or show(s.unit, change))
      end
      counts[v] = (counts[v] or 0) + 1
      rows[#rows + 1] = { s.indicator, s.subject, s.direction, show(s.unit, first.value), period(first.from, first.to),
                          show(s.unit, last.value), period(last.from, last.to), shown_change,
                          (#s.points > 1 and first.value ~= 0) and change / math.abs(first.value) or nil, v }
    end
    ctx:paragraph(("%d series measured: %d moved the right way, %d the wrong way, %d measured only once.")
                    :format(#order, counts.better, counts.worse, counts["one measurement"] or 0))
    local t = ctx:table { title = "Baseline and latest",
                          columns = { "Indicator", "For", "Better when", "Baseline", "Baseline period",
                                      "Latest", "Latest period", "Change", { "Change %", "percent" }, "Direction" } }
    for _, row in ipairs(rows) do
      t:add(row)
    end

    -- A line chart of each series measured more than once.
    for _, s in ipairs(order) do
      if #s.points > 1 then
        local title = ("%s: %s"):format(s.indicator, s.subject)
        local column = ("Value (%s)"):format(s.unit)
        local tc = ctx:table { title = title, columns = { "Period", { column, "number" } } }
        for _, point in ipairs(s.points) do
          tc:add(period(point.from, point.to), point.value)
        end
        ctx:chart { kind = "line", title = title, data = tc, x = "Period", y = column }
      end
    end
  end,
}
