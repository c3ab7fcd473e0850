-- event-follow-up: after an event, the two things that are always
-- forgotten — thanking the speakers and sending the slides.
--
-- "Over" is its end date (its start date for a one-day event) before
-- today. It runs on demand and each time the database is opened, and
-- looks at every event that is over and has no follow-up yet. An event it
-- followed up is tagged "followed-up" (or had tasks from it): it is never
-- followed up twice, even if those tasks were done or deleted since.
-- Remove the tag to have it followed up again.

local SOURCE = "plugin:event-follow-up"
local TAG = "followed-up"

local function people_in (ctx, event_id, roles_sql, status_sql)
  local names = {}
  for name in ctx:query([[SELECT p.name FROM attendances a JOIN people p ON p.id = a.person_id
                          WHERE a.event_id = ?1 AND ]] .. roles_sql .. " AND " .. status_sql ..
                        " ORDER BY p.name", event_id) do
    names[#names + 1] = name
  end
  return names
end

return joinery.workflow {
  id = "event-follow-up",
  title = "Follow up events that are over",
  description = "For each event over and not yet followed up: a task to thank each speaker, "
             .. "and one to send the material to those who attended.",
  on = { "demand", "open" },
  run = function (ctx)
    local today = joinery.today()
    local due = today:add_days(7)
    local events = {}
    for id in ctx:query([[SELECT e.id FROM events e
                          WHERE coalesce(e.ends_on, e.starts_on) < ?1
                            AND NOT EXISTS (SELECT 1 FROM tags g WHERE g.record_kind = 'event'
                                            AND g.record_id = e.id AND g.name = ?3)
                            AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.record_kind = 'event'
                                            AND t.record_id = e.id AND t.created_by = ?2)
                          ORDER BY e.starts_on, e.id]], today:iso(), SOURCE, TAG) do
      events[#events + 1] = id
    end
    for _, id in ipairs(events) do
      local event = ctx:get("event", id)
      local speakers = people_in(ctx, id, "a.role IN ('speaker', 'facilitator')", "a.status <> 'cancelled'")
      local attended = people_in(ctx, id, "1", "a.status = 'attended'")
      for _, name in ipairs(speakers) do
        ctx:create_task { title = ("Thank %s for speaking at %s"):format(name, event.name),
                          due = due, record = event }
      end
      ctx:create_task {
        title = ("Send the material of %s to its attendees"):format(event.name),
        due = due, record = event,
        description = #attended == 0 and "Nobody is recorded as having attended yet."
                      or ("%d attended: %s."):format(#attended, table.concat(attended, ", ")),
      }
      ctx:add_tag(event, TAG)
    end
    print(("%d event%s followed up"):format(#events, #events == 1 and "" or "s"))
  end,
}
