schema "public" {}

table "bookings" {
  schema = schema.public
  column "room" {
    type = integer
  }
  exclude "bookings_room_excl" {
    on {
      column = column.room
    }
  }
}
