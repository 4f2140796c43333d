# Atlas spells a sequence's OWNED BY column "owner" (its docs, "Sequence").
schema "public" {}

table "tickets" {
  schema = schema.public
  column "number" {
    type = int
  }
}

sequence "ticket_numbers" {
  schema    = schema.public
  type      = integer
  start     = 100
  increment = 2
  owner     = table.tickets.column.number
  comment   = "owned by a column"
}
