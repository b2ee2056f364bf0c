-- The basemap's classes (src/core/basemap/map-classes.ts) for tilemaker: roads by class with
-- names, water, land use. Only for measuring vector tiles against the GeoJSON basemap.
node_keys = {}
function init_function() end
function exit_function() end
function node_function(node) end

local road = {
  motorway = "motorway", motorway_link = "motorway", trunk = "trunk", trunk_link = "trunk",
  primary = "primary", primary_link = "primary", secondary = "secondary", secondary_link = "secondary",
  tertiary = "tertiary", tertiary_link = "tertiary", unclassified = "minor", residential = "minor",
  living_street = "minor", road = "minor", service = "service", pedestrian = "path", footway = "path",
  steps = "path", path = "path", cycleway = "path", track = "path", bridleway = "path"
}
local landuse = {
  forest = "wood", recreation_ground = "park", village_green = "park", grass = "grass", meadow = "grass",
  cemetery = "cemetery", residential = "residential", commercial = "commercial", retail = "commercial",
  industrial = "industrial", railway = "industrial"
}

function way_function(way)
  if way:Find("building") ~= "" then return end
  local cls = road[way:Find("highway")]
  if cls then
    way:Layer("roads", false)
    way:Attribute("class", cls)
    local name = way:Find("name")
    if name ~= "" then way:Attribute("name", name) end
    local tunnel = way:Find("tunnel")
    if tunnel ~= "" and tunnel ~= "no" then way:AttributeBoolean("tunnel", true) end
    return
  end
  local natural = way:Find("natural")
  if natural == "water" or way:Find("waterway") == "riverbank" or way:Find("landuse") == "reservoir" then
    way:Layer("water", true)
    return
  end
  local use = landuse[way:Find("landuse")]
  local leisure = way:Find("leisure")
  if leisure == "park" or leisure == "garden" or leisure == "playground" then use = "park" end
  if natural == "wood" then use = "wood" end
  if natural == "beach" or natural == "sand" then use = "sand" end
  if use then
    way:Layer("landuse", true)
    way:Attribute("class", use)
  end
end
