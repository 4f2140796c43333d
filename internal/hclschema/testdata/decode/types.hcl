# Every spelling of a built-in type that the decoder accepts, and what
# format_type() prints for it.
schema "public" {}

enum "status" {
  schema = schema.public
  values = ["on", "off"]
}

table "types" {
  schema = schema.public
  column "a01" { type = int }
  column "a02" { type = int2 }
  column "a03" { type = int4 }
  column "a04" { type = int8 }
  column "a05" { type = smallint }
  column "a06" { type = integer }
  column "a07" { type = bigint }
  column "a08" { type = serial }
  column "a09" { type = bigserial }
  column "a10" { type = smallserial }
  column "a11" { type = real }
  column "a12" { type = float4 }
  column "a13" { type = float8 }
  column "a14" { type = double_precision }
  column "a15" { type = float(10) }
  column "a16" { type = float(40) }
  column "a17" { type = numeric }
  column "a18" { type = numeric(10) }
  column "a19" { type = decimal(10, 2) }
  column "a20" { type = bool }
  column "a21" { type = varchar }
  column "a22" { type = varchar(255) }
  column "a23" { type = character_varying(40) }
  column "a24" { type = char }
  column "a25" { type = char(8) }
  column "a26" { type = bpchar }
  column "a27" { type = bit }
  column "a28" { type = bit_varying(5) }
  column "a29" { type = varbit }
  column "a30" { type = timestamp }
  column "a31" { type = timestamp(3) }
  column "a32" { type = timestamptz }
  column "a33" { type = timestamptz(0) }
  column "a34" { type = time }
  column "a35" { type = timetz(6) }
  column "a36" { type = interval }
  column "a37" { type = interval(2) }
  column "a38" { type = TEXT }
  column "a39" { type = jsonb }
  column "a40" { type = sql("int[]") }
  column "a41" { type = sql("character varying(10)[][]") }
  column "a42" { type = sql("timestamp(3) with time zone") }
  column "a43" { type = sql("interval day to second(3)") }
  column "a44" { type = sql("public.citext") }
  column "a45" { type = enum.status }
  column "a46" { type = enum.public.status }
  column "a47" { type = sql("public.status[]") }
  column "a48" { type = sql("DOUBLE PRECISION") }
  column "a49" { type = tstzrange }
  column "a50" { type = uuid }
  # Words that name no built-in type name a user-defined type, as in Atlas.
  column "a51" { type = hstore }
  column "a52" { type = vector(3) }
  column "a53" { type = status }
  column "a54" { type = timestamp(6) }
}
