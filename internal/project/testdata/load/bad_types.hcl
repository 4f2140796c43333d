schemas = "public"
to      = 3
migrations {
  format = "liquibase"
}
env "dev" {}
env "dev" {}
lint {
  rule "no-such-rule" {}
}
