-- grants-by-status: a report that shows the API off — declared parameters,
-- a query with bound parameters, typed table columns (integer, money,
-- percent), a chart drawn from a table, records and dates.

local function money(pence)
  return joinery.money.format(pence or 0)
end

return joinery.report {
  id = "grants-by-status",
  title = "Grants by status",
  description = "Grants at each status, requested and awarded, and awards by financial year.",
  params = {
    { name = "fund", type = "record", kind = "fund", label = "Fund",
      help = "Only the grants of this fund's rounds" },
    { name = "from", type = "date", label = "Submitted or awarded from" },
  },
  run = function (ctx, p)
    local where, args = { "1 = 1" }, {}
    if p.fund then
      where[#where + 1] = "g.round_id IN (SELECT id FROM rounds WHERE fund_id = ?)"
      args[#args + 1] = p.fund
    end
    if p.from then
      where[#where + 1] = "coalesce(g.awarded_on, g.submitted_on, substr(g.created_at, 1, 10)) >= ?"
      args[#args + 1] = p.from
    end
    local filter = table.concat(where, " AND ")

    ctx:heading(p.fund and ("Grants of " .. p.fund.name) or "All grants")
    if p.from then
      ctx:paragraph(("From %d %s."):format(p.from.day, p.from:format("%B %Y")))
    end

    -- Counts and sums by status, in the order grants go through.
    local statuses = { "draft", "submitted", "under_review", "awarded", "declined", "withdrawn", "completed" }
    local by_status, total_awarded, total = {}, 0, 0
    for status, n, requested, awarded in ctx:query(
        "SELECT g.status, count(*), sum(g.amount_requested), sum(g.amount_awarded) " ..
        "FROM grants g WHERE " .. filter .. " GROUP BY g.status", table.unpack(args)) do
      by_status[status] = { n = n, requested = requested or 0, awarded = awarded or 0 }
      total_awarded = total_awarded + (awarded or 0)
      total = total + n
    end

    local t = ctx:table {
      title = "By status",
      columns = { { "Status", "text" }, { "Grants", "integer" }, { "Requested", "money" },
                  { "Awarded", "money" }, { "Share of awards", "percent" } },
    }
    for _, status in ipairs(statuses) do
      local s = by_status[status]
      if s then
        t:add(status:gsub("_", " "), s.n, s.requested, s.awarded,
              total_awarded > 0 and s.awarded / total_awarded or nil)
      end
    end
    ctx:paragraph(("%d grants; %s awarded in all."):format(total, money(total_awarded)))
    if total_awarded > 0 then
      ctx:chart { kind = "bar", title = "Awarded by status", data = t, x = "Status", y = "Awarded" }
    end

    -- Awards by the UK financial year of their award, read as records.
    local years, order = {}, {}
    for _, g in ipairs(ctx:records("grant")) do
      if g.awarded_on and (not p.fund or g.round.fund == p.fund)
         and (not p.from or joinery.date(g.awarded_on) >= p.from) then
        local fy = joinery.financial_year(g.awarded_on).label
        if not years[fy] then
          years[fy] = { n = 0, awarded = 0 }
          order[#order + 1] = fy
        end
        years[fy].n = years[fy].n + 1
        years[fy].awarded = years[fy].awarded + (g.amount_awarded or 0)
      end
    end
    table.sort(order)
    if #order > 0 then
      local fy = ctx:table { title = "Awards by financial year",
                             columns = { "Financial year", { "Grants", "integer" }, { "Awarded", "money" } } }
      for _, label in ipairs(order) do
        fy:add { ["Financial year"] = label, Grants = years[label].n, Awarded = years[label].awarded }
      end
    end
  end,
}
