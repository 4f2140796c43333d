schema "public" {}

# One edit from a built-in name is taken for a typo, not a user type.
table "users" {
  schema = schema.public
  column "age" {
    type = integr
  }
}
