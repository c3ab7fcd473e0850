-- network-connectors: who holds the network together. Two organisations
-- are linked by a group when both sit on it (as members, through one of
-- their people, or as the organisation that runs it), by a project when
-- both lead it, partner in it or hold a grant for it, and by a grant when
-- one holds it and the other funds it. An organisation's rank is the
-- number of other organisations it is linked to; the groups, projects and
-- grants counted are those it shares with at least one other.

-- Every (organisation, thing) tie; a thing is "g<id>", "p<id>" or "f<id>".
local TIES = [[
  SELECT organisation_id, 'g' || group_id FROM group_members WHERE organisation_id IS NOT NULL
  UNION SELECT p.organisation_id, 'g' || m.group_id FROM group_members m JOIN people p ON p.id = m.person_id
        WHERE p.organisation_id IS NOT NULL
  UNION SELECT organisation_id, 'g' || id FROM groups WHERE organisation_id IS NOT NULL
  UNION SELECT lead_organisation_id, 'p' || id FROM projects WHERE lead_organisation_id IS NOT NULL
  UNION SELECT organisation_id, 'p' || project_id FROM project_partners
  UNION SELECT applicant_id, 'p' || project_id FROM grants WHERE project_id IS NOT NULL
  UNION SELECT applicant_id, 'f' || id FROM grants
  UNION SELECT f.funder_id, 'f' || g.id FROM grants g JOIN rounds r ON r.id = g.round_id
        JOIN funds f ON f.id = r.fund_id WHERE f.funder_id IS NOT NULL
]]

-- "nhs_trust" as "NHS trust".
local function kind_words(kind)
  local words = kind:gsub("_", " "):gsub("^nhs", "NHS"):gsub("^gp", "GP"):gsub("^ccg", "CCG")
  return (words:gsub("^%l", string.upper))
end

return joinery.report {
  id = "network-connectors",
  title = "Network connectors",
  description = "Organisations ranked by the groups, projects and grants linking them to others, and the isolated ones.",
  params = {
    { name = "top", type = "number", label = "How many to rank", default = 20 },
  },
  run = function (ctx, p)
    local top = math.max(1, math.floor(p.top or 20))

    -- Who is tied to each thing, and what each organisation is tied to.
    local members, ties = {}, {}
    for org, thing in ctx:query(TIES) do
      members[thing] = members[thing] or {}
      table.insert(members[thing], org)
      ties[org] = ties[org] or {}
      table.insert(ties[org], thing)
    end

    local ranked, isolated = {}, {}
    for id, name, kind, area in ctx:query([[
        SELECT o.id, o.name, o.kind, coalesce(a.name, '') FROM organisations o
        LEFT JOIN areas a ON a.id = o.area_id ORDER BY o.name, o.id]]) do
      local counts, others, n_others = { g = 0, p = 0, f = 0 }, {}, 0
      for _, thing in ipairs(ties[id] or {}) do
        local shared = false
        for _, other in ipairs(members[thing]) do
          if other ~= id then
            shared = true
            if not others[other] then
              others[other], n_others = true, n_others + 1
            end
          end
        end
        if shared then
          local k = thing:sub(1, 1)
          counts[k] = counts[k] + 1
        end
      end
      if n_others == 0 then
        isolated[#isolated + 1] = { name, kind_words(kind), area }
      else
        ranked[#ranked + 1] = { name = name, others = n_others, g = counts.g, p = counts.p, f = counts.f }
      end
    end
    table.sort(ranked, function (a, b)
      if a.others ~= b.others then return a.others > b.others end
      local sa, sb = a.g + a.p + a.f, b.g + b.p + b.f
      if sa ~= sb then return sa > sb end
      return a.name < b.name
    end)

    local n = #ranked + #isolated
    if n == 0 then
      ctx:paragraph("There are no organisations.")
      return
    end
    ctx:paragraph(("%d organisations: %d linked to at least one other, %d isolated.")
                    :format(n, #ranked, #isolated))
    if #ranked > 0 then
      local t = ctx:table { title = ("The %d best connected"):format(math.min(top, #ranked)),
                            columns = { { "Rank", "integer" }, "Organisation", { "Organisations linked", "integer" },
                                        { "Groups", "integer" }, { "Projects", "integer" }, { "Grants", "integer" } } }
      for i = 1, math.min(top, #ranked) do
        local r = ranked[i]
        t:add(i, r.name, r.others, r.g, r.p, r.f)
      end
      ctx:chart { kind = "bar", title = "Organisations linked", data = t, x = "Organisation", y = "Organisations linked" }
    end
    if #isolated > 0 then
      ctx:paragraph("Isolated: no group, project or grant links these to another organisation.")
      local ti = ctx:table { title = "Isolated organisations", columns = { "Organisation", "Kind", "Area" } }
      for _, row in ipairs(isolated) do
        ti:add(row)
      end
    end
  end,
}
