migrations {
  dir = "migraitons"
}
to = ["schema.hcl", "missing.hcl"]
