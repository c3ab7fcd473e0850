-- grant-monitoring: a workflow that shows the API off — a trigger on a
-- change of status, a `when` that compares the record with its old
-- values, and changes made through the core (tasks, a tag, a note), all
-- in one step that undo takes back.

return joinery.workflow {
  id = "grant-monitoring",
  title = "Plan the monitoring of an awarded grant",
  description = "Three yearly impact-report tasks, due on each anniversary of the award.",
  on = "grant.status",
  when = function (grant, old)
    return grant.status == "awarded" and (old == nil or old.status ~= "awarded")
  end,
  run = function (ctx, grant, old)
    local awarded = joinery.date(grant.awarded_on)
    for year = 1, 3 do
      ctx:create_task {
        title = ("Year %d impact report: %s"):format(year, grant.title),
        due = awarded:add_years(year),
        record = grant,
        description = ("Ask %s for the year %d report on the %s grant.")
                        :format(grant.applicant.name, year, joinery.money.format(grant.amount_awarded)),
      }
    end
    ctx:add_tag(grant, "monitoring")
    ctx:add_note(grant, ("Monitoring planned: reports due %s, %s and %s.")
                          :format(awarded:add_years(1), awarded:add_years(2), awarded:add_years(3)))
  end,
}
