-- grants-pipeline: where every grant stands on a given day — how many at
-- each status and for how much, how long the open applications have
-- waited, and which reports grant holders owe (the open tasks on their
-- grants, and the end-of-grant report of a grant whose work has ended).

local STATUSES = { "draft", "submitted", "under_review", "awarded", "declined", "withdrawn", "completed" }
-- Ageing bands of an open application, in days since it was submitted.
local BANDS = { { 30, "Under 30 days" }, { 90, "30 to 89 days" }, { math.huge, "90 days or more" } }

local function words(status)
  return (status:gsub("_", " "))
end

return joinery.report {
  id = "grants-pipeline",
  title = "Grants pipeline",
  description = "Grants by status with amounts, the ageing of open applications and the reports due.",
  params = {
    { name = "fund", type = "record", kind = "fund", label = "Fund",
      help = "Only the grants of this fund; every fund when empty" },
    { name = "on", type = "date", label = "As at", help = "The day the ages and due reports are counted to; today when empty" },
    { name = "ahead", type = "number", label = "Reports due within (days)", default = 90 },
  },
  run = function (ctx, p)
    local on = p.on or joinery.today()
    local ahead = math.floor(p.ahead or 90)
    local fund_id = p.fund and p.fund.id or nil
    -- ?1 the fund or NULL for all.
    local in_fund = "(?1 IS NULL OR g.round_id IN (SELECT id FROM rounds WHERE fund_id = ?1))"

    ctx:heading(p.fund and p.fund.name or "All funds")
    ctx:paragraph(("As at %s."):format(on.day .. on:format(" %B %Y")))

    local by, total = {}, { n = 0, requested = 0, awarded = 0 }
    for status, n, requested, awarded in ctx:query(
        "SELECT g.status, count(*), coalesce(sum(g.amount_requested), 0), coalesce(sum(g.amount_awarded), 0) " ..
        "FROM grants g WHERE " .. in_fund .. " GROUP BY g.status", fund_id) do
      by[status] = { n = n, requested = requested, awarded = awarded }
      total.n, total.requested, total.awarded = total.n + n, total.requested + requested, total.awarded + awarded
    end
    if total.n == 0 then
      ctx:paragraph("There are no grants.")
      return
    end

    local t = ctx:table { title = "By status",
                          columns = { "Status", { "Grants", "integer" }, { "Requested", "money" }, { "Awarded", "money" } } }
    for _, status in ipairs(STATUSES) do
      local s = by[status]
      if s then
        t:add(words(status), s.n, s.requested, s.awarded)
      end
    end
    t:add("Total", total.n, total.requested, total.awarded)

    -- Open applications: their age from submission (a draft from when it
    -- was entered) to the day of the report.
    local open, bands = {}, {}
    for _, title, applicant, status, since, requested in ctx:query([[
        SELECT g.id, g.title, o.name, g.status, coalesce(g.submitted_on, substr(g.created_at, 1, 10)),
               g.amount_requested
        FROM grants g JOIN organisations o ON o.id = g.applicant_id
        WHERE (g.status = 'draft' OR g.status = 'submitted' OR g.status = 'under_review') AND ]] .. in_fund .. [[
        ORDER BY 5, g.id]], fund_id) do
      local days = math.max(0, joinery.date(since):days_until(on))
      open[#open + 1] = { title, applicant, words(status), since, days, requested }
      for i, band in ipairs(BANDS) do
        if days < band[1] then
          bands[i] = (bands[i] or 0) + 1
          break
        end
      end
    end
    if #open == 0 then
      ctx:paragraph("No application is waiting for a decision.")
    else
      ctx:paragraph(("%d applications wait for a decision; the oldest has waited %d days.")
                      :format(#open, open[1][5]))
      local t = ctx:table { title = "Open applications",
                            columns = { "Grant", "Applicant", "Status", { "Since", "date" },
                                        { "Days waiting", "integer" }, { "Requested", "money" } } }
      for _, row in ipairs(open) do
        t:add(row)
      end
      local ageing = ctx:table { title = "Ageing of open applications",
                                 columns = { "Waiting", { "Applications", "integer" } } }
      for i, band in ipairs(BANDS) do
        ageing:add(band[2], bands[i] or 0)
      end
    end

    -- Reports due: open tasks on the grants due by `on` + ahead, and
    -- grants still "awarded" whose work ended by `on` (their end-of-grant
    -- report is owed until the grant is marked completed).
    local until_day = on:add_days(ahead)
    local due, overdue = {}, 0
    for _, title, applicant, what, due_on in ctx:query([[
        SELECT g.id, g.title, o.name, t.title, t.due_on
        FROM tasks t JOIN grants g ON g.id = t.record_id JOIN organisations o ON o.id = g.applicant_id
        WHERE t.record_kind = 'grant' AND t.status = 'open' AND t.due_on IS NOT NULL AND t.due_on <= ?2
          AND ]] .. in_fund .. [[
        UNION ALL
        SELECT g.id, g.title, o.name, 'End of grant report', g.ends_on
        FROM grants g JOIN organisations o ON o.id = g.applicant_id
        WHERE g.status = 'awarded' AND g.ends_on IS NOT NULL AND g.ends_on <= ?3 AND ]] .. in_fund .. [[
        ORDER BY 5, 2, 4]], fund_id, until_day, on) do
      local late = joinery.date(due_on):days_until(on)
      if late > 0 then
        overdue = overdue + 1
      end
      due[#due + 1] = { title, applicant, what, due_on, late > 0 and late or nil }
    end
    if #due == 0 then
      ctx:paragraph(("No report is due by %s."):format(until_day))
    else
      ctx:paragraph(("%d %s due by %s, %s overdue."):format(#due, #due == 1 and "report" or "reports", until_day,
                                                            overdue == 0 and "none" or tostring(overdue)))
      local t = ctx:table { title = "Reports due",
                            columns = { "Grant", "Applicant", "Report", { "Due", "date" }, { "Days overdue", "integer" } } }
      for _, row in ipairs(due) do
        t:add(row)
      end
    end
  end,
}
