# Not supported: input variables and locals; schemactl reads schema files,
# not Atlas projects.
variable "tenant" {
  type    = string
  default = "public"
}

schema "public" {}
