-- fund-summary: a report that shows the API off — a required record
-- parameter (given by id or by name), grouped queries with bound
-- parameters, money columns with a total row, and a bar chart drawn from
-- a table.

local NO_THEME = "No theme"

-- Themes by name, whatever the case, as SQLite orders them; grants
-- without a theme last.
local function theme_before(a, b)
  if (a == NO_THEME) ~= (b == NO_THEME) then
    return b == NO_THEME
  end
  return a:lower() < b:lower()
end

-- The leading columns given, then the figures every table has.
local function columns(...)
  local list = { ... }
  list[#list + 1] = { "Grants", "integer" }
  list[#list + 1] = { "Requested", "money" }
  list[#list + 1] = { "Awarded", "money" }
  return list
end

local function add_to(sum, n, requested, awarded)
  sum.n, sum.requested, sum.awarded = sum.n + n, sum.requested + requested, sum.awarded + awarded
end

return joinery.report {
  id = "fund-summary",
  title = "Fund summary by theme and round",
  description = "A fund's grants, requested and awarded, by theme and round, with totals and a chart of the awards by theme.",
  params = {
    { name = "fund", type = "record", kind = "fund", label = "Fund", required = true,
      help = "The fund to sum up, by name or id" },
  },
  run = function (ctx, p)
    local fund = p.fund
    ctx:heading(fund.name)

    -- Each theme and round that has grants: themes by name, rounds in
    -- their order. The first column is never NULL (it ends the loop).
    local rows, by_theme, total = {}, {}, { n = 0, requested = 0, awarded = 0 }
    for _, theme, round, n, requested, awarded in ctx:query([[
        SELECT g.theme_id IS NULL, t.name, r.name, count(*),
               coalesce(sum(g.amount_requested), 0), coalesce(sum(g.amount_awarded), 0)
        FROM grants g
        JOIN rounds r ON r.id = g.round_id
        LEFT JOIN themes t ON t.id = g.theme_id
        WHERE r.fund_id = ?
        GROUP BY g.theme_id, r.id
        ORDER BY g.theme_id IS NULL, t.name, r.number IS NULL, r.number, r.name, r.id]], fund) do
      theme = theme or NO_THEME
      rows[#rows + 1] = { theme, round, n, requested, awarded }
      by_theme[theme] = by_theme[theme] or { n = 0, requested = 0, awarded = 0 }
      add_to(by_theme[theme], n, requested, awarded)
      add_to(total, n, requested, awarded)
    end
    if total.n == 0 then
      ctx:paragraph("The fund has no grants yet.")
      return
    end
    ctx:paragraph(("%d grants: %s requested, %s awarded.")
                    :format(total.n, joinery.money.format(total.requested), joinery.money.format(total.awarded)))

    local t = ctx:table { title = "By theme and round", columns = columns("Theme", "Round") }
    for _, row in ipairs(rows) do
      t:add(row)
    end
    t:add("Total", nil, total.n, total.requested, total.awarded)

    -- By theme: the fund's own themes too, even those without grants.
    for name in ctx:query("SELECT t.name FROM fund_themes ft JOIN themes t ON t.id = ft.theme_id " ..
                          "WHERE ft.fund_id = ?", fund) do
      by_theme[name] = by_theme[name] or { n = 0, requested = 0, awarded = 0 }
    end
    local themes = {}
    for name in pairs(by_theme) do
      themes[#themes + 1] = name
    end
    table.sort(themes, theme_before)
    local th = ctx:table { title = "By theme", columns = columns("Theme") }
    for _, name in ipairs(themes) do
      local sum = by_theme[name]
      th:add(name, sum.n, sum.requested, sum.awarded)
    end
    if total.awarded > 0 then
      ctx:chart { kind = "bar", title = "Awarded by theme", data = th, x = "Theme", y = "Awarded" }
    end

    -- By round: every round of the fund, those without grants too.
    local r = ctx:table { title = "By round", columns = columns("Round", { "Closes on", "date" }) }
    for _, name, closes_on, n, requested, awarded in ctx:query([[
        SELECT r.id, r.name, r.closes_on, count(g.id),
               coalesce(sum(g.amount_requested), 0), coalesce(sum(g.amount_awarded), 0)
        FROM rounds r
        LEFT JOIN grants g ON g.round_id = r.id
        WHERE r.fund_id = ?
        GROUP BY r.id
        ORDER BY r.number IS NULL, r.number, r.name, r.id]], fund) do
      r:add(name, closes_on, n, requested, awarded)
    end
  end,
}
