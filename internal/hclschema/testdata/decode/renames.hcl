schema "public" {}

table "people" {
  schema       = schema.public
  renamed_from = "persons"
  column "id" {
    type = integer
  }
  column "name" {
    type         = text
    null         = true
    renamed_from = "full_name"
  }
}

view "people_names" {
  schema       = schema.public
  renamed_from = "names"
  column "name" {
    type = text
  }
  as = "SELECT name FROM public.people"
}

materialized "people_count" {
  schema       = schema.public
  renamed_from = "counts"
  column "n" {
    type = bigint
  }
  as = "SELECT count(*) AS n FROM public.people"
}
