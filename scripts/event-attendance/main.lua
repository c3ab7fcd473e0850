-- event-attendance: the events held between two days — who booked, who
-- came and who did not, by kind of organisation and by event — and the
-- organisations none of whose people came to any of them.
--
-- Rates are of the places booked and not cancelled: attended, no-show,
-- bookings whose attendance was never recorded count as neither.

local KIND_LABELS = {
  council = "Council", nhs_trust = "NHS trust", ccg = "Clinical commissioning group",
  gp_practice = "GP practice", voluntary = "Voluntary organisation",
  social_enterprise = "Social enterprise", community_group = "Community group",
  business = "Business", university = "University", national_body = "National body",
  other = "Other",
}

local function kind_label(kind)
  return kind and (KIND_LABELS[kind] or kind) or "No organisation"
end

local function rate(part, whole)
  return whole > 0 and part / whole or nil
end

return joinery.report {
  id = "event-attendance",
  title = "Event attendance",
  description = "Attended and no-show rates by kind of organisation and by event, and organisations never reached.",
  params = {
    { name = "from", type = "date", label = "Events from", help = "The first day; the earliest event when empty" },
    { name = "to", type = "date", label = "Events to", help = "The last day; today when empty" },
  },
  run = function (ctx, p)
    local to = p.to or joinery.today()
    local from = p.from
    -- ?1 from or NULL, ?2 to: the events held (begun) in the range.
    local held = "e.starts_on <= ?2 AND (?1 IS NULL OR e.starts_on >= ?1)"

    local n_events = ctx:value("SELECT count(*) FROM events e WHERE " .. held, from, to)
    if n_events == 0 then
      ctx:paragraph("No event was held in this time.")
      return
    end

    -- By kind of organisation of the person booked.
    local kinds, order = {}, {}
    local total = { booked = 0, attended = 0, no_show = 0, unrecorded = 0, cancelled = 0 }
    for _, kind, status, n in ctx:query([[
        SELECT o.kind IS NULL, o.kind, a.status, count(*)
        FROM attendances a JOIN events e ON e.id = a.event_id
        JOIN people p ON p.id = a.person_id LEFT JOIN organisations o ON o.id = p.organisation_id
        WHERE ]] .. held .. [[
        GROUP BY o.kind, a.status ORDER BY 1, 2]], from, to) do
      local label = kind_label(kind)
      if not kinds[label] then
        kinds[label] = { booked = 0, attended = 0, no_show = 0, unrecorded = 0, cancelled = 0 }
        order[#order + 1] = label
      end
      local k = kinds[label]
      local key = status == "booked" and "unrecorded" or status
      k[key], total[key] = k[key] + n, total[key] + n
      if status ~= "cancelled" then
        k.booked, total.booked = k.booked + n, total.booked + n
      end
    end
    local span = from and ("from %s to %s"):format(from, to) or ("up to %s"):format(to)
    ctx:paragraph(("%d %s %s: %d places booked (not cancelled), %d attended, %d did not come.")
                    :format(n_events, n_events == 1 and "event" or "events", span,
                            total.booked, total.attended, total.no_show))

    if total.unrecorded > 0 then
      ctx:paragraph(("The attendance of %d %s not recorded.")
                      :format(total.unrecorded, total.unrecorded == 1 and "booking was" or "bookings were"))
    end
    local columns = { { "Booked", "integer" }, { "Attended", "integer" }, { "No-show", "integer" },
                      { "Attended rate", "percent" }, { "No-show rate", "percent" } }
    local function add(t, first, k)
      t:add(first, k.booked, k.attended, k.no_show, rate(k.attended, k.booked), rate(k.no_show, k.booked))
    end
    table.sort(order, function (a, b)
      if kinds[a].booked ~= kinds[b].booked then
        return kinds[a].booked > kinds[b].booked
      end
      return a < b
    end)
    local by_kind = { "Kind of organisation" }
    for _, c in ipairs(columns) do by_kind[#by_kind + 1] = c end
    local tk = ctx:table { title = "By kind of organisation", columns = by_kind }
    for _, label in ipairs(order) do
      add(tk, label, kinds[label])
    end
    if #order > 1 then
      ctx:chart { kind = "bar", title = "Attended by kind of organisation", data = tk, x = "Kind of organisation",
                  y = { "Attended", "No-show" } }
    end

    -- By event, in date order.
    local by_event = { "Event", { "On", "date" } }
    for _, c in ipairs(columns) do by_event[#by_event + 1] = c end
    local te = ctx:table { title = "By event", columns = by_event }
    for _, name, starts_on, booked, attended, no_show in ctx:query([[
        SELECT e.id, e.name, e.starts_on,
               count(a.id) FILTER (WHERE a.status <> 'cancelled'),
               count(a.id) FILTER (WHERE a.status = 'attended'),
               count(a.id) FILTER (WHERE a.status = 'no_show')
        FROM events e LEFT JOIN attendances a ON a.event_id = e.id
        WHERE ]] .. held .. [[
        GROUP BY e.id ORDER BY e.starts_on, e.name]], from, to) do
      te:add(name, starts_on, booked, attended, no_show, rate(attended, booked), rate(no_show, booked))
    end

    -- Organisations none of whose people attended an event in the range.
    local never = {}
    for _, name, kind, area in ctx:query([[
        SELECT o.id, o.name, o.kind, coalesce(a.name, '')
        FROM organisations o LEFT JOIN areas a ON a.id = o.area_id
        WHERE NOT EXISTS (SELECT 1 FROM people p JOIN attendances t ON t.person_id = p.id
                          JOIN events e ON e.id = t.event_id
                          WHERE p.organisation_id = o.id AND t.status = 'attended' AND ]] .. held .. [[)
        ORDER BY o.name]], from, to) do
      never[#never + 1] = { name, kind_label(kind), area }
    end
    local n_orgs = ctx:value("SELECT count(*) FROM organisations")
    if #never == 0 then
      ctx:paragraph("Every organisation was reached.")
    else
      ctx:paragraph(("%d of the %d organisations were never reached: none of their people attended."):format(#never, n_orgs))
      local tn = ctx:table { title = "Organisations never reached", columns = { "Organisation", "Kind", "Area" } }
      for _, row in ipairs(never) do
        tn:add(row)
      end
    end
  end,
}
