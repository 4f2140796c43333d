# The PostgreSQL column types of Atlas's type reference, one column each.
schema "public" {}

domain "zip" {
  schema = schema.public
  type   = text
  null   = true
  check "zip_format" {
    expr = "VALUE ~ '^\\d{5}$'"
  }
}

enum "switch" {
  schema = schema.public
  values = ["on", "off"]
}

table "types" {
  schema = schema.public
  column "arr_int" {
    type = sql("int[]")
  }
  column "arr_text" {
    type = sql("text[]")
  }
  column "arr_keyword" {
    type = sql("int ARRAY")
  }
  column "arr_varchar" {
    type = sql("varchar(255)[]")
  }
  column "arr_2d" {
    type = sql("point[4][4]")
  }
  column "bit1" {
    type = bit
  }
  column "bit2" {
    type = bit(2)
  }
  column "varbit" {
    type = bit_varying
  }
  column "varbit1" {
    type = bit_varying(1)
  }
  column "flag" {
    type    = boolean
    default = true
  }
  column "blob" {
    type = bytea
  }
  column "zip" {
    type = domain.zip
  }
  column "sw" {
    type = enum.switch
  }
  column "num" {
    type = numeric
  }
  column "num5" {
    type = numeric(5)
  }
  column "num52" {
    type = decimal(5, 2)
  }
  column "r" {
    type = real
  }
  column "dp" {
    type = double_precision
  }
  column "f10" {
    type = float(10)
  }
  column "f30" {
    type = float(30)
  }
  column "geo_circle" {
    type = circle
  }
  column "geo_line" {
    type = line
  }
  column "geo_box" {
    type = box
  }
  column "geo_point" {
    type = point
  }
  column "i2" {
    type = smallint
  }
  column "i4" {
    type = integer
  }
  column "i8" {
    type    = bigint
    default = 1
  }
  column "j" {
    type = json
  }
  column "jb" {
    type = jsonb
  }
  column "cash" {
    type = money
  }
  column "ip" {
    type = inet
  }
  column "net" {
    type = cidr
  }
  column "mac" {
    type = macaddr8
  }
  column "r4" {
    type = int4range
  }
  column "rts" {
    type = tstzrange
  }
  column "mr" {
    type = datemultirange
  }
  column "s2" {
    type = smallserial
  }
  column "s8" {
    type = bigserial
  }
  column "v" {
    type = varchar
  }
  column "v255" {
    type = character_varying(255)
  }
  column "c1" {
    type = char
  }
  column "c5" {
    type = character(5)
  }
  column "tsv" {
    type = tsvector
  }
  column "tsq" {
    type = tsquery
  }
  column "id" {
    type    = uuid
    default = sql("gen_random_uuid()")
  }
  column "doc" {
    type = xml
  }
}
